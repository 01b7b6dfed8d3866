package io.homeostat.runtime.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets keyed by {@code account/region/service}, so a burst of work (a scan of thousands of resources, a storm
 * of plans) never floods one AWS API: each key refills at {@code ratePerSecond} up to {@code burst} tokens. Callers
 * reserve a token and sleep outside any lock; a reservation may drive a bucket negative, which queues later callers
 * fairly behind earlier ones.
 */
public final class RateBudgets {

    /** Sleeps for a number of nanoseconds; replaceable in tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private final double ratePerSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateBudgets(double ratePerSecond, double burst) {
        this(ratePerSecond, burst, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    public RateBudgets(double ratePerSecond, double burst, LongSupplier nanoTime, Sleeper sleeper) {
        if (ratePerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("rate must be > 0 and burst >= 1 (got " + ratePerSecond + ", " + burst + ")");
        }
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    public static String key(String account, String region, String service) {
        return (account == null ? "-" : account) + "/" + (region == null ? "-" : region) + "/" + service;
    }

    /**
     * Takes one token for {@code key}, waiting as long as the budget requires.
     *
     * @return nanoseconds waited for the budget (0 when a token was there), for metrics
     */
    public long acquire(String key) throws InterruptedException {
        long wait = buckets.computeIfAbsent(key, k -> new Bucket()).reserve();
        if (wait > 0) {
            sleeper.sleepNanos(wait);
        }
        return Math.max(0, wait);
    }

    private final class Bucket {
        private double tokens = burst;
        private long last = nanoTime.getAsLong();

        /** @return nanoseconds to wait before the reserved token may be used */
        synchronized long reserve() {
            long now = nanoTime.getAsLong();
            tokens = Math.min(burst, tokens + (now - last) / 1e9 * ratePerSecond);
            last = now;
            tokens -= 1;
            return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / ratePerSecond * 1e9);
        }
    }
}
