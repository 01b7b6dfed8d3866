package io.homeostat.runtime.provider.dynamodb;

import io.homeostat.runtime.provider.TagDiff;
import io.homeostat.runtime.provider.Compensations;
import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.PlannedAction;
import io.homeostat.runtime.config.HomeostatConfig;
import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.provider.CloudCallException;
import io.homeostat.runtime.provider.AbstractResourceProvider;
import io.homeostat.runtime.provider.CloudClients;
import io.homeostat.runtime.provider.CloudTrailMapping;
import io.homeostat.runtime.provider.Observation;
import io.homeostat.runtime.provider.TypeInfo;
import io.homeostat.runtime.provider.TypedAction;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableNotFoundException;

/**
 * {@code aws.dynamodb.table}: key schema (create-only), billing mode and provisioned throughput, deletion protection,
 * point-in-time recovery and tags.
 *
 * <pre>
 * orders-table:
 *   type: aws.dynamodb.table
 *   name: orders
 *   properties:
 *     KeySchema: {hash: {name: customerId, type: S}, range: {name: orderedAt, type: N}}
 *     BillingMode: PROVISIONED
 *     ReadCapacityUnits: 5
 *     WriteCapacityUnits: 5
 *     DeletionProtectionEnabled: true
 *     PointInTimeRecovery: true
 *   tags: {team: payments}
 * </pre>
 *
 * A table holds data, so this provider never deletes one: a live key schema that differs from desired is reported
 * in the diff ({@code properties.KeySchema}) and left alone; the catalogue has no DeleteTable. Tags are
 * authoritative ({@code aws:} tags excepted).
 *
 * <p>This class is the provider's public face (the CDI bean, its type info, CloudTrail mapping and observe); the
 * work behind it is split by concern: {@link DynamoDbTableSpec} validates desired properties,
 * {@link DynamoDbTableLiveState} reads the live table, {@link DynamoDbTableRestorePlanner} plans,
 * {@link DynamoDbTableBinder} validates plans and {@link DynamoDbTableApplier} makes the write calls.
 */
@Singleton
public final class DynamoDbTableProvider extends AbstractResourceProvider {

    public static final String KEY_SCHEMA = "KeySchema";
    public static final String BILLING_MODE_PROPERTY = "BillingMode";
    public static final String READ_CAPACITY_PROPERTY = "ReadCapacityUnits";
    public static final String WRITE_CAPACITY_PROPERTY = "WriteCapacityUnits";
    public static final String DELETION_PROTECTION_PROPERTY = "DeletionProtectionEnabled";
    public static final String POINT_IN_TIME_RECOVERY_PROPERTY = "PointInTimeRecovery";

    /** Properties a phase may declare. {@code KeySchema} is required (a table cannot be created without one). */
    public static final Set<String> PROPERTIES = Set.of(KEY_SCHEMA, BILLING_MODE_PROPERTY, READ_CAPACITY_PROPERTY,
            WRITE_CAPACITY_PROPERTY, DELETION_PROTECTION_PROPERTY, POINT_IN_TIME_RECOVERY_PROPERTY);

    /** Upper bound accepted for a capacity; AWS's own per-table quota is lower by default (40,000). */
    public static final long MAX_CAPACITY = 1_000_000L;

    /** Prefix of a property's path in the diff and the actual state ({@code properties.BillingMode}). */
    static final String PROPS = "properties.";

    private static final TypeInfo INFO = new TypeInfo(DynamoDbTableActions.TYPE, "dynamodb",
            List.of("dynamodb:ListTables", "dynamodb:DescribeTable", "dynamodb:DescribeContinuousBackups", "dynamodb:ListTagsOfResource",
                    "dynamodb:CreateTable", "dynamodb:UpdateTable", "dynamodb:UpdateContinuousBackups",
                    "dynamodb:TagResource", "dynamodb:UntagResource"),
            List.of(DynamoDbTableActions.CREATE_TABLE, DynamoDbTableActions.UPDATE_TABLE,
                    DynamoDbTableActions.UPDATE_CONTINUOUS_BACKUPS, DynamoDbTableActions.TAG_RESOURCE,
                    DynamoDbTableActions.UNTAG_RESOURCE));

    /**
     * Table write calls. The name comes from {@code tableName} (which DynamoDB also accepts as a table ARN),
     * {@code targetTableName} for restores, or the {@code resourceArn} of Tag/UntagResource
     * ({@code arn:aws:dynamodb:<region>:<account>:table/<name>[/...]}).
     */
    public static final CloudTrailMapping CLOUDTRAIL = new CloudTrailMapping("dynamodb.amazonaws.com",
            Set.of("CreateTable", "DeleteTable", "UpdateTable", "UpdateContinuousBackups", "TagResource",
                    "UntagResource", "RestoreTableFromBackup", "RestoreTableToPointInTime"),
            (eventName, params) -> CloudTrailMapping.text(params, "targetTableName", "TargetTableName")
                    .or(() -> CloudTrailMapping.text(params, "tableName", "TableName"))
                    .or(() -> CloudTrailMapping.text(params, "resourceArn", "ResourceArn"))
                    .flatMap(DynamoDbTableProvider::tableNameOf));

