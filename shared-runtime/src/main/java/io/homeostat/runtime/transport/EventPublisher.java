package io.homeostat.runtime.transport;

import io.homeostat.model.envelope.EventEnvelope;

/**
 * How a service emits the next event. Two implementations: {@link DirectSqsPublisher} (SendMessage to the queue the
 * routing table names) and {@link EventBridgePublisher} (PutEvents; bus rules route by detail-type). Publishing is
 * at-least-once; consumers deduplicate.
 */
public interface EventPublisher {

    void publish(EventEnvelope envelope);
}
