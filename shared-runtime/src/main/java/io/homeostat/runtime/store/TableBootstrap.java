package io.homeostat.runtime.store;

import java.time.Duration;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
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
        ensure(dynamo, tables.idempotency(), IdempotencyStore.KEY);
        ensure(dynamo, tables.guards(), CooldownGuard.KEY);
        ensure(dynamo, tables.failures(), FailureLog.KEY);
        ensure(dynamo, tables.flags(), DriftFlags.KEY);
        ensure(dynamo, tables.logBaselines(), LogBaselines.KEY);
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
