package io.homeostat.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * Kills a random service with SIGKILL at random moments and starts it again after a random pause, from a seeded
 * {@link Random} so a failing run can be replayed. Runs on its own thread until stopped.
 */
final class Chaos {

    private final Pipeline pipeline;
    private final Random random;
    private final List<String> kills = new CopyOnWriteArrayList<>();
    private final long startedAt = System.nanoTime();
    private volatile boolean stopped;
    private Thread thread;
    private volatile Throwable failure;

    Chaos(Pipeline pipeline, Random random) {
        this.pipeline = pipeline;
        this.random = random;
    }

    void start() {
        thread = new Thread(this::run, "chaos");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (!stopped) {
                Await.sleep(1500 + random.nextInt(3000));
                if (stopped) {
                    return;
                }
                String victim = Pipeline.SERVICES.get(random.nextInt(Pipeline.SERVICES.size()));
                pipeline.kill(victim);
                kills.add(victim + "@" + Duration.ofNanos(System.nanoTime() - startedAt).toMillis() + "ms");
                Await.sleep(random.nextInt(2000));
                pipeline.restart(victim);
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** Lets the chaos continue until {@code enough} holds or {@code max} has passed. */
    void keepGoingUntil(BooleanSupplier enough, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!enough.getAsBoolean() && System.nanoTime() < deadline && failure == null) {
            Await.sleep(200);
        }
    }

    /** Stops after the current kill/restart; fails if the chaos thread itself failed (e.g. a service never came back). */
    void stop() throws InterruptedException {
        stopped = true;
        thread.join(Duration.ofSeconds(120).toMillis());
        if (failure != null) {
            throw new AssertionError("chaos failed: " + failure, failure);
        }
    }

    /** Which service was killed when (ms after the start), in order. */
    List<String> kills() {
        return List.copyOf(kills);
    }

    /** Any service found dead (e.g. stopped between its kill and restart) is started again. */
    void restartTheDead() throws java.io.IOException {
        for (String s : Pipeline.SERVICES) {
            if (!pipeline.service(s).isAlive()) {
                pipeline.restart(s);
            }
        }
    }
}
