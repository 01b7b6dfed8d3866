package io.homeostat.runtime.transport;

import io.homeostat.model.envelope.EventEnvelope;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * A handler's effect: conditional writes committed in one transaction (with the idempotency record), then the
 * events to emit. {@code note} says in a few words what was decided, for logs. {@code afterCommit} runs once the
 * writes are durable (metrics), never for a decision that lost a race.
 *
 * <p>{@code deferFor} set (see {@link #defer}): the event cannot be handled yet and should come back later; nothing is
 * written or emitted, and the wait does not count as a failed attempt.
 */
public record HandlerOutcome(List<TransactWriteItem> writes, List<EventEnvelope> emits, String note, Runnable afterCommit,
                             Duration deferFor) {

    public HandlerOutcome {
        writes = List.copyOf(writes);
        emits = List.copyOf(emits);
        afterCommit = afterCommit == null ? () -> { } : afterCommit;
        if (deferFor != null && (!writes.isEmpty() || !emits.isEmpty())) {
            throw new IllegalArgumentException("a deferred outcome writes and emits nothing");
        }
    }

    public HandlerOutcome(List<TransactWriteItem> writes, List<EventEnvelope> emits, String note, Runnable afterCommit) {
        this(writes, emits, note, afterCommit, null);
    }

    public HandlerOutcome(List<TransactWriteItem> writes, List<EventEnvelope> emits, String note) {
        this(writes, emits, note, null);
    }

    public static HandlerOutcome of(List<TransactWriteItem> writes, EventEnvelope emit, String note) {
        return new HandlerOutcome(writes, List.of(emit), note);
    }

    /** Nothing to change: the event is acknowledged (for example a stale or duplicate one). */
    public static HandlerOutcome nothing(String note) {
        return new HandlerOutcome(List.of(), List.of(), note);
    }

    /**
     * Not now: the message comes back after {@code delay} as a fresh delivery (the consumer re-sends it, then deletes
     * this one), so waiting — for a circuit breaker to close, for a slot — never uses up the attempts that lead to the
     * DLQ. The handler must not have changed anything.
     */
    public static HandlerOutcome defer(Duration delay, String note) {
        return new HandlerOutcome(List.of(), List.of(), note, null, delay);
    }

    public boolean deferred() {
        return deferFor != null;
    }

    /**
     * Several decisions committed as one (an event that touched several resources): every write and every emit, in
     * order, the notes joined with {@code "; "}, and each {@code afterCommit} run in turn. One outcome is returned as
     * it is. The writes still go into a single transaction, so callers keep their number small (DynamoDB allows 100
     * items per transaction).
     */
    public static HandlerOutcome all(List<HandlerOutcome> outcomes) {
        if (outcomes.size() == 1) {
            return outcomes.get(0);
        }
        if (outcomes.stream().anyMatch(HandlerOutcome::deferred)) {
            // One event is deferred whole or not at all: a partial wait would commit the rest without it.
            throw new IllegalArgumentException("a deferred outcome cannot be combined with others");
        }
        List<TransactWriteItem> writes = new java.util.ArrayList<>();
        List<EventEnvelope> emits = new java.util.ArrayList<>();
        List<String> notes = new java.util.ArrayList<>();
        List<Runnable> after = new java.util.ArrayList<>();
        for (HandlerOutcome o : outcomes) {
            writes.addAll(o.writes());
            emits.addAll(o.emits());
            notes.add(o.note());
            after.add(o.afterCommit());
        }
        return new HandlerOutcome(writes, emits, String.join("; ", notes), () -> after.forEach(Runnable::run));
    }

    public HandlerOutcome afterCommit(Runnable action) {
        return new HandlerOutcome(writes, emits, note, action, deferFor);
    }
}
