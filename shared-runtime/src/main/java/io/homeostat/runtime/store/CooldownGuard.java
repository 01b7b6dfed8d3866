package io.homeostat.runtime.store;

import static io.homeostat.runtime.store.Attrs.n;
import static io.homeostat.runtime.store.Attrs.s;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * One guard item per managed resource: at most one open incident per resource, and a cooldown after it closes in
 * which new triggers are folded in rather than healed again (no fighting a person who keeps changing it). Expiry is
 * checked inside the condition expressions themselves, never left to TTL deletion, whose timing is not guaranteed
 * (and which DynamoDB Local does not do at all).
 */
public final class CooldownGuard {

    static final String KEY = "resourceKey";

    public enum Status {
        OPEN,
        CLOSED
    }

    public record Guard(String resourceKey, String incidentId, Status status, long cooldownUntil, long suppressed) {

        /** Whether a new incident may be opened at {@code nowMillis}. */
        public boolean admitsNewIncident(long nowMillis) {
            return status == Status.CLOSED && cooldownUntil <= nowMillis;
        }
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public CooldownGuard(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    public Optional<Guard> find(String resourceKey) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(Map.of(KEY, s(resourceKey))).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Guard(resourceKey, Attrs.str(item, "incidentId").orElse(null),
                Status.valueOf(Attrs.str(item, "status").orElse("CLOSED")), Attrs.num(item, "cooldownUntil", 0),
                Attrs.num(item, "suppressed", 0)));
    }

    /** Claims the resource for a new incident; fails (conflict) if one is open or the cooldown has not run out. */
    public TransactWriteItem open(String resourceKey, String incidentId) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table)
                        .item(Map.of(KEY, s(resourceKey), "incidentId", s(incidentId), "status", s(Status.OPEN.name()),
                                "cooldownUntil", n(0), "suppressed", n(0), "openedAt", n(clock.millis())))
                        .conditionExpression("attribute_not_exists(#k) OR (#st = :closed AND cooldownUntil <= :now)")
                        .expressionAttributeNames(Map.of("#k", KEY, "#st", "status"))
                        .expressionAttributeValues(Map.of(":closed", s(Status.CLOSED.name()), ":now", n(clock.millis())))
                        .build())
                .build();
    }

    /**
     * Counts a trigger against the guard as we saw it: still open for the same incident, or still cooling down.
     * Fails (conflict) when the guard changed meanwhile, so the caller decides again.
     */
    public TransactWriteItem foldIn(Guard seen) {
        String condition = seen.status() == Status.OPEN
                ? "incidentId = :id AND #st = :open"
                : "incidentId = :id AND #st = :closed AND cooldownUntil > :now";
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                        .key(Map.of(KEY, s(seen.resourceKey())))
                        .updateExpression("ADD suppressed :one")
                        .conditionExpression(condition)
                        .expressionAttributeNames(Map.of("#st", "status"))
                        .expressionAttributeValues(seen.status() == Status.OPEN
                                ? Map.of(":one", n(1), ":id", s(seen.incidentId()), ":open", s(Status.OPEN.name()))
                                : Map.of(":one", n(1), ":id", s(seen.incidentId()), ":closed", s(Status.CLOSED.name()), ":now", n(clock.millis())))
                        .build())
                .build();
    }

    /** Releases the resource when its incident closes, starting the cooldown. */
    public TransactWriteItem close(String resourceKey, String incidentId, long cooldownUntilMillis) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                        .key(Map.of(KEY, s(resourceKey)))
                        .updateExpression("SET #st = :closed, cooldownUntil = :until")
                        .conditionExpression("incidentId = :id")
                        .expressionAttributeNames(Map.of("#st", "status"))
                        .expressionAttributeValues(Map.of(":closed", s(Status.CLOSED.name()), ":until", n(cooldownUntilMillis),
                                ":id", s(incidentId)))
                        .build())
                .build();
    }
}
