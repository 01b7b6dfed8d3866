package io.homeostat.runtime.breaker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * A circuit breaker every replica shares: one item in the breakers table, changed only by a write conditional on the
 * version that was read, so two replicas can never both take the last half-open probe or the last in-flight slot —
 * the loser reads again and decides again. The decisions themselves are {@link BreakerPolicy}'s.
 *
 * <p>Costs one read and one write per execution start and end; the executor runs plans, not API calls, through it.
 */
public final class SharedCircuitBreaker {

    /** Hash key of the breakers table. */
    public static final String KEY = "breaker";
    private static final Logger LOG = Logger.getLogger(SharedCircuitBreaker.class);
    private static final int MAX_RACES = 20;

    /** Told about every status change this replica wrote (logs, metrics). */
    @FunctionalInterface
    public interface Listener {
        void changed(BreakerState.Status from, BreakerState.Status to, BreakerState state);
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final String name;
    private final BreakerPolicy policy;
    private final Clock clock;
    private final ObjectMapper json;
    private volatile Listener listener = (from, to, state) -> { };

    public SharedCircuitBreaker(DynamoDbClient dynamo, String table, String name, BreakerPolicy policy, Clock clock,
                                ObjectMapper json) {
        this.dynamo = dynamo;
        this.table = table;
        this.name = name;
        this.policy = policy;
        this.clock = clock;
        this.json = json;
    }

    public SharedCircuitBreaker onChange(Listener listener) {
        this.listener = listener;
        return this;
    }

    public String name() {
        return name;
    }

    public BreakerSettings settings() {
        return policy.settings();
    }

    /** Asks to start execution {@code id}; a {@link BreakerPolicy.Granted} must be followed by {@link #release}. */
    public BreakerPolicy.Decision acquire(String id) {
        BreakerPolicy.Decision[] decision = new BreakerPolicy.Decision[1];
        update(stored -> {
            decision[0] = policy.acquire(stored, id, clock.millis());
            return decision[0].next();
        });
        return decision[0];
    }

    /** Execution {@code id} ended with {@code outcome}. */
    public BreakerState release(String id, BreakerPolicy.Outcome outcome) {
        return update(stored -> policy.release(stored, id, outcome, clock.millis()));
    }

    /** The state as of now (an OPEN breaker whose time is up shows HALF_OPEN), read without writing. */
    public BreakerState view() {
        return policy.current(read(), clock.millis());
    }

    private BreakerState update(UnaryOperator<BreakerState> decide) {
        for (int i = 0; i < MAX_RACES; i++) {
            BreakerState stored = read();
            BreakerState next = decide.apply(stored);
            if (next.equals(stored)) {
                return stored; // nothing changed (e.g. a plan turned away again): no write, no contention
            }
            try {
                write(stored, next);
            } catch (ConditionalCheckFailedException raced) {
                continue; // another replica wrote first: decide again from what it wrote
            }
            BreakerState written = new BreakerState(next.status(), stored.version() + 1, next.openedAtMillis(), next.failures(),
                    next.inFlight(), next.probes(), next.changedAtMillis());
            if (stored.status() != next.status()) {
                LOG.infof("circuit breaker %s: %s -> %s (%d recent failure(s), %d in flight)", name, stored.status(),
                        next.status(), next.failures().size(), next.inFlight().size());
                listener.changed(stored.status(), next.status(), written);
            }
            return written;
        }
        throw new IllegalStateException("circuit breaker " + name + ": lost " + MAX_RACES + " races in a row");
    }

    BreakerState read() {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(Map.of(KEY, AttributeValue.fromS(name)))
                .consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return BreakerState.initial();
        }
        try {
            BreakerState s = json.readValue(item.get("detail").s(), BreakerState.class);
            long version = Long.parseLong(item.get("version").n());
            return new BreakerState(s.status(), version, s.openedAtMillis(), s.failures(), s.inFlight(), s.probes(), s.changedAtMillis());
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("circuit breaker " + name + ": unreadable item in " + table + ": " + e.getMessage(), e);
        }
    }

    private void write(BreakerState stored, BreakerState next) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(KEY, AttributeValue.fromS(name));
        item.put("status", AttributeValue.fromS(next.status().name()));
        item.put("version", AttributeValue.fromN(Long.toString(stored.version() + 1)));
        item.put("detail", AttributeValue.fromS(toJson(next)));
        if (stored.version() == 0) {
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(" + KEY + ")"));
        } else {
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("version = :v")
                    .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Long.toString(stored.version())))));
        }
    }

    private String toJson(BreakerState s) {
        try {
            return json.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise breaker state", e);
        }
    }
}
