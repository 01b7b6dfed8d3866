package io.homeostat.e2e;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Polls until a condition yields a value, failing with a description of what never happened. */
public final class Await {

    private Await() {}

    public static <T> T until(String what, Duration timeout, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                Optional<T> v = probe.get();
                if (v.isPresent()) {
                    return v.get();
                }
            } catch (RuntimeException e) {
                last = e;
            }
            sleep(200);
        }
        throw new AssertionError("timed out after " + timeout + " waiting for: " + what
                + (last != null ? " (last error: " + last + ")" : "") + "; service logs under " + Pipeline.LOG_DIR.toAbsolutePath());
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
