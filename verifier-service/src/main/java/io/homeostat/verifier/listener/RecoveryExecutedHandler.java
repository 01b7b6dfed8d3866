package io.homeostat.verifier.listener;

import io.homeostat.model.envelope.EventCodec;
import io.homeostat.model.envelope.EventEnvelope;
import io.homeostat.model.events.EventType;
import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.IncidentClosed;
import io.homeostat.model.events.RecoveryExecuted;
import io.homeostat.runtime.config.HomeostatConfig;
import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.desired.DesiredStateSource;
import io.homeostat.runtime.provider.Observation;
import io.homeostat.runtime.provider.ProviderRegistry;
import io.homeostat.runtime.store.CooldownGuard;
import io.homeostat.runtime.store.Incident;
import io.homeostat.runtime.store.IncidentState;
import io.homeostat.runtime.store.IncidentStore;
import io.homeostat.runtime.store.TimelineEntry;
import io.homeostat.runtime.transport.Envelopes;
import io.homeostat.runtime.transport.HandlerOutcome;
import io.homeostat.runtime.transport.MessageHandler;
import io.homeostat.verifier.service.Verification;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * recovery.executed → re-read the resource, compare with desired → incident RESOLVED / NOTIFIED / FAILED, cooldown
 * started on the resource's guard → incident.closed.
 */
@Singleton
public class RecoveryExecutedHandler implements MessageHandler {

    private static final Logger LOG = Logger.getLogger(RecoveryExecutedHandler.class);

    @Inject
    EventCodec codec;

    @Inject
    IncidentStore incidents;

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
    MeterRegistry metrics;

    @Override
    public Set<String> detailTypes() {
        return Set.of(EventType.RECOVERY_EXECUTED.detailType());
    }

    @Override
    public HandlerOutcome handle(EventEnvelope envelope) {
        RecoveryExecuted executed = codec.readPayload(envelope, RecoveryExecuted.class);
        Incident incident = incidents.find(executed.incidentId())
                .orElseThrow(() -> new IllegalStateException("incident " + executed.incidentId() + " not found"));
        if (incident.state() != IncidentState.EXECUTED) {
            return HandlerOutcome.nothing("incident already " + incident.state());
        }
        Optional<DesiredResource> resource = desired.current().find(executed.resource().logicalId());
        Observation live = resource.map(r -> providers.get(r.type()).observe(r)).orElse(new Observation(true, List.of(), Map.of()));
        IncidentClosed.Outcome outcome = Verification.outcome(live, executed, incident.plan());
        List<FieldDiff> remaining = live.diff();
        var now = clock.instant();
        var closed = new IncidentClosed(IncidentClosed.CURRENT_VERSION, executed.incidentId(), executed.correlationId(),
                Envelopes.idOf(executed.incidentId(), EventType.RECOVERY_EXECUTED), executed.resource(), outcome, remaining,
                incident.createdAt(), now);
        EventEnvelope out = envelopes.wrap(closed);
        IncidentState state = switch (outcome) {
            case RESOLVED -> IncidentState.RESOLVED;
            case NOTIFIED -> IncidentState.NOTIFIED;
            case FAILED -> IncidentState.FAILED;
        };
        Duration mttr = Duration.between(incident.createdAt(), now);
        var entry = new TimelineEntry(now, state, "verifier", out.id(), remaining.isEmpty()
                ? "verified: matches desired (" + mttr.toMillis() + " ms after detection)"
                : remaining.size() + " field(s) still differ: " + remaining.stream().map(FieldDiff::path).toList());
        String kind = incident.classification() == null ? "UNKNOWN" : incident.classification().kind().name();
        return HandlerOutcome.of(List.of(
                        incidents.transition(incident, state, entry, Map.of(IncidentStore.Field.outcome, outcome.name(),
                                IncidentStore.Field.remaining, remaining)),
                        guard.close(incident.resource().key(), incident.incidentId(),
                                now.plus(config.incidents().cooldown()).toEpochMilli())),
                out, outcome.name())
                .afterCommit(() -> {
                    LOG.infof("incident %s %s: %s", incident.incidentId(), state, entry.note());
                    metrics.counter("homeostat.incidents.closed", "outcome", outcome.name(), "class", kind).increment();
                    Timer.builder("homeostat.incident.mttr").description("detection to verification")
                            .publishPercentileHistogram().tag("class", kind).register(metrics).record(mttr);
                });
    }
}
