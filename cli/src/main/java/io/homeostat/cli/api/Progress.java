package io.homeostat.cli.api;

import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Progress of long work (a scan, a bootstrap, a replay) on stderr. {@link #live} redraws one line in place with a
 * spinner and the seconds so far, and erases it when done, so nothing of it is left in the scrollback; {@link #lines}
 * writes one line per step (for logs); {@link #off} says nothing. Never writes to stdout: results stay pipeable.
 */
public abstract class Progress implements AutoCloseable {

    /** Shows {@code step} as what is going on now. */
    public abstract void step(String step);

    @Override
    public abstract void close();

    public static Progress off() {
        return new Progress() {
            @Override
            public void step(String step) {}

            @Override
            public void close() {}
        };
    }

    public static Progress lines(PrintWriter err) {
        return new Progress() {
            @Override
            public void step(String step) {
                err.println("... " + step);
                err.flush();
            }

            @Override
            public void close() {}
        };
    }

    public static Progress live(PrintWriter err) {
        return new Live(err);
    }

    private static final class Live extends Progress {

        private static final String SPIN = "|/-\\";
        private final PrintWriter err;
        private final ScheduledExecutorService ticker;
        private final long started = System.nanoTime();
        private volatile String step = "";
        private int frame;
        private boolean closed;

        Live(PrintWriter err) {
            this.err = err;
            this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "progress");
                t.setDaemon(true); // never keeps the CLI alive
                return t;
            });
            ticker.scheduleAtFixedRate(this::draw, 0, 150, TimeUnit.MILLISECONDS);
        }

        @Override
        public void step(String step) {
            this.step = step;
        }

        private synchronized void draw() {
            if (closed) {
                return; // a tick that was already waiting for the lock when close() erased the line
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            err.print("\r\u001b[K" + SPIN.charAt(frame++ % SPIN.length()) + " " + step + " (" + seconds + "s)");
            err.flush();
        }

        @Override
        public void close() {
            ticker.shutdownNow();
            synchronized (this) {
                closed = true;
                err.print("\r\u001b[K");
                err.flush();
            }
        }
    }
}
