package io.homeostat.runtime.breaker;

import io.homeostat.runtime.breaker.BreakerState.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The breaker's decisions as pure functions of (state, event, time), so every transition is tested without a
 * database; {@link SharedCircuitBreaker} stores what they return with a conditional write.
 *
 * <pre>
 * CLOSED    --failure-threshold cloud failures within window-->  OPEN
 * OPEN      --open-duration passed (seen on the next read)----->  HALF_OPEN
 * HALF_OPEN --a probe succeeds-------------------------------->  CLOSED (failures forgotten)
 * HALF_OPEN --a probe fails in the cloud---------------------->  OPEN (again for open-duration)
 * </pre>
 *
 * Executions that started while closed and end after the breaker opened change nothing more: the probes decide.
 */
public final class BreakerPolicy {

    /** How an execution ended, as far as the breaker cares. */
    public enum Outcome {
        /** Every call it made succeeded. */
        SUCCEEDED,
        /** A cloud call failed (after its retries): evidence the cloud is unwell. */
        FAILED,
        /** Nothing the cloud did decided it (a refused step, nothing to run): neither closes nor opens. */
        NEUTRAL
    }

    /** The answer to "may this execution run now?" and the state to store. */
    public sealed interface Decision {
        BreakerState next();
    }

    /** Go ahead; {@code probe} when it is a half-open probe whose outcome decides the breaker. */
    public record Granted(BreakerState next, boolean probe) implements Decision {}

    /** Wait: come back after {@code retryAfter}. {@code reason} says why, for logs and timelines. */
    public record Denied(BreakerState next, String reason, Duration retryAfter) implements Decision {}

    private final BreakerSettings settings;

    public BreakerPolicy(BreakerSettings settings) {
        this.settings = settings;
    }

    public BreakerSettings settings() {
        return settings;
    }

    /**
     * The state as of {@code now}: expired leases and old failures dropped, OPEN turned HALF_OPEN once its time is up.
     * Used both before deciding and for read-only views (gauge, health).
     */
    public BreakerState current(BreakerState s, long now) {
        List<Long> failures = s.failures().stream().filter(t -> t > now - settings.window().toMillis()).toList();
        Map<String, Long> inFlight = live(s.inFlight(), now);
        Map<String, Long> probes = live(s.probes(), now);
        Status status = s.status();
        long changed = s.changedAtMillis();
        if (status == Status.OPEN && now >= s.openedAtMillis() + settings.openDuration().toMillis()) {
            status = Status.HALF_OPEN;
            probes = Map.of();
            changed = now;
        }
        return s.with(status, s.openedAtMillis(), failures, inFlight, probes, changed);
    }

    /** Whether execution {@code id} may start now. Asking again for a running id renews its lease. */
    public Decision acquire(BreakerState stored, String id, long now) {
        BreakerState s = current(stored, now);
        long leaseEnd = now + settings.lease().toMillis();
        if (s.probes().containsKey(id)) {
            return new Granted(s.with(s.status(), s.openedAtMillis(), s.failures(), put(s.inFlight(), id, leaseEnd),
                    put(s.probes(), id, leaseEnd), s.changedAtMillis()), true);
        }
        if (s.inFlight().containsKey(id)) {
            return new Granted(s.with(s.status(), s.openedAtMillis(), s.failures(), put(s.inFlight(), id, leaseEnd),
                    s.probes(), s.changedAtMillis()), false);
        }
        return switch (s.status()) {
            case OPEN -> new Denied(s, "circuit breaker open since " + java.time.Instant.ofEpochMilli(s.openedAtMillis()),
                    Duration.ofMillis(Math.max(1000, s.openedAtMillis() + settings.openDuration().toMillis() - now)));
            case HALF_OPEN -> s.probes().size() < settings.halfOpenProbes()
                    ? new Granted(s.with(s.status(), s.openedAtMillis(), s.failures(), put(s.inFlight(), id, leaseEnd),
                            put(s.probes(), id, leaseEnd), s.changedAtMillis()), true)
                    : new Denied(s, "circuit breaker half-open: " + s.probes().size() + " probe(s) running", recheck());
            case CLOSED -> s.inFlight().size() < settings.maxInFlight()
                    ? new Granted(s.with(s.status(), s.openedAtMillis(), s.failures(), put(s.inFlight(), id, leaseEnd),
                            s.probes(), s.changedAtMillis()), false)
                    : new Denied(s, s.inFlight().size() + " execution(s) in flight (max-in-flight " + settings.maxInFlight() + ")",
                            recheck());
        };
    }

    /** Execution {@code id} ended with {@code outcome}. */
    public BreakerState release(BreakerState stored, String id, Outcome outcome, long now) {
        BreakerState s = current(stored, now);
        boolean probe = s.probes().containsKey(id);
        Map<String, Long> inFlight = remove(s.inFlight(), id);
        Map<String, Long> probes = remove(s.probes(), id);
        if (probe && s.status() == Status.HALF_OPEN) {
            return switch (outcome) {
                case SUCCEEDED -> s.with(Status.CLOSED, s.openedAtMillis(), List.of(), inFlight, Map.of(), now);
                case FAILED -> s.with(Status.OPEN, now, s.failures(), inFlight, Map.of(), now);
                case NEUTRAL -> s.with(s.status(), s.openedAtMillis(), s.failures(), inFlight, probes, s.changedAtMillis());
            };
        }
        if (outcome == Outcome.FAILED && s.status() == Status.CLOSED) {
            List<Long> failures = new ArrayList<>(s.failures());
            failures.add(now);
            if (failures.size() >= settings.failureThreshold()) {
                return s.with(Status.OPEN, now, failures, inFlight, probes, now);
            }
            return s.with(s.status(), s.openedAtMillis(), failures, inFlight, probes, s.changedAtMillis());
        }
        return s.with(s.status(), s.openedAtMillis(), s.failures(), inFlight, probes, s.changedAtMillis());
    }

    /** How long a plan waits when it was turned away for a reason other than an open breaker. */
    private Duration recheck() {
        return Duration.ofMillis(Math.max(1000, Math.min(settings.openDuration().toMillis(), 5000)));
    }

    private static Map<String, Long> live(Map<String, Long> leases, long now) {
        Map<String, Long> out = new HashMap<>();
        leases.forEach((id, until) -> {
            if (until > now) {
                out.put(id, until);
            }
        });
        return out;
    }

    private static Map<String, Long> put(Map<String, Long> m, String id, long until) {
        Map<String, Long> out = new HashMap<>(m);
        out.put(id, until);
        return out;
    }

    private static Map<String, Long> remove(Map<String, Long> m, String id) {
        Map<String, Long> out = new HashMap<>(m);
        out.remove(id);
        return out;
    }
}
