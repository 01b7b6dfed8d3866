package io.homeostat.runtime.provider.dynamodb;

import io.homeostat.runtime.provider.TypedAction;
import java.util.Map;
import java.util.Set;

/**
 * The fixed catalogue of actions the DynamoDB table provider can run. There is deliberately no DeleteTable: a table
 * holds data, so Homeostat never deletes or re-creates one (not even to "fix" a different key schema).
 */
public final class DynamoDbTableActions {

    public static final String TYPE = "aws.dynamodb.table";
    public static final String CREATE_TABLE = TYPE + "/CreateTable";
    public static final String UPDATE_TABLE = TYPE + "/UpdateTable";
    public static final String UPDATE_CONTINUOUS_BACKUPS = TYPE + "/UpdateContinuousBackups";
    public static final String TAG_RESOURCE = TYPE + "/TagResource";
    public static final String UNTAG_RESOURCE = TYPE + "/UntagResource";

    /** Parameter keys. Booleans are {@code true}/{@code false}; capacities are positive integers. */
    public static final String TABLE_NAME = "tableName";
    public static final String REGION = "region";
    public static final String HASH_KEY_NAME = "hashKeyName";
    public static final String HASH_KEY_TYPE = "hashKeyType";
    public static final String RANGE_KEY_NAME = "rangeKeyName";
    public static final String RANGE_KEY_TYPE = "rangeKeyType";
    public static final String BILLING_MODE = "billingMode";
    public static final String READ_CAPACITY_UNITS = "readCapacityUnits";
    public static final String WRITE_CAPACITY_UNITS = "writeCapacityUnits";
    public static final String DELETION_PROTECTION_ENABLED = "deletionProtectionEnabled";
    public static final String POINT_IN_TIME_RECOVERY_ENABLED = "pointInTimeRecoveryEnabled";
    public static final String TAG = "tag.";
    public static final String UNTAG = "untag.";

    public static final String PAY_PER_REQUEST = "PAY_PER_REQUEST";
    public static final String PROVISIONED = "PROVISIONED";

    private DynamoDbTableActions() {}

    /** One key attribute: its name and scalar type ({@code S}, {@code N} or {@code B}). */
    public record Key(String name, String type) {}

    /** The table's primary key; {@code range} is null for a hash-only key. */
    public record KeySchema(Key hash, Key range) {}

    /**
     * @param readCapacityUnits null unless {@code billingMode} is PROVISIONED
     * @param deletionProtectionEnabled null when not declared (AWS default: false)
     */
    public record CreateTable(String region, String tableName, KeySchema keySchema, String billingMode,
            Long readCapacityUnits, Long writeCapacityUnits, Boolean deletionProtectionEnabled, Map<String, String> tags)
            implements TypedAction {
        public CreateTable {
            tags = Map.copyOf(tags);
        }

        public String name() {
            return CREATE_TABLE;
        }
    }

    /** Any non-null field is set; fields already at the value are left alone (no call when nothing differs). */
    public record UpdateTable(String region, String tableName, String billingMode, Long readCapacityUnits,
            Long writeCapacityUnits, Boolean deletionProtectionEnabled) implements TypedAction {
        public String name() {
            return UPDATE_TABLE;
        }
    }

    public record UpdateContinuousBackups(String region, String tableName, boolean pointInTimeRecoveryEnabled) implements TypedAction {
        public String name() {
            return UPDATE_CONTINUOUS_BACKUPS;
        }
    }

    public record TagResource(String region, String tableName, Map<String, String> tags) implements TypedAction {
        public TagResource {
            tags = Map.copyOf(tags);
        }

        public String name() {
            return TAG_RESOURCE;
        }
    }

    public record UntagResource(String region, String tableName, Set<String> tagKeys) implements TypedAction {
        public UntagResource {
            tagKeys = Set.copyOf(tagKeys);
        }

        public String name() {
            return UNTAG_RESOURCE;
        }
    }
}
