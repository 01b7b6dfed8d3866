package io.homeostat.runtime.store;

import static io.homeostat.runtime.store.Attrs.n;
import static io.homeostat.runtime.store.Attrs.s;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Answers of the optional model, by incident fingerprint (a hash of what the problem is, not of which incident has
 * it), so an unchanged problem never costs a second call. Only answers that passed validation are stored. Expiry is
 * checked on read, never left to TTL deletion (which DynamoDB Local does not do, and AWS does late).
 */
public final class AnalysisCache {

    static final String KEY = "fingerprint";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public AnalysisCache(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /** The stored answer, unless absent or older than its time to live. */
    public Optional<String> find(String fingerprint) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(Map.of(KEY, s(fingerprint)))).item();
        if (item == null || item.isEmpty() || Attrs.num(item, "expiresAt", 0) <= clock.millis()) {
            return Optional.empty();
        }
        return Attrs.str(item, "answer");
    }

    /** Stores (or replaces) the answer; {@code source} says which model gave it, for whoever reads the table. */
    public void put(String fingerprint, String answer, String source, Duration ttl) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(KEY, s(fingerprint));
        item.put("answer", s(answer));
        item.put("source", s(source));
        item.put("createdAt", n(clock.millis()));
        item.put("expiresAt", n(clock.millis() + ttl.toMillis()));
        dynamo.putItem(b -> b.tableName(table).item(item));
    }
}
