package io.homeostat.runtime.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.homeostat.model.envelope.EventEnvelope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** {@link HandlerOutcome#all}: several decisions committed as one. */
class HandlerOutcomeTest {

    private static TransactWriteItem write(String table) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).build()).build();
    }

    private static EventEnvelope emit(String id) {
        return new EventEnvelope(EventEnvelope.ENVELOPE_VERSION, id, "t", "s", null, Instant.EPOCH, null, List.of(),
                JsonNodeFactory.instance.objectNode());
    }

    @Test
    void everyWriteEmitNoteAndAfterCommitInOrder() {
        List<String> ran = new ArrayList<>();
        HandlerOutcome a = new HandlerOutcome(List.of(write("a1"), write("a2")), List.of(emit("e1")), "opened a", () -> ran.add("a"));
        HandlerOutcome b = HandlerOutcome.nothing("ignored: b");
        HandlerOutcome c = new HandlerOutcome(List.of(write("c1")), List.of(emit("e2")), "folded c", () -> ran.add("c"));

        HandlerOutcome all = HandlerOutcome.all(List.of(a, b, c));

        assertEquals(List.of("a1", "a2", "c1"), all.writes().stream().map(w -> w.put().tableName()).toList());
        assertEquals(List.of("e1", "e2"), all.emits().stream().map(EventEnvelope::id).toList());
        assertEquals("opened a; ignored: b; folded c", all.note());
        assertEquals(List.of(), ran, "nothing runs before the commit");
        all.afterCommit().run();
        assertEquals(List.of("a", "c"), ran);
    }

    @Test
    void aDeferredOutcomeIsNeverMergedIntoOthers() {
        HandlerOutcome wait = HandlerOutcome.defer(java.time.Duration.ofSeconds(5), "breaker open");
        assertTrue(wait.deferred());
        assertEquals(List.of(), wait.writes());
        assertThrows(IllegalArgumentException.class, () -> HandlerOutcome.all(List.of(wait, HandlerOutcome.nothing("x"))));
        assertSame(wait, HandlerOutcome.all(List.of(wait)));
        assertEquals(java.time.Duration.ofSeconds(5), wait.afterCommit(() -> { }).deferFor(), "afterCommit keeps the deferral");
    }

    @Test
    void oneOutcomeIsReturnedAsItIs() {
        HandlerOutcome one = HandlerOutcome.nothing("ignored: x");
        assertSame(one, HandlerOutcome.all(List.of(one)));
        assertEquals("", HandlerOutcome.all(List.of()).note());
    }
}
