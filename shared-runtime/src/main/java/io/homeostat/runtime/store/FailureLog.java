package io.homeostat.runtime.store;

import static io.homeostat.runtime.store.Attrs.n;
import static io.homeostat.runtime.store.Attrs.s;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The last failure reason per SQS message id. Messages we dead-letter ourselves carry the reason as message
 * attributes; this record also covers those the queue's redrive policy moves (a consumer that crashed on them), so an
 * operator always finds why a message is in a DLQ.
 */
public final class FailureLog {

    static final String KEY = "messageId";

    /**
     * @param replays how often an operator replayed the message from its DLQ
     * @param replayedBy who replayed it last (empty if never)
     * @param replayedAt when, epoch millis (0 if never)
     */
    public record Failure(String messageId, String queue, String service, int attempt, String reason, long at,
                          int replays, String replayedBy, long replayedAt) {}

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public FailureLog(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    public void record(String messageId, String queue, String service, int attempt, String reason) {
        dynamo.putItem(b -> b.tableName(table).item(Map.of(KEY, s(messageId), "queue", s(queue), "service", s(service),
                "attempt", n(attempt), "reason", s(reason), "at", n(clock.millis()))));
    }

    /** Marks that {@code user} replayed the message from its DLQ; creates the record for a message that has none. */
    public void recordReplay(String messageId, String user) {
        dynamo.updateItem(b -> b.tableName(table).key(Map.of(KEY, s(messageId)))
                .updateExpression("SET replayedBy = :u, replayedAt = :t ADD replays :one")
                .expressionAttributeValues(Map.of(":u", s(user), ":t", n(clock.millis()), ":one", n(1))));
    }

    public Optional<Failure> find(String messageId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(Map.of(KEY, s(messageId)))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Failure(messageId, Attrs.str(item, "queue").orElse(""), Attrs.str(item, "service").orElse(""),
                (int) Attrs.num(item, "attempt", 0), Attrs.str(item, "reason").orElse(""), Attrs.num(item, "at", 0),
                (int) Attrs.num(item, "replays", 0), Attrs.str(item, "replayedBy").orElse(""), Attrs.num(item, "replayedAt", 0)));
    }
}
