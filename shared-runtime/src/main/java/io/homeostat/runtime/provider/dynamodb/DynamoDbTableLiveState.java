package io.homeostat.runtime.provider.dynamodb;

import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.PAY_PER_REQUEST;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.PROVISIONED;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableProvider.BILLING_MODE_PROPERTY;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableProvider.DELETION_PROTECTION_PROPERTY;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableProvider.KEY_SCHEMA;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableProvider.READ_CAPACITY_PROPERTY;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableProvider.WRITE_CAPACITY_PROPERTY;

import io.homeostat.runtime.provider.Values;
import io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.Key;
import io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.KeySchema;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceResponse;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryDescription;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * How a live table reads in this provider's terms: its {@link TableDescription} as property values, plus the two
 * reads DescribeTable does not cover (point-in-time recovery and tags).
 *
 * <p>Exists because observe (to diff) and apply (to skip what already holds, and to check a pre-existing table's key)
 * must interpret AWS's answers identically; keeping that interpretation in one place keeps them from drifting apart.
 */
final class DynamoDbTableLiveState {

    private DynamoDbTableLiveState() {}

    /** KeySchema, BillingMode, Read/WriteCapacityUnits (0 on demand) and DeletionProtectionEnabled as AWS reports them. */
    static Map<String, String> properties(TableDescription t) {
        Map<String, String> live = new TreeMap<>();
        live.put(KEY_SCHEMA, DynamoDbTableSpec.keySchemaJson(keySchemaOf(t)));
        String billing = billingModeOf(t);
        live.put(BILLING_MODE_PROPERTY, billing);
        live.put(READ_CAPACITY_PROPERTY, Values.normalize(capacity(t, true)));
        live.put(WRITE_CAPACITY_PROPERTY, Values.normalize(capacity(t, false)));
        live.put(DELETION_PROTECTION_PROPERTY, String.valueOf(Boolean.TRUE.equals(t.deletionProtectionEnabled())));
        return live;
    }

    /** AWS omits BillingModeSummary for tables that have always been provisioned. */
    static String billingModeOf(TableDescription t) {
        return t.billingModeSummary() == null || t.billingModeSummary().billingModeAsString() == null
                ? PROVISIONED : t.billingModeSummary().billingModeAsString();
    }

    /** Provisioned capacity; 0 for an on-demand table (whatever figure an emulator keeps from its provisioned past). */
    static long capacity(TableDescription t, boolean read) {
        if (PAY_PER_REQUEST.equals(billingModeOf(t)) || t.provisionedThroughput() == null) {
            return 0;
        }
        Long units = read ? t.provisionedThroughput().readCapacityUnits() : t.provisionedThroughput().writeCapacityUnits();
        return units == null ? 0 : units;
    }

    static KeySchema keySchemaOf(TableDescription t) {
        Map<String, String> types = new TreeMap<>();
        for (AttributeDefinition a : t.attributeDefinitions()) {
            types.put(a.attributeName(), a.attributeTypeAsString());
        }
        Key hash = null;
        Key range = null;
        for (KeySchemaElement e : t.keySchema()) {
            Key key = new Key(e.attributeName(), types.get(e.attributeName()));
            if (e.keyType() == KeyType.HASH) {
                hash = key;
            } else if (e.keyType() == KeyType.RANGE) {
                range = key;
            }
        }
        return new KeySchema(hash, range);
    }

    static boolean pointInTimeRecovery(DynamoDbClient ddb, String table) {
        PointInTimeRecoveryDescription pitr = ddb.describeContinuousBackups(b -> b.tableName(table))
                .continuousBackupsDescription().pointInTimeRecoveryDescription();
        return pitr != null && pitr.pointInTimeRecoveryStatus() == PointInTimeRecoveryStatus.ENABLED;
    }

    static Map<String, String> tags(DynamoDbClient ddb, String arn) {
        Map<String, String> tags = new TreeMap<>();
        String token = null;
        do {
            String next = token;
            ListTagsOfResourceResponse page = ddb.listTagsOfResource(b -> b.resourceArn(arn).nextToken(next));
            page.tags().forEach(t -> tags.put(t.key(), t.value()));
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return tags;
    }
}
