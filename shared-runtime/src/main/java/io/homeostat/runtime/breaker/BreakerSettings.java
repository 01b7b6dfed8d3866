package io.homeostat.runtime.breaker;

import java.time.Duration;

/**
 * Thresholds of the shared circuit breaker.
 *
 * @param failureThreshold executions failing in the cloud within {@code window} that open the breaker
 * @param window how far back failures count
 * @param openDuration how long the breaker stays open before it lets probes through (half-open)
 * @param maxInFlight executions running at once across all replicas; more wait
 * @param halfOpenProbes executions let through while half-open; their outcome closes or re-opens the breaker
 * @param lease how long a running execution holds its slot; a replica that dies mid-plan frees it when this runs out
 */
public record BreakerSettings(int failureThreshold, Duration window, Duration openDuration, int maxInFlight,
                              int halfOpenProbes, Duration lease) {

    public BreakerSettings {
        if (failureThreshold < 1 || maxInFlight < 1 || halfOpenProbes < 1) {
            throw new IllegalArgumentException("breaker failure-threshold, max-in-flight and half-open-probes must be >= 1 (got "
                    + failureThreshold + ", " + maxInFlight + ", " + halfOpenProbes + ")");
        }
        if (window.isNegative() || window.isZero() || openDuration.isNegative() || lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("breaker window and lease must be > 0 and open-duration >= 0");
        }
    }
}
