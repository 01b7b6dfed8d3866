package io.homeostat.runtime.transport;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with equal jitter, in whole seconds because that is what SQS visibility takes. */
public record Backoff(Duration base, Duration max) {

    /** Delay before delivery {@code attempt + 1}, attempt counting from 1. */
    public int delaySeconds(int attempt) {
        // SQS caps visibility at 12 h; at least 1 s so a retry never spins.
        return (int) Math.max(1, Math.min(43_200, Math.round(delayMillis(attempt) / 1000.0)));
    }

    /** The same delay in milliseconds, for in-process retries. */
    public long delayMillis(int attempt) {
        long ceiling = Math.min(max.toMillis(), base.toMillis() * (1L << Math.min(20, Math.max(0, attempt - 1))));
        long half = ceiling / 2;
        return half + ThreadLocalRandom.current().nextLong(half + 1);
    }
}
