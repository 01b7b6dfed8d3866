package io.homeostat.runtime.store;

import static io.homeostat.runtime.store.Attrs.s;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * A git revision pinned as the desired state (a rollback), shared by every service through the store so that detector,
 * planner, executor and verifier agree on what "desired" is. One item in the guards table, under a key no resource
 * can have (resource keys are {@code <type>/…}); no pin = the phases folder's work tree is desired.
 */
public final class DesiredRevisionPin {

    static final String ITEM_KEY = "#desired-state/revision";

    /**
     * @param revision what the operator asked for ({@code main~2}, a tag, a commit id)
     * @param commit the full commit id it resolved to when pinned: the pin never drifts as branches move
     */
    public record Pin(String revision, String commit, String pinnedBy, Instant pinnedAt, String reason) {}

    private final DynamoDbClient dynamo;
    private final String table;

    public DesiredRevisionPin(DynamoDbClient dynamo, String guardsTable) {
        this.dynamo = dynamo;
        this.table = guardsTable;
    }

    public Optional<Pin> current() {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(Map.of(CooldownGuard.KEY, s(ITEM_KEY)))
                .consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Pin(Attrs.str(item, "revision").orElseThrow(), Attrs.str(item, "commit").orElseThrow(),
                Attrs.str(item, "pinnedBy").orElse(null), Instant.ofEpochMilli(Attrs.num(item, "pinnedAt", 0)),
                Attrs.str(item, "reason").orElse(null)));
    }

    public void pin(Pin pin) {
        Map<String, AttributeValue> item = new HashMap<>(Map.of(CooldownGuard.KEY, s(ITEM_KEY), "revision", s(pin.revision()),
                "commit", s(pin.commit()), "pinnedAt", Attrs.n(pin.pinnedAt().toEpochMilli())));
        if (pin.pinnedBy() != null) {
            item.put("pinnedBy", s(pin.pinnedBy()));
        }
        if (pin.reason() != null && !pin.reason().isBlank()) {
            item.put("reason", s(pin.reason()));
        }
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    /** @return false when nothing was pinned */
    public boolean clear() {
        var old = dynamo.deleteItem(b -> b.tableName(table).key(Map.of(CooldownGuard.KEY, s(ITEM_KEY))).returnValues(ReturnValue.ALL_OLD));
        return old.hasAttributes() && !old.attributes().isEmpty();
    }
}
