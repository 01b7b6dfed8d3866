package io.homeostat.analyzer.listener;

import io.homeostat.analyzer.bedrock.SecondOpinion;
import io.homeostat.analyzer.service.IncidentAnalysis;
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

/**
 * drift.detected → classify (rules, history, optional second opinion) → incident ANALYZED with its verdict, change
 * signature and similar incidents → incident.analyzed.
 */
@Singleton
public class DriftDetectedHandler implements MessageHandler {

    @Inject
    EventCodec codec;

    @Inject
    IncidentStore incidents;

    @Inject
    IncidentAnalysis analysis;

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
        IncidentAnalysis.Outcome result = analysis.analyze(drift, incident);
        Classification c = result.classification();
        var analyzed = new IncidentAnalyzed(IncidentAnalyzed.CURRENT_VERSION, drift.incidentId(), drift.correlationId(),
                Envelopes.idOf(drift.incidentId(), EventType.DRIFT_DETECTED), drift.resource(), c, drift.diff());
        EventEnvelope out = envelopes.wrap(analyzed);
        String secondOpinion = SecondOpinion.DISABLED.equals(result.secondOpinion()) ? ""
                : " [second opinion: " + result.secondOpinion() + "]";
        var entry = new TimelineEntry(clock.instant(), IncidentState.ANALYZED, "analyzer", out.id(),
                c.kind() + " severity " + c.severity() + " confidence " + c.confidence() + " by " + c.analyzer() + ": "
                        + c.rationale() + secondOpinion);
        return HandlerOutcome.of(List.of(incidents.transition(incident, IncidentState.ANALYZED, entry, Map.of(
                        IncidentStore.Field.classification, c,
                        IncidentStore.Field.signature, result.signature(),
                        IncidentStore.Field.similar, result.similar()))),
                out, c.kind().name());
    }
}
