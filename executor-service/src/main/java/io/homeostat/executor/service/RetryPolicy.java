package io.homeostat.executor.service;

import java.time.Duration;
import java.util.function.LongUnaryOperator;

/**
 * Tries per step and the delay between them: exponential with full jitter — a delay drawn uniformly from
 * {@code [0, min(max, base * 2^(attempt-1))]} — so replicas retrying the same throttled API spread out instead of
 * hitting it again in step.
 *
 * @param random draws a number in {@code [0, bound]} for a given bound (replaceable in tests)
 */
public record RetryPolicy(int maxAttempts, Duration base, Duration max, LongUnaryOperator random) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("step-attempts must be >= 1, got " + maxAttempts);
        }
    }

    public RetryPolicy(int maxAttempts, Duration base, Duration max) {
        this(maxAttempts, base, max, bound -> java.util.concurrent.ThreadLocalRandom.current().nextLong(bound + 1));
    }

    /** The ceiling of the delay after try {@code attempt} (counting from 1). */
    public long ceilingMillis(int attempt) {
        long doubled = base.toMillis() * (1L << Math.min(30, Math.max(0, attempt - 1)));
        return Math.min(max.toMillis(), doubled);
    }

    /** The delay after try {@code attempt}: somewhere between 0 and {@link #ceilingMillis}. */
    public long delayMillis(int attempt) {
        return random.applyAsLong(ceilingMillis(attempt));
    }
}
