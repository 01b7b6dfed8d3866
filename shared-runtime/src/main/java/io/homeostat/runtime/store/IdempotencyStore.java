package io.homeostat.runtime.store;

import static io.homeostat.runtime.store.Attrs.n;
import static io.homeostat.runtime.store.Attrs.s;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Claims on {@code (consumer, eventId)}, after the Powertools idempotency record: IN_PROGRESS with a lease while a
 * worker processes the event, COMPLETED (with the events it emitted) in the same transaction as the state change.
 * A duplicate delivery of a completed event re-publishes those outputs and is deleted: if the first worker crashed
 * between committing and publishing, nothing is lost, and the next consumer drops the repeat by its event id.
 */
public final class IdempotencyStore {

    static final String KEY = "id";
    private static final String IN_PROGRESS = "IN_PROGRESS";
    private static final String COMPLETED = "COMPLETED";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public IdempotencyStore(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    public sealed interface Claim {}

    /** We own the event until the lease ends; {@code token} proves it on completion. */
    public record Acquired(String id, String token) implements Claim {}

    /** Processed before: these are the envelopes it emitted, as JSON. */
    public record AlreadyDone(List<String> outputs) implements Claim {}

    /** Another worker holds a live lease on it, until {@code leaseUntilMillis} (epoch ms). */
    public record InFlight(long leaseUntilMillis) implements Claim {}

    /** The same event id was seen before with a different payload: never silently treat it as a duplicate. */
    public record Mismatch(String reason) implements Claim {}

    public Claim claim(String consumer, String eventId, String payloadHash, Duration lease) {
        String id = consumer + "#" + eventId;
        String token = UUID.randomUUID().toString();
        long now = clock.millis();
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of(KEY, s(id), "status", s(IN_PROGRESS), "owner", s(token),
                            "leaseUntil", n(now + lease.toMillis()), "payloadHash", s(payloadHash), "createdAt", n(now)))
                    .conditionExpression("attribute_not_exists(#id) OR (#st = :inprogress AND leaseUntil < :now)")
                    .expressionAttributeNames(Map.of("#id", KEY, "#st", "status"))
                    .expressionAttributeValues(Map.of(":inprogress", s(IN_PROGRESS), ":now", n(now))));
            return new Acquired(id, token);
        } catch (ConditionalCheckFailedException taken) {
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(Map.of(KEY, s(id))).consistentRead(true)).item();
            if (item == null || item.isEmpty()) {
                return new InFlight(now); // released between our write and read: retry soon
            }
            String storedHash = Attrs.str(item, "payloadHash").orElse("");
            if (!storedHash.equals(payloadHash)) {
                return new Mismatch("event id " + eventId + " was processed before with a different payload");
            }
            return COMPLETED.equals(Attrs.str(item, "status").orElse(""))
                    ? new AlreadyDone(Attrs.strings(item, "outputs"))
                    : new InFlight(Attrs.num(item, "leaseUntil", now));
        }
    }

    /** The write that marks the claim done; commit it in the same transaction as the effect. */
    public TransactWriteItem completion(Acquired claim, String payloadHash, List<String> outputs) {
        return TransactWriteItem.builder().put(Put.builder()
                        .tableName(table)
                        .item(Map.of(KEY, s(claim.id()), "status", s(COMPLETED), "owner", s(claim.token()),
                                "payloadHash", s(payloadHash), "outputs", Attrs.list(outputs), "completedAt", n(clock.millis())))
                        .conditionExpression("#owner = :token")
                        .expressionAttributeNames(Map.of("#owner", "owner"))
                        .expressionAttributeValues(Map.of(":token", s(claim.token())))
                        .build())
                .build();
    }

    /** Gives an unfinished claim back so a retry need not wait for the lease to run out. */
    public void release(Acquired claim) {
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(Map.of(KEY, s(claim.id())))
                    .conditionExpression("#owner = :token AND #st = :inprogress")
                    .expressionAttributeNames(Map.of("#owner", "owner", "#st", "status"))
                    .expressionAttributeValues(Map.of(":token", s(claim.token()), ":inprogress", s(IN_PROGRESS))));
        } catch (ConditionalCheckFailedException notOurs) {
            // Lease expired and another worker took it over, or it completed: leave it.
        }
    }
}
