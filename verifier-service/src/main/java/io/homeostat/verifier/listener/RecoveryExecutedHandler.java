package io.homeostat.verifier.listener;

import io.homeostat.model.envelope.EventCodec;
import io.homeostat.model.envelope.EventEnvelope;
import io.homeostat.model.events.EventType;
import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.IncidentClosed;
import io.homeostat.model.events.RecoveryExecuted;
import io.homeostat.model.events.StepResult;
import io.homeostat.runtime.config.HomeostatConfig;
import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.desired.DesiredStateSource;
import io.homeostat.runtime.provider.Observation;
import io.homeostat.runtime.provider.ProviderRegistry;
import io.homeostat.runtime.store.CooldownGuard;
import io.homeostat.runtime.store.Incident;
import io.homeostat.runtime.store.IncidentState;
import io.homeostat.runtime.store.IncidentStore;
import io.homeostat.runtime.store.StoreTransactions;
import io.homeostat.runtime.store.TimelineEntry;
import io.homeostat.runtime.transport.Envelopes;
import io.homeostat.runtime.transport.HandlerOutcome;
import io.homeostat.runtime.transport.MessageHandler;
import io.homeostat.verifier.service.CompensationRunner;
import io.homeostat.verifier.service.Saga;
import io.homeostat.verifier.service.Verification;
import io.homeostat.verifier.service.VerifierMetrics;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * recovery.executed → re-read the resource, compare with desired → VERIFIED (RESOLVED), NOTIFIED, PARTIAL or FAILED.
 * A FAILED recovery whose succeeded steps all have compensations is rolled back (saga): the incident moves to
 * ROLLING_BACK first (committed on its own, so a crash mid-saga resumes it instead of judging a half-undone resource),
 * the compensations run in reverse step order, and it closes ROLLED_BACK — or ESCALATED when a compensation fails or
 * a step cannot be undone. Every closing outcome starts the cooldown and emits incident.closed; ESCALATED keeps the
 * resource's guard held (new drift is folded in, nothing loops) and emits nothing, as the incident stays open.
 */
@Singleton
public class RecoveryExecutedHandler implements MessageHandler {

    private static final Logger LOG = Logger.getLogger(RecoveryExecutedHandler.class);

    private final CompensationRunner compensations;

    @Inject
    EventCodec codec;

    @Inject
    IncidentStore incidents;

    @Inject
    StoreTransactions transactions;

    @Inject
    CooldownGuard guard;

    @Inject
    DesiredStateSource desired;

    @Inject
    ProviderRegistry providers;

    @Inject
    Envelopes envelopes;

    @Inject
    HomeostatConfig config;

    @Inject
    Clock clock;

    @Inject
    VerifierMetrics metrics;

    @Inject
    public RecoveryExecutedHandler(ProviderRegistry providers, HomeostatConfig config) {
        // Compensations retry like the executor's steps: a bounded number of tries, then escalate.
        this.compensations = new CompensationRunner(providers, config.executor().stepAttempts(), config.executor().stepBackoff().toMillis());
    }

    @Override
    public Set<String> detailTypes() {
        return Set.of(EventType.RECOVERY_EXECUTED.detailType());
    }

    @Override
    public HandlerOutcome handle(EventEnvelope envelope) {
        RecoveryExecuted executed = codec.readPayload(envelope, RecoveryExecuted.class);
        Incident incident = incidents.find(executed.incidentId())
                .orElseThrow(() -> new IllegalStateException("incident " + executed.incidentId() + " not found"));
        Optional<DesiredResource> resource = desired.current().find(executed.resource().logicalId());
        if (incident.state() == IncidentState.ROLLING_BACK) {
            return rollBack(incident, executed, resource.orElse(null)); // redelivered after a crash mid-saga
        }
        if (incident.state() != IncidentState.EXECUTED) {
            return HandlerOutcome.nothing("incident already " + incident.state());
        }
        Observation live = resource.map(r -> providers.get(r.type()).observe(r)).orElse(new Observation(true, List.of(), Map.of()));
        List<FieldDiff> remaining = live.diff();
        return switch (Verification.verdict(live, executed, incident.plan(), incident.diff())) {
            case VERIFIED -> close(incident, executed, IncidentClosed.Outcome.RESOLVED, List.of(), List.of(), "verified: matches desired");
            case NOTIFIED -> close(incident, executed, IncidentClosed.Outcome.NOTIFIED, remaining, List.of(),
                    "reported, not healed: " + paths(remaining) + " differ");
            case PARTIAL -> close(incident, executed, IncidentClosed.Outcome.PARTIAL, remaining, List.of(),
                    "partly repaired, not rolled back (nothing got worse): " + paths(remaining) + " still differ");
            case FAILED -> failed(incident, executed, remaining, resource.orElse(null));
        };
    }

