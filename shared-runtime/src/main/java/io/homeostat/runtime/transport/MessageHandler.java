package io.homeostat.runtime.transport;

import io.homeostat.model.envelope.EventCodec;
import io.homeostat.model.envelope.EventEnvelope;
import java.util.Set;

/**
 * A service's decision logic for the one event type it consumes. It reads what it needs, decides, and returns the
 * writes and events that make up its effect; the consumer commits those writes atomically with the idempotency
 * record, then publishes, then deletes the message. Handlers never delete, publish or commit themselves.
 *
 * <p>If the commit fails because a condition no longer holds (someone else moved first), the consumer calls
 * {@link #handle} again, so a handler must decide from fresh reads each time.
 */
public interface MessageHandler {

    /** The detail-types this handler accepts; anything else arriving on its queue is dead-lettered. */
    Set<String> detailTypes();

    /**
     * Reads a message body into an envelope. The default accepts only our EventBridge-shaped envelope; a handler
     * whose queue also receives other shapes (the detector: raw CloudTrail records, log files) adapts them here.
     *
     * @throws io.homeostat.model.envelope.InvalidEventException for input that can never be processed
     */
    default EventEnvelope decode(String body, EventCodec codec) {
        return codec.readEnvelope(body);
    }

    HandlerOutcome handle(EventEnvelope envelope);
}
