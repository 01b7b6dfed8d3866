package io.homeostat.executor.breaker;

import io.homeostat.model.envelope.EventCodec;
import io.homeostat.model.events.StepResult;
import io.homeostat.runtime.breaker.BreakerPolicy;
import io.homeostat.runtime.breaker.BreakerSettings;
import io.homeostat.runtime.breaker.BreakerState;
import io.homeostat.runtime.breaker.SharedCircuitBreaker;
import io.homeostat.runtime.config.HomeostatConfig;
import io.homeostat.runtime.store.Tables;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The executor's gate in front of every plan: the circuit breaker all replicas share, with its metrics.
 *
 * <ul>
 *   <li>{@code homeostat_executor_breaker_state{state}}: 1 for the current state (closed, half_open, open), 0 for the
 *       others — read from the shared item, so every replica shows the same state;</li>
 *   <li>{@code homeostat_executor_breaker_in_flight}: plans running across all replicas;</li>
 *   <li>{@code homeostat_executor_breaker_transitions_total{from,to}}: changes this replica made;</li>
 *   <li>{@code homeostat_executor_plans_deferred_total}: plans sent back to wait.</li>
 * </ul>
 */
@Singleton
public class ExecutorBreaker {

    /** The one breaker item all executor replicas share. */
    public static final String NAME = "executor";
    /** Scrapes and health checks within this long reuse the last read. */
    private static final long VIEW_TTL_MILLIS = 1000;

    private final SharedCircuitBreaker breaker;
    private final Clock clock;
    private final MeterRegistry registry;
    private volatile BreakerState lastView;
    private volatile long lastViewAt;

    @Inject
    public ExecutorBreaker(DynamoDbClient dynamo, Tables tables, HomeostatConfig config, Clock clock, EventCodec codec,
                           MeterRegistry registry) {
        HomeostatConfig.Executor.Breaker b = config.executor().breaker();
        BreakerSettings settings = new BreakerSettings(b.failureThreshold(), b.window(), b.openDuration(), b.maxInFlight(),
                b.halfOpenProbes(), b.lease());
        this.clock = clock;
        this.registry = registry;
        this.breaker = new SharedCircuitBreaker(dynamo, tables.breakers(), NAME, new BreakerPolicy(settings), clock, codec.mapper())
                .onChange((from, to, state) -> {
                    remember(state);
                    Counter.builder("homeostat.executor.breaker.transitions").tag("from", label(from)).tag("to", label(to))
                            .description("circuit breaker state changes made by this replica").register(registry).increment();
                });
        for (BreakerState.Status s : BreakerState.Status.values()) {
            Gauge.builder("homeostat.executor.breaker.state", this, me -> me.viewOrNull() != null && me.viewOrNull().status() == s ? 1 : 0)
                    .tag("state", label(s)).description("shared circuit breaker state (1 = current)").register(registry);
        }
        Gauge.builder("homeostat.executor.breaker.in.flight", this, me -> me.viewOrNull() == null ? Double.NaN : me.viewOrNull().inFlight().size())
                .description("plans executing across all executor replicas").register(registry);
    }

    /** May the plan of {@code incidentId} run now? A {@link BreakerPolicy.Granted} must be {@link #release}d. */
    public BreakerPolicy.Decision acquire(String incidentId) {
        BreakerPolicy.Decision d = breaker.acquire(incidentId);
        remember(d.next());
        if (d instanceof BreakerPolicy.Denied) {
            Counter.builder("homeostat.executor.plans.deferred").description("plans sent back to wait (breaker open, half-open or max in-flight)")
                    .register(registry).increment();
        }
        return d;
    }

    /** The plan of {@code incidentId} ended with these step results. */
    public void release(String incidentId, List<StepResult> steps) {
        remember(breaker.release(incidentId, outcome(steps)));
    }

    /** The plan of {@code incidentId} ended without a result (an exception): frees its slot, decides nothing. */
    public void releaseNeutral(String incidentId) {
        remember(breaker.release(incidentId, BreakerPolicy.Outcome.NEUTRAL));
    }

    /** What the breaker learns from a plan: a step that failed in the cloud is a failure; all-succeeded a success. */
    static BreakerPolicy.Outcome outcome(List<StepResult> steps) {
        if (steps.stream().anyMatch(StepResult::failedInTheCloud)) {
            return BreakerPolicy.Outcome.FAILED;
        }
        boolean calledAndSucceeded = !steps.isEmpty() && steps.stream().allMatch(s -> s.status() == StepResult.Status.SUCCEEDED);
        return calledAndSucceeded ? BreakerPolicy.Outcome.SUCCEEDED : BreakerPolicy.Outcome.NEUTRAL;
    }

    /** The shared state now (reads DynamoDB at most once a second). */
    public BreakerState view() {
        if (lastView == null || clock.millis() - lastViewAt > VIEW_TTL_MILLIS) {
            remember(breaker.view());
        }
        return lastView;
    }

    public BreakerSettings settings() {
        return breaker.settings();
    }

    private BreakerState viewOrNull() {
        try {
            return view();
        } catch (RuntimeException e) {
            return null; // the table is unreachable: the gauges show NaN/0, readiness reports it
        }
    }

    private void remember(BreakerState state) {
        lastView = state;
        lastViewAt = clock.millis();
    }

    public static String label(BreakerState.Status s) {
        return s.name().toLowerCase(Locale.ROOT);
    }
}
