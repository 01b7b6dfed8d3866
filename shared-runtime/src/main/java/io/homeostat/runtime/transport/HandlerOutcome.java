package io.homeostat.runtime.transport;

import io.homeostat.model.envelope.EventEnvelope;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * A handler's effect: conditional writes committed in one transaction (with the idempotency record), then the
 * events to emit. {@code note} says in a few words what was decided, for logs.
 */
public record HandlerOutcome(List<TransactWriteItem> writes, List<EventEnvelope> emits, String note) {

    public HandlerOutcome {
        writes = List.copyOf(writes);
        emits = List.copyOf(emits);
    }

    public static HandlerOutcome of(List<TransactWriteItem> writes, EventEnvelope emit, String note) {
        return new HandlerOutcome(writes, List.of(emit), note);
    }

    /** Nothing to change: the event is acknowledged (for example a stale or duplicate one). */
    public static HandlerOutcome nothing(String note) {
        return new HandlerOutcome(List.of(), List.of(), note);
    }
}
