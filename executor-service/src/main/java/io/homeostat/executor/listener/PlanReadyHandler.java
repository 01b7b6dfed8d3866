package io.homeostat.executor.listener;

import io.homeostat.executor.breaker.ExecutorBreaker;
import io.homeostat.executor.service.CallBudget;
import io.homeostat.executor.service.CallLedger;
import io.homeostat.executor.service.PlanRunner;
import io.homeostat.executor.service.RetryPolicy;
import io.homeostat.model.envelope.EventCodec;
import io.homeostat.model.envelope.EventEnvelope;
import io.homeostat.model.events.EventType;
import io.homeostat.model.events.PlanReady;
import io.homeostat.model.events.RecoveryExecuted;
import io.homeostat.model.events.StepResult;
import io.homeostat.runtime.config.HomeostatConfig;
import io.homeostat.runtime.breaker.BreakerPolicy;
import io.homeostat.runtime.desired.DesiredStateSource;
import io.homeostat.runtime.provider.ProviderRegistry;
import io.homeostat.runtime.ratelimit.RateBudgets;
import io.homeostat.runtime.store.Incident;
import io.homeostat.runtime.store.IncidentLedger;
import io.homeostat.runtime.store.IncidentState;
import io.homeostat.runtime.store.IncidentStore;
import io.homeostat.runtime.store.StoreTransactions;
import io.homeostat.runtime.store.TimelineEntry;
import io.homeostat.runtime.transport.Envelopes;
import io.homeostat.runtime.transport.HandlerOutcome;
import io.homeostat.runtime.transport.MessageHandler;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * plan.ready → before-image stored (incident EXECUTING) → steps applied → incident EXECUTED → recovery.executed.
 *
 * <p>A plan that would touch the cloud first asks the shared circuit breaker: while it is open (or max-in-flight plans
 * are running) the plan is deferred — it waits on the queue and comes back, never dropped, never dead-lettered. The
 * before-image is committed on its own, before any action runs, so it survives a crash mid-plan; every call is in the
 * incident's ledger. A plan redelivered after such a crash finds the incident EXECUTING and runs again: every action
 * is idempotent, and the calls repeat their client request tokens.
 */
@Singleton
public class PlanReadyHandler implements MessageHandler {

    private final PlanRunner runner;

    @Inject
    EventCodec codec;

    @Inject
    IncidentStore incidents;

    @Inject
    StoreTransactions transactions;

    @Inject
    DesiredStateSource desired;

    @Inject
    ProviderRegistry providers;

    @Inject
    Envelopes envelopes;

    @Inject
    Clock clock;

    @Inject
    MeterRegistry metrics;

    @Inject
    IncidentLedger ledger;

    @Inject
    ExecutorBreaker breaker;

    @Inject
    public PlanReadyHandler(ProviderRegistry providers, HomeostatConfig config, MeterRegistry registry, Clock clock) {
        HomeostatConfig.Executor e = config.executor();
        this.runner = new PlanRunner(providers, new RetryPolicy(e.stepAttempts(), e.stepBackoff(), e.stepBackoffMax()),
                new CallBudget(new RateBudgets(e.callRate(), e.callBurst()), registry), Thread::sleep, clock);
    }

    @Override
    public Set<String> detailTypes() {
        return Set.of(EventType.PLAN_READY.detailType());
    }

    @Override
    public HandlerOutcome handle(EventEnvelope envelope) {
        PlanReady plan = codec.readPayload(envelope, PlanReady.class);
        Incident incident = incidents.find(plan.incidentId())
                .orElseThrow(() -> new IllegalStateException("incident " + plan.incidentId() + " not found"));
        if (incident.state() != IncidentState.PLANNED && incident.state() != IncidentState.EXECUTING) {
            return HandlerOutcome.nothing("incident already " + incident.state());
        }
        List<StepResult> steps;
        if (plan.actions().isEmpty()) {
            steps = List.of(); // nothing to apply: no reason to ask the breaker
            if (incident.state() == IncidentState.PLANNED) {
                incident = storeBeforeImage(incident, plan);
            }
        } else {
            BreakerPolicy.Decision admitted = breaker.acquire(plan.incidentId());
            if (admitted instanceof BreakerPolicy.Denied denied) {
                // Wait on the queue, not in a thread: the incident stays PLANNED (or EXECUTING after a crash) and the
                // plan comes back as a fresh message, without using up its attempts.
                long jitter = ThreadLocalRandom.current().nextLong(1000);
                return HandlerOutcome.defer(denied.retryAfter().plusMillis(jitter), "waiting: " + denied.reason());
            }
            try {
                if (incident.state() == IncidentState.PLANNED) {
                    incident = storeBeforeImage(incident, plan);
                }
                steps = runner.run(new PlanRunner.Execution(plan.incidentId(), plan.resource().account(), plan.resource().region(),
                        plan.actions(), desired.current().find(plan.resource().logicalId()).orElse(null),
                        incident.beforeImage(), ledgerOf(plan.incidentId())));
            } catch (RuntimeException e) {
                breaker.releaseNeutral(plan.incidentId());
                throw e;
            }
            breaker.release(plan.incidentId(), steps);
        }
        var executed = new RecoveryExecuted(RecoveryExecuted.CURRENT_VERSION, plan.incidentId(), plan.correlationId(),
                Envelopes.idOf(plan.incidentId(), EventType.PLAN_READY), plan.resource(), plan.planId(), steps);
        EventEnvelope out = envelopes.wrap(executed);
        long failed = steps.stream().filter(s -> s.status() == StepResult.Status.FAILED).count();
        var entry = new TimelineEntry(clock.instant(), IncidentState.EXECUTED, "executor", out.id(),
                steps.isEmpty() ? "nothing to run (" + plan.strategy() + ")" : steps.size() + " step(s), " + failed + " failed");
        return HandlerOutcome.of(List.of(incidents.transition(incident, IncidentState.EXECUTED, entry,
                        Map.of(IncidentStore.Field.steps, steps))), out, entry.note())
                .afterCommit(() -> steps.forEach(s -> metrics.counter("homeostat.executor.steps", "action", s.action(),
                        "status", s.status().name()).increment()));
    }

    /** Each call is appended to the incident's ledger before it is made, and completed in place afterwards. */
    private CallLedger ledgerOf(String incidentId) {
        return calling -> {
            IncidentLedger.Pending pending = ledger.append(incidentId, calling);
            return outcome -> ledger.complete(pending, outcome);
        };
    }

    private Incident storeBeforeImage(Incident incident, PlanReady plan) {
        Map<String, String> before = desired.current().find(plan.resource().logicalId())
                .map(r -> providers.get(r.type()).observe(r).actual())
                .orElse(Map.of());
        var entry = new TimelineEntry(clock.instant(), IncidentState.EXECUTING, "executor", null,
                "before-image kept (" + before.size() + " field(s)); running " + plan.actions().size() + " step(s)");
        transactions.commit(List.of(incidents.transition(incident, IncidentState.EXECUTING, entry,
                Map.of(IncidentStore.Field.beforeImage, before))));
        return incidents.find(incident.incidentId()).orElseThrow();
    }
}
