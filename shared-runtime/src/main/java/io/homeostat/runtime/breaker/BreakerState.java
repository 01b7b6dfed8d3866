package io.homeostat.runtime.breaker;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The shared breaker's state as stored in DynamoDB, with the {@code version} every write is conditional on.
 *
 * @param openedAtMillis when it last opened (0 = never)
 * @param failures when recent executions failed in the cloud (epoch millis, oldest first), pruned to the window
 * @param inFlight running executions (execution id → lease end, epoch millis)
 * @param probes the executions let through while half-open (execution id → lease end); a subset of nothing else
 * @param changedAtMillis when {@code status} last changed
 */
public record BreakerState(Status status, long version, long openedAtMillis, List<Long> failures,
                           Map<String, Long> inFlight, Map<String, Long> probes, long changedAtMillis) {

    public enum Status {
        CLOSED,
        HALF_OPEN,
        OPEN;

        /** The gauge value: 0 closed, 1 half-open, 2 open. */
        public int gauge() {
            return ordinal();
        }
    }

    public BreakerState {
        failures = failures == null ? List.of() : List.copyOf(failures);
        inFlight = inFlight == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(inFlight));
        probes = probes == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(probes));
    }

    /** Before anything was ever written: closed, nothing running. */
    public static BreakerState initial() {
        return new BreakerState(Status.CLOSED, 0, 0, List.of(), Map.of(), Map.of(), 0);
    }

    BreakerState with(Status status, long openedAtMillis, List<Long> failures, Map<String, Long> inFlight,
                      Map<String, Long> probes, long changedAtMillis) {
        return new BreakerState(status, version, openedAtMillis, failures, inFlight, probes, changedAtMillis);
    }
}