    private final DynamoDbTableBinder binder;
    private final DynamoDbTableApplier applier;

    public DynamoDbTableProvider(CloudClients clients, String defaultRegion) {
        super(clients, defaultRegion, INFO, CLOUDTRAIL);
        this.binder = new DynamoDbTableBinder(INFO.actions(), defaultRegion);
        this.applier = new DynamoDbTableApplier(clients);
    }

    @Inject
    public DynamoDbTableProvider(CloudClients clients, HomeostatConfig config) {
        this(clients, config.cloud().region());
    }

    /** The same checks observe and planning apply ({@link DynamoDbTableSpec#parse}), run when the phases load. */
    @Override
    public void validate(DesiredResource desired) {
        DynamoDbTableSpec.parse(desired);
    }

    @Override
    public java.util.Optional<io.homeostat.runtime.provider.ResourceDiscovery> discovery() {
        return java.util.Optional.of(new DynamoDbTableDiscovery(clients));
    }

    @Override
    public Observation observe(DesiredResource desired) {
        DynamoDbTableSpec spec = DynamoDbTableSpec.parse(desired);
        DynamoDbClient ddb = clients.dynamodb(region(desired.region()));
        try {
            TableDescription table = ddb.describeTable(b -> b.tableName(desired.name())).table();
            Map<String, String> actual = new TreeMap<>();
            actual.put("attributes.TableStatus", table.tableStatusAsString());
            actual.put("attributes.TableArn", table.tableArn());
            if ("DELETING".equals(table.tableStatusAsString())) {
                // Going away: what restores it is a CreateTable, which is retryable until the delete finishes.
                return new Observation(false, List.of(new FieldDiff(FieldDiff.EXISTS, "true", "false")), actual);
            }
            Map<String, String> live = DynamoDbTableLiveState.properties(table);
            if (spec.pointInTimeRecovery() != null) {
                live.put(POINT_IN_TIME_RECOVERY_PROPERTY,
                        String.valueOf(DynamoDbTableLiveState.pointInTimeRecovery(ddb, desired.name())));
            }
            Map<String, String> tags = DynamoDbTableLiveState.tags(ddb, table.tableArn());
            live.forEach((k, v) -> actual.put(PROPS + k, v));
            tags.forEach((k, v) -> actual.put("tags." + k, v));

            List<FieldDiff> diff = new ArrayList<>();
            spec.declared().forEach((name, want) -> {
                String have = live.get(name);
                if (!want.equals(have)) {
                    diff.add(new FieldDiff(PROPS + name, want, have));
                }
            });
            TagDiff.append(diff, desired.tags(), tags);
            return new Observation(true, diff, actual);
        } catch (ResourceNotFoundException | TableNotFoundException gone) {
            return Observation.missing();
        } catch (RuntimeException e) {
            throw CloudCallException.wrap("observe " + DynamoDbTableActions.TYPE + " " + desired.name(), e);
        }
    }

    @Override
    public List<PlannedAction> planRestore(DesiredResource desired, Observation observed) {
        return DynamoDbTableRestorePlanner.plan(desired, observed, region(desired.region()));
    }

    /**
     * Tags are put back or removed again. Table updates are not undone (billing-mode switches are rate-limited by AWS,
     * and a second switch could fail mid-saga), nor is a re-created table deleted (it may hold data by then).
     */
    @Override
    public PlannedAction compensation(DesiredResource desired, Observation observed, PlannedAction action) {
        return switch (action.action()) {
            case DynamoDbTableActions.TAG_RESOURCE, DynamoDbTableActions.UNTAG_RESOURCE -> Compensations.tags(action, observed,
                    DynamoDbTableActions.TAG, DynamoDbTableActions.UNTAG, DynamoDbTableActions.TAG_RESOURCE, DynamoDbTableActions.UNTAG_RESOURCE);
            default -> null;
        };
    }

    @Override
    public TypedAction bind(PlannedAction action) {
        return binder.bind(action);
    }

    @Override
    public String apply(TypedAction action) {
        return applier.apply(action);
    }

    /**
     * The table name in a CloudTrail value: a plain name, or a table ARN ({@code ...:table/<name>} optionally followed
     * by {@code /stream/...}, {@code /index/...}, {@code /backup/...}). Other ARNs (global tables) name no table here.
     */
    static Optional<String> tableNameOf(String value) {
        if (!value.startsWith("arn:")) {
            return Optional.of(value);
        }
        String[] parts = value.split(":", 6);
        if (parts.length < 6 || !"dynamodb".equals(parts[2]) || !parts[5].startsWith("table/")) {
            return Optional.empty();
        }
        String rest = parts[5].substring("table/".length());
        int slash = rest.indexOf('/');
        String name = slash < 0 ? rest : rest.substring(0, slash);
        return name.isEmpty() ? Optional.empty() : Optional.of(name);
    }

}
