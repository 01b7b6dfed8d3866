package io.homeostat.planner.listener;

import io.homeostat.model.envelope.EventCodec;
import io.homeostat.model.envelope.EventEnvelope;
import io.homeostat.model.events.EventType;
import io.homeostat.model.events.IncidentAnalyzed;
import io.homeostat.planner.policy.PolicyRules;
import io.homeostat.planner.service.ApprovalGate;
import io.homeostat.planner.service.PlanReadyEvents;
import io.homeostat.planner.service.Planning;
import io.homeostat.planner.service.RestorePlanner;
import io.homeostat.runtime.config.HomeostatConfig;
import io.homeostat.runtime.desired.DesiredState;
import io.homeostat.runtime.desired.DesiredStateSource;
import io.homeostat.runtime.provider.ProviderRegistry;
import io.homeostat.runtime.store.Approval;
import io.homeostat.runtime.store.DriftFlags;
import io.homeostat.runtime.store.Incident;
import io.homeostat.runtime.store.IncidentState;
import io.homeostat.runtime.store.IncidentStore;
import io.homeostat.runtime.store.TimelineEntry;
import io.homeostat.runtime.transport.Envelopes;
import io.homeostat.runtime.transport.HandlerOutcome;
import io.homeostat.runtime.transport.MessageHandler;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * incident.analyzed → plan of guarded typed actions → policy → incident PLANNED → plan.ready; or, when a person must
 * decide first, incident AWAITING_APPROVAL with the plan and the reasons stored and nothing emitted.
 */
@Singleton
public class IncidentAnalyzedHandler implements MessageHandler {

    private final Planning planning;
    private final HomeostatConfig config;

    @Inject
    EventCodec codec;

    @Inject
    IncidentStore incidents;

    @Inject
    DesiredStateSource desired;

    @Inject
    Envelopes envelopes;

    @Inject
    Clock clock;

    @Inject
    DriftFlags flags;

    @Inject
    PolicyRules policies;

    @Inject
    public IncidentAnalyzedHandler(ProviderRegistry providers, HomeostatConfig config) {
        this.config = config;
        this.planning = new Planning(new RestorePlanner(providers),
                new ApprovalGate(config.planner().approval().confidenceThreshold()));
    }

    @Override
    public Set<String> detailTypes() {
        return Set.of(EventType.INCIDENT_ANALYZED.detailType());
    }

    @Override
    public HandlerOutcome handle(EventEnvelope envelope) {
        IncidentAnalyzed analyzed = codec.readPayload(envelope, IncidentAnalyzed.class);
        Incident incident = incidents.find(analyzed.incidentId())
                .orElseThrow(() -> new IllegalStateException("incident " + analyzed.incidentId() + " not found"));
        if (incident.state() != IncidentState.ANALYZED) {
            return HandlerOutcome.nothing("incident already " + incident.state());
        }
        DesiredState state = desired.current();
        Planning.Outcome d = planning.plan(analyzed, state, policies.guard(state), flags::effective);
        Instant now = clock.instant();
        if (d.waits()) {
            Approval waiting = Approval.waiting(d.approvalReasons(), now, now.plus(config.planner().approval().expiry()));
            var held = new TimelineEntry(now, IncidentState.AWAITING_APPROVAL, "planner", null,
                    "plan of " + d.plan().actions().size() + " action(s) waits for approval until " + waiting.expiresAt()
                            + ": " + String.join("; ", d.approvalReasons()));
            return new HandlerOutcome(List.of(incidents.transition(incident, IncidentState.AWAITING_APPROVAL, held,
                    Map.of(IncidentStore.Field.plan, d.plan(), IncidentStore.Field.approval, waiting))), List.of(), held.note());
        }
        EventEnvelope out = envelopes.wrap(PlanReadyEvents.of(analyzed.incidentId(), analyzed.correlationId(),
                analyzed.resource(), d.plan()));
        var entry = new TimelineEntry(now, IncidentState.PLANNED, "planner", out.id(), d.plan().strategy() + ": " + d.why());
        return HandlerOutcome.of(List.of(incidents.transition(incident, IncidentState.PLANNED, entry,
                Map.of(IncidentStore.Field.plan, d.plan()))), out, d.why());
    }
}
