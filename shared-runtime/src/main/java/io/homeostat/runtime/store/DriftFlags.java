package io.homeostat.runtime.store;

import static io.homeostat.runtime.store.Attrs.n;
import static io.homeostat.runtime.store.Attrs.s;

import io.homeostat.runtime.desired.DesiredResource;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Drift flags: operators pause or disable healing for a phase or a single resource, optionally until a time, without
 * touching git. A resource's flag wins over its phase's; an expired flag is as if unset (checked on read, never left
 * to TTL deletion).
 */
public final class DriftFlags {

    static final String KEY = "scope";

    public enum Mode {
        /** Detect and heal (the default). */
        ENABLED,
        /** Detect and plan, then wait for an approval before anything runs. */
        PAUSED,
        /** Do not watch at all. */
        DISABLED
    }

    public enum ScopeType {
        phase,
        resource
    }

    /** One flag. {@code expiresAt} null = until cleared. */
    public record Flag(ScopeType scopeType, String name, Mode mode, Instant expiresAt, String setBy, String reason, Instant setAt) {

        public String scope() {
            return scopeType + ":" + name;
        }

        public boolean activeAt(Instant now) {
            return expiresAt == null || now.isBefore(expiresAt);
        }
    }

    /** All flags at one moment, for a scan that asks about many resources. */
    public record Snapshot(Map<String, Flag> byScope, Instant at) {

        public Mode effective(DesiredResource r) {
            return active(ScopeType.resource + ":" + r.logicalId())
                    .or(() -> active(ScopeType.phase + ":" + r.phase()))
                    .map(Flag::mode)
                    .orElse(Mode.ENABLED);
        }

        private Optional<Flag> active(String scope) {
            return Optional.ofNullable(byScope.get(scope)).filter(f -> f.activeAt(at));
        }
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DriftFlags(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    public void put(Flag flag) {
        Map<String, AttributeValue> item = new HashMap<>(Map.of(KEY, s(flag.scope()), "scopeType", s(flag.scopeType().name()),
                "name", s(flag.name()), "mode", s(flag.mode().name()), "setBy", s(flag.setBy()),
                "setAt", n(flag.setAt().toEpochMilli())));
        if (flag.expiresAt() != null) {
            item.put("expiresAt", n(flag.expiresAt().toEpochMilli()));
        }
        if (flag.reason() != null && !flag.reason().isBlank()) {
            item.put("reason", s(flag.reason()));
        }
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    /** @return whether a flag was there */
    public boolean clear(ScopeType type, String name) {
        var r = dynamo.deleteItem(b -> b.tableName(table).key(Map.of(KEY, s(type + ":" + name)))
                .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_OLD));
        return r.hasAttributes() && !r.attributes().isEmpty();
    }

    public List<Flag> all() {
        List<Flag> flags = new ArrayList<>();
        dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(i -> flags.add(read(i)));
        return flags;
    }

    public Snapshot snapshot() {
        Map<String, Flag> byScope = new HashMap<>();
        all().forEach(f -> byScope.put(f.scope(), f));
        return new Snapshot(byScope, clock.instant());
    }

    public Mode effective(DesiredResource r) {
        Instant now = clock.instant();
        return find(ScopeType.resource, r.logicalId()).filter(f -> f.activeAt(now))
                .or(() -> find(ScopeType.phase, r.phase()).filter(f -> f.activeAt(now)))
                .map(Flag::mode)
                .orElse(Mode.ENABLED);
    }

    public Optional<Flag> find(ScopeType type, String name) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(Map.of(KEY, s(type + ":" + name))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(read(item));
    }

    private static Flag read(Map<String, AttributeValue> i) {
        long expires = Attrs.num(i, "expiresAt", -1);
        return new Flag(ScopeType.valueOf(Attrs.str(i, "scopeType").orElseThrow()), Attrs.str(i, "name").orElseThrow(),
                Mode.valueOf(Attrs.str(i, "mode").orElseThrow()), expires < 0 ? null : Instant.ofEpochMilli(expires),
                Attrs.str(i, "setBy").orElse("unknown"), Attrs.str(i, "reason").orElse(null),
                Instant.ofEpochMilli(Attrs.num(i, "setAt", 0)));
    }
}
