package io.homeostat.executor.listener;

import io.homeostat.executor.service.PlanRunner;
import io.homeostat.model.envelope.EventCodec;
import io.homeostat.model.envelope.EventEnvelope;
import io.homeostat.model.events.EventType;
import io.homeostat.model.events.PlanReady;
import io.homeostat.model.events.RecoveryExecuted;
import io.homeostat.model.events.StepResult;
import io.homeostat.runtime.config.HomeostatConfig;
import io.homeostat.runtime.desired.DesiredStateSource;
import io.homeostat.runtime.provider.ProviderRegistry;
import io.homeostat.runtime.store.Incident;
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

/**
 * plan.ready → before-image stored (incident EXECUTING) → steps applied → incident EXECUTED → recovery.executed.
 *
 * <p>The before-image is committed on its own, before any action runs, so it survives a crash mid-plan. A plan
 * redelivered after such a crash finds the incident EXECUTING and runs again: every action is idempotent.
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
    public PlanReadyHandler(ProviderRegistry providers, HomeostatConfig config) {
        this.runner = new PlanRunner(providers, config.executor().stepAttempts(), config.executor().stepBackoff().toMillis());
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
        if (incident.state() == IncidentState.PLANNED) {
            incident = storeBeforeImage(incident, plan);
        } else if (incident.state() != IncidentState.EXECUTING) {
            return HandlerOutcome.nothing("incident already " + incident.state());
        }
        List<StepResult> steps = runner.run(plan.actions(), desired.current().find(plan.resource().logicalId()).orElse(null));
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
