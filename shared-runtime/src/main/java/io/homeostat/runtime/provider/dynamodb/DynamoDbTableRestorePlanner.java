package io.homeostat.runtime.provider.dynamodb;

import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.BILLING_MODE;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.DELETION_PROTECTION_ENABLED;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.HASH_KEY_NAME;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.HASH_KEY_TYPE;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.PAY_PER_REQUEST;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.POINT_IN_TIME_RECOVERY_ENABLED;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.PROVISIONED;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.RANGE_KEY_NAME;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.RANGE_KEY_TYPE;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.READ_CAPACITY_UNITS;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.REGION;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.TABLE_NAME;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.TAG;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.UNTAG;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.WRITE_CAPACITY_UNITS;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableProvider.BILLING_MODE_PROPERTY;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableProvider.DELETION_PROTECTION_PROPERTY;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableProvider.POINT_IN_TIME_RECOVERY_PROPERTY;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableProvider.PROPS;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableProvider.READ_CAPACITY_PROPERTY;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableProvider.WRITE_CAPACITY_PROPERTY;

import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.PlannedAction;
import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.provider.TagDiff;
import io.homeostat.runtime.provider.Observation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns an observation of a table into the catalogue actions that restore it, as data.
 *
 * <p>Exists to keep the restore decisions (re-create a missing table, which differences to act on, and that a key
 * schema difference is never acted on) pure and apart from the AWS calls that observe and apply make.
 */
final class DynamoDbTableRestorePlanner {

    private DynamoDbTableRestorePlanner() {}

    /** Empty when the observation is up to date; {@code region} is the table's region, already defaulted. */
    static List<PlannedAction> plan(DesiredResource desired, Observation observed, String region) {
        if (observed.upToDate()) {
            return List.of();
        }
        DynamoDbTableSpec spec = DynamoDbTableSpec.parse(desired);
        String table = desired.name();
        if (!observed.exists()) {
            return recreate(desired, spec, table, region);
        }

        Set<String> differs = new TreeSet<>();
        for (FieldDiff d : observed.diff()) {
            if (d.path().startsWith(PROPS)) {
                differs.add(d.path().substring(PROPS.length()));
            }
        }
        List<PlannedAction> actions = new ArrayList<>();
        // properties.KeySchema is create-only: reported, never acted on (no delete/re-create of a table with data).
        Map<String, String> update = new TreeMap<>();
        if (differs.contains(BILLING_MODE_PROPERTY) && spec.billingMode() != null) {
            update.put(BILLING_MODE, spec.billingMode());
        }
        boolean capacityDiffers = differs.contains(READ_CAPACITY_PROPERTY) || differs.contains(WRITE_CAPACITY_PROPERTY);
        if (spec.readCapacityUnits() != null && (capacityDiffers || update.containsKey(BILLING_MODE))) {
            update.put(READ_CAPACITY_UNITS, spec.readCapacityUnits().toString());
            update.put(WRITE_CAPACITY_UNITS, spec.writeCapacityUnits().toString());
        }
        if (differs.contains(DELETION_PROTECTION_PROPERTY) && spec.deletionProtectionEnabled() != null) {
            update.put(DELETION_PROTECTION_ENABLED, spec.deletionProtectionEnabled().toString());
        }
        if (!update.isEmpty()) {
            Map<String, String> p = base(table, region);
            p.putAll(update);
            actions.add(new PlannedAction(actions.size() + 1, DynamoDbTableActions.UPDATE_TABLE, p,
                    "restore " + update.keySet() + " on table " + table));
        }
        if (differs.contains(POINT_IN_TIME_RECOVERY_PROPERTY) && spec.pointInTimeRecovery() != null) {
            Map<String, String> p = base(table, region);
            p.put(POINT_IN_TIME_RECOVERY_ENABLED, spec.pointInTimeRecovery().toString());
            actions.add(new PlannedAction(actions.size() + 1, DynamoDbTableActions.UPDATE_CONTINUOUS_BACKUPS, p,
                    (spec.pointInTimeRecovery() ? "enable" : "disable") + " point-in-time recovery on " + table));
        }
        TagDiff.appendRestoreSteps(actions, observed.diff(), () -> base(table, region),
                TAG, UNTAG, DynamoDbTableActions.TAG_RESOURCE, DynamoDbTableActions.UNTAG_RESOURCE);
        return actions;
    }

    /** A missing table: CreateTable with everything it can carry, then point-in-time recovery if declared on. */
    private static List<PlannedAction> recreate(DesiredResource desired, DynamoDbTableSpec spec, String table, String region) {
        List<PlannedAction> actions = new ArrayList<>();
        Map<String, String> p = base(table, region);
        p.put(HASH_KEY_NAME, spec.keySchema().hash().name());
        p.put(HASH_KEY_TYPE, spec.keySchema().hash().type());
        if (spec.keySchema().range() != null) {
            p.put(RANGE_KEY_NAME, spec.keySchema().range().name());
            p.put(RANGE_KEY_TYPE, spec.keySchema().range().type());
        }
        String billing = spec.billingMode() == null ? PAY_PER_REQUEST : spec.billingMode();
        p.put(BILLING_MODE, billing);
        if (PROVISIONED.equals(billing)) {
            p.put(READ_CAPACITY_UNITS, spec.readCapacityUnits().toString());
            p.put(WRITE_CAPACITY_UNITS, spec.writeCapacityUnits().toString());
        }
        if (spec.deletionProtectionEnabled() != null) {
            p.put(DELETION_PROTECTION_ENABLED, spec.deletionProtectionEnabled().toString());
        }
        new TreeMap<>(desired.tags()).forEach((k, v) -> p.put(TAG + k, v));
        actions.add(new PlannedAction(1, DynamoDbTableActions.CREATE_TABLE, p, "re-create table " + table + " ("
                + billing + ") with " + desired.tags().size() + " tag(s)"));
        if (Boolean.TRUE.equals(spec.pointInTimeRecovery())) {
            // CreateTable cannot enable point-in-time recovery; it is a separate call once the table exists.
            Map<String, String> b = base(table, region);
            b.put(POINT_IN_TIME_RECOVERY_ENABLED, "true");
            actions.add(new PlannedAction(2, DynamoDbTableActions.UPDATE_CONTINUOUS_BACKUPS, b,
                    "enable point-in-time recovery on " + table));
        }
        return actions;
    }

    private static Map<String, String> base(String table, String region) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(TABLE_NAME, table);
        p.put(REGION, region);
        return p;
    }
}