    private HandlerOutcome failed(Incident incident, RecoveryExecuted executed, List<FieldDiff> remaining, DesiredResource resource) {
        Saga saga = Saga.of(incident.plan(), executed.steps());
        if (saga.nothingToUndo() && Saga.stalePlan(executed.steps())) {
            // No cooldown: the resource moved after planning (a change still going on), and waiting out a cooldown
            // would leave it drifted. The next scan or CloudTrail event opens a fresh incident planned from now.
            return close(incident, executed, IncidentClosed.Outcome.FAILED, remaining, List.of(),
                    "stale plan, nothing ran: the resource changed after planning; released for a fresh look ("
                            + paths(remaining) + " differ)", clock.instant());
        }
        if (saga.nothingToUndo()) {
            return close(incident, executed, IncidentClosed.Outcome.FAILED, remaining, List.of(),
                    "failed, nothing to undo: " + paths(remaining) + " still differ");
        }
        if (saga.escalates()) {
            return escalate(incident, remaining, List.of(), "verification failed (" + paths(remaining)
                    + " differ) and cannot be rolled back: " + saga.escalation());
        }
        var entry = new TimelineEntry(clock.instant(), IncidentState.ROLLING_BACK, "verifier", null,
                "verification failed (" + paths(remaining) + " differ); undoing " + saga.compensations().size() + " step(s)");
        transactions.commit(List.of(incidents.transition(incident, IncidentState.ROLLING_BACK, entry,
                Map.of(IncidentStore.Field.remaining, remaining))));
        Incident rollingBack = incidents.find(incident.incidentId()).orElseThrow();
        return rollBack(rollingBack, executed, resource);
    }

    private HandlerOutcome rollBack(Incident incident, RecoveryExecuted executed, DesiredResource resource) {
        Saga saga = Saga.of(incident.plan(), executed.steps());
        List<StepResult> ledger = compensations.run(saga.compensations(), resource);
        boolean undone = !saga.escalates() && ledger.stream().allMatch(s -> s.status() == StepResult.Status.SUCCEEDED);
        if (!undone) {
            String why = saga.escalates() ? saga.escalation() : ledger.stream().filter(s -> s.status() == StepResult.Status.FAILED)
                    .map(s -> "compensation of step " + s.step() + " (" + s.action() + ") failed: " + s.message()).findFirst().orElse("?");
            return escalate(incident, incident.remaining(), ledger, "rollback failed: " + why);
        }
        return close(incident, executed, IncidentClosed.Outcome.ROLLED_BACK, incident.remaining(), ledger,
                "rolled back: " + ledger.size() + " compensation(s) put the resource back as it was before the repair");
    }

    private HandlerOutcome close(Incident incident, RecoveryExecuted executed, IncidentClosed.Outcome outcome,
                                 List<FieldDiff> remaining, List<StepResult> ledger, String note) {
        return close(incident, executed, outcome, remaining, ledger, note, clock.instant().plus(config.incidents().cooldown()));
    }

    /** @param cooldownUntil until when a new incident on the resource is folded into this one */
    private HandlerOutcome close(Incident incident, RecoveryExecuted executed, IncidentClosed.Outcome outcome,
                                 List<FieldDiff> remaining, List<StepResult> ledger, String note, Instant cooldownUntil) {
        Instant now = clock.instant();
        var closed = new IncidentClosed(IncidentClosed.CURRENT_VERSION, executed.incidentId(), executed.correlationId(),
                Envelopes.idOf(executed.incidentId(), EventType.RECOVERY_EXECUTED), executed.resource(), outcome, remaining,
                incident.createdAt(), now, ledger);
        EventEnvelope out = envelopes.wrap(closed);
        IncidentState state = IncidentState.valueOf(outcome.name());
        Duration mttr = Duration.between(incident.createdAt(), now);
        var entry = new TimelineEntry(now, state, "verifier", out.id(), note + " (" + mttr.toMillis() + " ms after detection)");
        return HandlerOutcome.of(List.of(
                        incidents.transition(incident, state, entry, fields(outcome.name(), remaining, ledger)),
                        guard.close(incident.resource().key(), incident.incidentId(), cooldownUntil.toEpochMilli())),
                out, outcome.name())
                .afterCommit(() -> {
                    LOG.infof("incident %s %s: %s", incident.incidentId(), state, entry.note());
                    metrics.verdict(incident, state, mttr, !ledger.isEmpty());
                });
    }

    /** The incident stays open with its guard held: people decide; nothing retries or loops by itself. */
    private HandlerOutcome escalate(Incident incident, List<FieldDiff> remaining, List<StepResult> ledger, String note) {
        Instant now = clock.instant();
        var entry = new TimelineEntry(now, IncidentState.ESCALATED, "verifier", null, note);
        return new HandlerOutcome(List.of(incidents.transition(incident, IncidentState.ESCALATED, entry,
                fields(IncidentState.ESCALATED.name(), remaining, ledger))), List.of(), "ESCALATED")
                .afterCommit(() -> {
                    LOG.warnf("incident %s ESCALATED: %s", incident.incidentId(), note);
                    metrics.verdict(incident, IncidentState.ESCALATED, Duration.between(incident.createdAt(), now), !ledger.isEmpty());
                });
    }

    private static Map<IncidentStore.Field, Object> fields(String outcome, List<FieldDiff> remaining, List<StepResult> ledger) {
        Map<IncidentStore.Field, Object> fields = new HashMap<>(Map.of(IncidentStore.Field.outcome, outcome,
                IncidentStore.Field.remaining, remaining));
        if (!ledger.isEmpty()) {
            fields.put(IncidentStore.Field.compensations, ledger);
        }
        return fields;
    }

    private static List<String> paths(List<FieldDiff> diff) {
        return diff.stream().map(FieldDiff::path).toList();
    }
}
