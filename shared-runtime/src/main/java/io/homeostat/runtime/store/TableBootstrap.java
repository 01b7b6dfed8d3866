package io.homeostat.runtime.store;

import java.time.Duration;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateGlobalSecondaryIndexAction;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Creates the tables when missing. Every service may run this at once on a fresh stack, so "already exists" is
 * success and we wait for ACTIVE before anyone writes.
 */
public final class TableBootstrap {

    private static final Logger LOG = Logger.getLogger(TableBootstrap.class);

    private TableBootstrap() {}

    public static void ensureTables(DynamoDbClient dynamo, Tables tables) {
        ensure(dynamo, tables.incidents(), IncidentStore.KEY);
        ensureNotificationIndex(dynamo, tables.incidents());
        ensure(dynamo, tables.idempotency(), IdempotencyStore.KEY);
        ensure(dynamo, tables.guards(), CooldownGuard.KEY);
        ensure(dynamo, tables.failures(), FailureLog.KEY);
        ensure(dynamo, tables.flags(), DriftFlags.KEY);
        ensure(dynamo, tables.breakers(), io.homeostat.runtime.breaker.SharedCircuitBreaker.KEY);
        ensure(dynamo, tables.logBaselines(), LogBaselines.KEY);
    }

    /**
     * The sparse index of incidents with notifications pending ({@link NotificationOutbox}). Added to a table created
     * before it existed, too; the index becomes usable when it is ACTIVE, which the notifier simply waits for.
     */
    private static void ensureNotificationIndex(DynamoDbClient dynamo, String table) {
        boolean present = dynamo.describeTable(b -> b.tableName(table)).table().globalSecondaryIndexes().stream()
                .anyMatch(i -> i.indexName().equals(NotificationOutbox.INDEX));
        if (present) {
            return;
        }
        try {
            dynamo.updateTable(b -> b.tableName(table)
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName(NotificationOutbox.QUEUE).attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName(NotificationOutbox.SINCE).attributeType(ScalarAttributeType.N).build())
                    .globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder().create(CreateGlobalSecondaryIndexAction.builder()
                            .indexName(NotificationOutbox.INDEX)
                            .keySchema(KeySchemaElement.builder().attributeName(NotificationOutbox.QUEUE).keyType(KeyType.HASH).build(),
                                    KeySchemaElement.builder().attributeName(NotificationOutbox.SINCE).keyType(KeyType.RANGE).build())
                            .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
                            .build()).build()));
            LOG.infof("created index %s on %s", NotificationOutbox.INDEX, table);
        } catch (ResourceInUseException | LimitExceededException concurrent) {
            // Another service is adding it right now.
        } catch (DynamoDbException e) {
            if (e.getMessage() == null || !e.getMessage().contains("already exists")) {
                throw e;
            }
        }
    }

    private static void ensure(DynamoDbClient dynamo, String table, String hashKey) {
        try {
            dynamo.createTable(b -> b.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName(hashKey).attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName(hashKey).keyType(KeyType.HASH).build()));
            LOG.infof("created table %s", table);
        } catch (ResourceInUseException alreadyThere) {
            // Another service created it first, or a previous run did.
        }
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(table), w -> w.waitTimeout(Duration.ofSeconds(30)));
    }
}
