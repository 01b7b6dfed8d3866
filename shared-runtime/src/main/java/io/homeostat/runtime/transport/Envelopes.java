package io.homeostat.runtime.transport;

import io.homeostat.model.envelope.EventCodec;
import io.homeostat.model.envelope.EventEnvelope;
import io.homeostat.model.envelope.EventIds;
import io.homeostat.model.events.EventType;
import io.homeostat.model.events.IncidentEvent;
import io.homeostat.runtime.config.HomeostatConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Wraps a service's payloads in envelopes with deterministic ids and its own source. */
@Singleton
public class Envelopes {

    private final EventCodec codec;
    private final String source;
    private final Clock clock;

    @Inject
    public Envelopes(EventCodec codec, HomeostatConfig config, Clock clock) {
        this(codec, config.service(), clock);
    }

    public Envelopes(EventCodec codec, String service, Clock clock) {
        this.codec = codec;
        this.source = EventType.SOURCE_PREFIX + service;
        this.clock = clock;
    }

    public EventEnvelope wrap(IncidentEvent payload) {
        String id = EventIds.forIncident(payload.incidentId(), EventType.of(payload));
        return codec.wrap(payload, id, source, payload.resource().account(), payload.resource().region(), clock.instant());
    }

    /** The id of the event of {@code type} for this incident: what {@code causationId} points at. */
    public static String idOf(String incidentId, EventType type) {
        return EventIds.forIncident(incidentId, type);
    }
}
