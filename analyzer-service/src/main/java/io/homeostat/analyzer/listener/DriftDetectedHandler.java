package io.homeostat.analyzer.listener;

import io.homeostat.analyzer.service.RuleClassifier;
import io.homeostat.model.envelope.EventCodec;
import io.homeostat.model.envelope.EventEnvelope;
import io.homeostat.model.events.Classification;
import io.homeostat.model.events.DriftDetected;
import io.homeostat.model.events.EventType;
import io.homeostat.model.events.IncidentAnalyzed;
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

/** drift.detected → classify → incident ANALYZED → incident.analyzed. */
@Singleton
public class DriftDetectedHandler implements MessageHandler {

    private final RuleClassifier rules = new RuleClassifier();

    @Inject
    EventCodec codec;

    @Inject
    IncidentStore incidents;

    @Inject
    Envelopes envelopes;

    @Inject
    Clock clock;

    @Override
    public Set<String> detailTypes() {
        return Set.of(EventType.DRIFT_DETECTED.detailType());
    }

    @Override
    public HandlerOutcome handle(EventEnvelope envelope) {
        DriftDetected drift = codec.readPayload(envelope, DriftDetected.class);
        Incident incident = incidents.find(drift.incidentId())
                .orElseThrow(() -> new IllegalStateException("incident " + drift.incidentId() + " not found"));
        if (incident.state() != IncidentState.DETECTED) {
            return HandlerOutcome.nothing("incident already " + incident.state());
        }
        Classification c = rules.classify(drift);
        var analyzed = new IncidentAnalyzed(IncidentAnalyzed.CURRENT_VERSION, drift.incidentId(), drift.correlationId(),
                Envelopes.idOf(drift.incidentId(), EventType.DRIFT_DETECTED), drift.resource(), c, drift.diff());
        EventEnvelope out = envelopes.wrap(analyzed);
        var entry = new TimelineEntry(clock.instant(), IncidentState.ANALYZED, "analyzer", out.id(),
                c.kind() + " severity " + c.severity() + " confidence " + c.confidence() + ": " + c.rationale());
        return HandlerOutcome.of(List.of(incidents.transition(incident, IncidentState.ANALYZED, entry,
                Map.of(IncidentStore.Field.classification, c))), out, c.kind().name());
    }
}
