package io.homeostat.runtime.transport;

import io.homeostat.model.envelope.EventCodec;
import io.homeostat.model.envelope.EventEnvelope;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * PutEvents to a bus; rules (one per detail-type, see {@link Routes}) deliver to the consumers' queues in the same
 * envelope shape. EventBridge assigns its own envelope ids, which is why consumers deduplicate on the id derived from
 * the payload, not on the envelope id.
 */
public final class EventBridgePublisher implements EventPublisher {

    private final EventBridgeClient events;
    private final String bus;
    private final EventCodec codec;

    public EventBridgePublisher(EventBridgeClient events, String bus, EventCodec codec) {
        this.events = events;
        this.bus = bus;
        this.codec = codec;
    }

    @Override
    public void publish(EventEnvelope envelope) {
        PutEventsResponse r = events.putEvents(b -> b.entries(e -> e.eventBusName(bus)
                .source(envelope.source())
                .detailType(envelope.detailType())
                .detail(codec.write(envelope.detail()))
                .resources(envelope.resources())
                .time(envelope.time())));
        if (r.failedEntryCount() != null && r.failedEntryCount() > 0) {
            PutEventsResultEntry failed = r.entries().get(0);
            throw new IllegalStateException("PutEvents to bus " + bus + " failed: " + failed.errorCode() + " " + failed.errorMessage());
        }
    }
}
