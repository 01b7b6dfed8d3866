package io.homeostat.runtime.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Creates the tables and the incidents table's indexes when missing. Every service may run this at once on a fresh
 * stack, so "already exists" is success and we wait for ACTIVE before anyone writes.
 *
 * <p>A new incidents table is created with all its indexes at once; an existing one gets each missing index added
 * one at a time, waiting for it to be ACTIVE before the next (DynamoDB builds one index per table at a time).
 */
public final class TableBootstrap {

    private static final Logger LOG = Logger.getLogger(TableBootstrap.class);
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** An index and the attribute definitions its keys need. */
    private record IndexSpec(GlobalSecondaryIndex index, List<AttributeDefinition> attributes) {}

    private TableBootstrap() {}

    /** Ensures every table and index; returns the indexes it had to add to tables that already existed. */
    public static List<String> ensureTables(DynamoDbClient dynamo, Tables tables) {
        List<IndexSpec> incidentIndexes = List.of(bySignature(), notificationsPending());
        ensure(dynamo, tables.incidents(), IncidentStore.KEY, incidentIndexes);
        ensure(dynamo, tables.idempotency(), IdempotencyStore.KEY, List.of());
        ensure(dynamo, tables.guards(), CooldownGuard.KEY, List.of());
        ensure(dynamo, tables.failures(), FailureLog.KEY, List.of());
        ensure(dynamo, tables.flags(), DriftFlags.KEY, List.of());
        ensure(dynamo, tables.breakers(), io.homeostat.runtime.breaker.SharedCircuitBreaker.KEY, List.of());
        ensure(dynamo, tables.logBaselines(), LogBaselines.KEY, List.of());
        ensure(dynamo, tables.analyses(), AnalysisCache.KEY, List.of());
        List<String> added = new ArrayList<>();
        for (IndexSpec index : incidentIndexes) {
            if (ensureIndex(dynamo, tables.incidents(), index)) {
                added.add(tables.incidents() + "/" + index.index().indexName());
            }
        }
        return added;
    }

    /** True when the table exists and has the index (in any status). */
    public static boolean hasIndex(DynamoDbClient dynamo, String table, String index) {
        try {
            return dynamo.describeTable(b -> b.tableName(table)).table().globalSecondaryIndexes().stream()
                    .anyMatch(i -> index.equals(i.indexName()));
        } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException e) {
            return false;
        }
    }

    /** History: incidents by change signature, newest last ({@link IncidentStore#similar}). */
    private static IndexSpec bySignature() {
        return new IndexSpec(GlobalSecondaryIndex.builder()
                .indexName(IncidentStore.BY_SIGNATURE)
                .keySchema(key(IncidentStore.SIGNATURE, KeyType.HASH), key(IncidentStore.CREATED_AT, KeyType.RANGE))
                .projection(p -> p.projectionType(ProjectionType.ALL))
                .build(),
                List.of(attr(IncidentStore.SIGNATURE, ScalarAttributeType.S), attr(IncidentStore.CREATED_AT, ScalarAttributeType.N)));
    }

    /** The sparse index of incidents with notifications pending ({@link NotificationOutbox}). */
    private static IndexSpec notificationsPending() {
        return new IndexSpec(GlobalSecondaryIndex.builder()
                .indexName(NotificationOutbox.INDEX)
                .keySchema(key(NotificationOutbox.QUEUE, KeyType.HASH), key(NotificationOutbox.SINCE, KeyType.RANGE))
                .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))
                .build(),
                List.of(attr(NotificationOutbox.QUEUE, ScalarAttributeType.S), attr(NotificationOutbox.SINCE, ScalarAttributeType.N)));
    }

    private static void ensure(DynamoDbClient dynamo, String table, String hashKey, List<IndexSpec> indexes) {
        try {
            List<AttributeDefinition> attributes = new ArrayList<>(List.of(attr(hashKey, ScalarAttributeType.S)));
            indexes.forEach(i -> i.attributes().stream()
                    .filter(a -> attributes.stream().noneMatch(x -> x.attributeName().equals(a.attributeName())))
                    .forEach(attributes::add));
            dynamo.createTable(b -> {
                b.tableName(table)
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(attributes)
                        .keySchema(key(hashKey, KeyType.HASH));
                if (!indexes.isEmpty()) {
                    b.globalSecondaryIndexes(indexes.stream().map(IndexSpec::index).toList());
                }
            });
            LOG.infof("created table %s", table);
        } catch (ResourceInUseException alreadyThere) {
            // Another service created it first, or a previous run did.
        }
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(table), w -> w.waitTimeout(WAIT));
    }

    /** Adds the index to an existing table when missing, then waits until it is ACTIVE; true when it was added here. */
    private static boolean ensureIndex(DynamoDbClient dynamo, String table, IndexSpec spec) {
        GlobalSecondaryIndex index = spec.index();
        boolean added = false;
        if (!hasIndex(dynamo, table, index.indexName())) {
            try {
                dynamo.updateTable(b -> b.tableName(table).attributeDefinitions(spec.attributes())
                        .globalSecondaryIndexUpdates(u -> u.create(c -> c.indexName(index.indexName())
                                .keySchema(index.keySchema()).projection(index.projection()))));
                LOG.infof("added index %s to table %s", index.indexName(), table);
                added = true;
            } catch (DynamoDbException raced) {
                // Another replica added it first (AWS: ResourceInUse or LimitExceeded while theirs is being built;
                // DynamoDB Local: a validation error "already exists"): wait for theirs. Anything else is real.
                if (!hasIndex(dynamo, table, index.indexName())) {
                    throw raced;
                }
            }
        }
        waitForIndex(dynamo, table, index.indexName());
        return added;
    }

    private static void waitForIndex(DynamoDbClient dynamo, String table, String index) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            IndexStatus status = dynamo.describeTable(b -> b.tableName(table)).table().globalSecondaryIndexes().stream()
                    .filter(i -> index.equals(i.indexName())).findFirst()
                    .map(GlobalSecondaryIndexDescription::indexStatus).orElse(null);
            if (status == IndexStatus.ACTIVE) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("index " + index + " on table " + table
                        + (status == null ? " did not appear" : " still " + status) + " after " + WAIT);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for index " + index, e);
            }
        }
    }

    private static AttributeDefinition attr(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
