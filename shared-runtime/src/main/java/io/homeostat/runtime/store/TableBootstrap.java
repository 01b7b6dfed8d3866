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
 * Creates the tables when missing. Every service may run this at once on a fresh stack, so "already exists" is
 * success and we wait for ACTIVE before anyone writes. The incidents table carries the {@link IncidentStore#BY_SIGNATURE}
 * index; a table made before the index existed gets it added (and waited for), so an upgrade needs no manual step.
 */
public final class TableBootstrap {

    private static final Logger LOG = Logger.getLogger(TableBootstrap.class);
    private static final Duration WAIT = Duration.ofSeconds(60);

    private TableBootstrap() {}

    /** Ensures every table and index; returns the indexes it had to add to tables that already existed. */
    public static List<String> ensureTables(DynamoDbClient dynamo, Tables tables) {
        ensure(dynamo, tables.incidents(), IncidentStore.KEY, bySignature());
        ensure(dynamo, tables.idempotency(), IdempotencyStore.KEY, null);
        ensure(dynamo, tables.guards(), CooldownGuard.KEY, null);
        ensure(dynamo, tables.failures(), FailureLog.KEY, null);
        ensure(dynamo, tables.flags(), DriftFlags.KEY, null);
        ensure(dynamo, tables.analyses(), AnalysisCache.KEY, null);
        List<String> added = new ArrayList<>();
        if (ensureIndex(dynamo, tables.incidents(), bySignature())) {
            added.add(tables.incidents() + "/" + IncidentStore.BY_SIGNATURE);
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

    private static GlobalSecondaryIndex bySignature() {
        return GlobalSecondaryIndex.builder()
                .indexName(IncidentStore.BY_SIGNATURE)
                .keySchema(key(IncidentStore.SIGNATURE, KeyType.HASH), key(IncidentStore.CREATED_AT, KeyType.RANGE))
                .projection(p -> p.projectionType(ProjectionType.ALL))
                .build();
    }

    private static List<AttributeDefinition> indexAttributes() {
        return List.of(attr(IncidentStore.SIGNATURE, ScalarAttributeType.S), attr(IncidentStore.CREATED_AT, ScalarAttributeType.N));
    }

    private static void ensure(DynamoDbClient dynamo, String table, String hashKey, GlobalSecondaryIndex index) {
        try {
            List<AttributeDefinition> attributes = new ArrayList<>(List.of(attr(hashKey, ScalarAttributeType.S)));
            if (index != null) {
                attributes.addAll(indexAttributes());
            }
            dynamo.createTable(b -> {
                b.tableName(table)
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(attributes)
                        .keySchema(key(hashKey, KeyType.HASH));
                if (index != null) {
                    b.globalSecondaryIndexes(index);
                }
            });
            LOG.infof("created table %s", table);
        } catch (ResourceInUseException alreadyThere) {
            // Another service created it first, or a previous run did.
        }
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(table), w -> w.waitTimeout(WAIT));
    }

    /** Adds the index to an existing table when missing, then waits until it is ACTIVE; true when it was added here. */
    private static boolean ensureIndex(DynamoDbClient dynamo, String table, GlobalSecondaryIndex index) {
        boolean added = false;
        if (!hasIndex(dynamo, table, index.indexName())) {
            try {
                dynamo.updateTable(b -> b.tableName(table).attributeDefinitions(indexAttributes())
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
