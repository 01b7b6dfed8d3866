package io.homeostat.planner.listener;

import io.homeostat.model.envelope.EventCodec;
import io.homeostat.model.envelope.EventEnvelope;
import io.homeostat.model.events.EventType;
import io.homeostat.model.events.IncidentAnalyzed;
import io.homeostat.model.events.PlanReady;
import io.homeostat.planner.service.RestorePlanner;
import io.homeostat.runtime.desired.DesiredStateSource;
import io.homeostat.runtime.provider.ProviderRegistry;
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
import java.util.List;
import java.util.Map;
import java.util.Set;

/** incident.analyzed → plan of typed actions → incident PLANNED → plan.ready. */
@Singleton
public class IncidentAnalyzedHandler implements MessageHandler {

    private final RestorePlanner planner;

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
    public IncidentAnalyzedHandler(ProviderRegistry providers) {
        this.planner = new RestorePlanner(providers);
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
        RestorePlanner.Decision d = planner.plan(analyzed, desired.current());
        var resource = desired.current().find(analyzed.resource().logicalId());
        if (resource.isPresent() && !d.plan().actions().isEmpty() && flags.effective(resource.get()) == DriftFlags.Mode.PAUSED) {
            // Paused by an operator: keep the plan on the incident and wait for an approval; nothing is emitted.
            var held = new TimelineEntry(clock.instant(), IncidentState.AWAITING_APPROVAL, "planner", null,
                    "drift flag PAUSED: plan of " + d.plan().actions().size() + " action(s) waits for approval");
            return new HandlerOutcome(List.of(incidents.transition(incident, IncidentState.AWAITING_APPROVAL, held,
                    Map.of(IncidentStore.Field.plan, d.plan()))), List.of(), held.note());
        }
        var ready = new PlanReady(PlanReady.CURRENT_VERSION, analyzed.incidentId(), analyzed.correlationId(),
                Envelopes.idOf(analyzed.incidentId(), EventType.INCIDENT_ANALYZED), analyzed.resource(), d.plan().planId(),
                d.plan().strategy(), d.plan().actions());
        EventEnvelope out = envelopes.wrap(ready);
        var entry = new TimelineEntry(clock.instant(), IncidentState.PLANNED, "planner", out.id(),
                d.plan().strategy() + ": " + d.why());
        return HandlerOutcome.of(List.of(incidents.transition(incident, IncidentState.PLANNED, entry,
                Map.of(IncidentStore.Field.plan, d.plan()))), out, d.why());
    }
}
