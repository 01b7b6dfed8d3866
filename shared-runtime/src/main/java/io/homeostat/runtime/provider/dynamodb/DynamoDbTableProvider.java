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

import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.PlannedAction;
import io.homeostat.runtime.config.HomeostatConfig;
import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.provider.CloudCallException;
import io.homeostat.runtime.provider.CloudClients;
import io.homeostat.runtime.provider.CloudTrailMapping;
import io.homeostat.runtime.provider.InvalidActionException;
import io.homeostat.runtime.provider.Observation;
import io.homeostat.runtime.provider.ResourceProvider;
import io.homeostat.runtime.provider.TypeInfo;
import io.homeostat.runtime.provider.TypedAction;
import io.homeostat.runtime.provider.Values;
import io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.CreateTable;
import io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.Key;
import io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.KeySchema;
import io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.TagResource;
import io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.UntagResource;
import io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.UpdateContinuousBackups;
import io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.UpdateTable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsUnavailableException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceResponse;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryDescription;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest;

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
 */
@Singleton
public final class DynamoDbTableProvider implements ResourceProvider {

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

    private static final String PROPS = "properties.";
    private static final Pattern TABLE_NAME_PATTERN = Pattern.compile("[A-Za-z0-9_.-]{3,255}");
    private static final Pattern REGION_PATTERN = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final Pattern KEY_TYPE_PATTERN = Pattern.compile("[SNB]");
    private static final Pattern CAPACITY_PATTERN = Pattern.compile("[1-9]\\d{0,6}");
    /** DynamoDB's tag character set: letters, numbers, spaces and {@code _ . : / = + - @}. */
    private static final Pattern TAG_CHARS = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
    private static final Set<String> KEY_SCHEMA_PARTS = Set.of("hash", "range");
    private static final Set<String> KEY_FIELDS = Set.of("name", "type");

    private static final TypeInfo INFO = new TypeInfo(DynamoDbTableActions.TYPE, "dynamodb",
            List.of("dynamodb:DescribeTable", "dynamodb:DescribeContinuousBackups", "dynamodb:ListTagsOfResource",
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

    /** What a phase declares, validated; null fields are not declared (and not compared). */
    record Spec(KeySchema keySchema, String billingMode, Long readCapacityUnits, Long writeCapacityUnits,
            Boolean deletionProtectionEnabled, Boolean pointInTimeRecovery) {}

    private final CloudClients clients;
    private final String defaultRegion;

    public DynamoDbTableProvider(CloudClients clients, String defaultRegion) {
        this.clients = clients;
        this.defaultRegion = defaultRegion;
    }

    @Inject
    public DynamoDbTableProvider(CloudClients clients, HomeostatConfig config) {
        this(clients, config.cloud().region());
    }

    @Override
    public TypeInfo typeInfo() {
        return INFO;
    }

    @Override
    public Optional<CloudTrailMapping> cloudTrail() {
        return Optional.of(CLOUDTRAIL);
    }

    // ---------------------------------------------------------------------------------------------------- observe

    @Override
    public Observation observe(DesiredResource desired) {
        Spec spec = spec(desired);
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
            Map<String, String> live = liveProperties(table);
            if (spec.pointInTimeRecovery() != null) {
                live.put(POINT_IN_TIME_RECOVERY_PROPERTY, String.valueOf(pointInTimeRecovery(ddb, desired.name())));
            }
            Map<String, String> tags = tags(ddb, table.tableArn());
            live.forEach((k, v) -> actual.put(PROPS + k, v));
            tags.forEach((k, v) -> actual.put("tags." + k, v));

            List<FieldDiff> diff = new ArrayList<>();
            declared(spec).forEach((name, want) -> {
                String have = live.get(name);
                if (!want.equals(have)) {
                    diff.add(new FieldDiff(PROPS + name, want, have));
                }
            });
            Set<String> tagKeys = new TreeSet<>(desired.tags().keySet());
            tags.keySet().stream().filter(k -> !k.startsWith("aws:")).forEach(tagKeys::add);
            for (String key : tagKeys) {
                String want = desired.tags().get(key);
                String have = tags.get(key);
                if (!Objects.equals(want, have)) {
                    diff.add(new FieldDiff("tags." + key, want, have));
                }
            }
            return new Observation(true, diff, actual);
        } catch (ResourceNotFoundException | TableNotFoundException gone) {
            return Observation.missing();
        } catch (RuntimeException e) {
            throw CloudCallException.wrap("observe " + DynamoDbTableActions.TYPE + " " + desired.name(), e);
        }
    }

    /** The declared properties as normalised strings, in name order. */
    private static Map<String, String> declared(Spec spec) {
        Map<String, String> d = new TreeMap<>();
        d.put(KEY_SCHEMA, keySchemaJson(spec.keySchema()));
        if (spec.billingMode() != null) {
            d.put(BILLING_MODE_PROPERTY, spec.billingMode());
        }
        if (spec.readCapacityUnits() != null) {
            d.put(READ_CAPACITY_PROPERTY, Values.normalize(spec.readCapacityUnits()));
            d.put(WRITE_CAPACITY_PROPERTY, Values.normalize(spec.writeCapacityUnits()));
        }
        if (spec.deletionProtectionEnabled() != null) {
            d.put(DELETION_PROTECTION_PROPERTY, spec.deletionProtectionEnabled().toString());
        }
        if (spec.pointInTimeRecovery() != null) {
            d.put(POINT_IN_TIME_RECOVERY_PROPERTY, spec.pointInTimeRecovery().toString());
        }
        return d;
    }

    /** KeySchema, BillingMode, Read/WriteCapacityUnits (0 on demand) and DeletionProtectionEnabled as AWS reports them. */
    private static Map<String, String> liveProperties(TableDescription t) {
        Map<String, String> live = new TreeMap<>();
        live.put(KEY_SCHEMA, keySchemaJson(keySchemaOf(t)));
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

    /** Canonical JSON, the form of both the diff and the before-image: {@code {"hash":{"name":..,"type":..},"range":..}}. */
    static String keySchemaJson(KeySchema k) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (k.hash() != null) {
            m.put("hash", Map.of("name", k.hash().name(), "type", String.valueOf(k.hash().type())));
        }
        if (k.range() != null) {
            m.put("range", Map.of("name", k.range().name(), "type", String.valueOf(k.range().type())));
        }
        return Values.normalize(m);
    }

    private static boolean pointInTimeRecovery(DynamoDbClient ddb, String table) {
        PointInTimeRecoveryDescription pitr = ddb.describeContinuousBackups(b -> b.tableName(table))
                .continuousBackupsDescription().pointInTimeRecoveryDescription();
        return pitr != null && pitr.pointInTimeRecoveryStatus() == PointInTimeRecoveryStatus.ENABLED;
    }

    private static Map<String, String> tags(DynamoDbClient ddb, String arn) {
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

    // -------------------------------------------------------------------------------------------- desired properties

    /** Validates what desired declares; an IllegalArgumentException names the property and what is allowed. */
    static Spec spec(DesiredResource desired) {
        String what = DynamoDbTableActions.TYPE + " " + desired.name() + ": ";
        Map<String, Object> p = desired.properties();
        for (String name : new TreeSet<>(p.keySet())) {
            if (!PROPERTIES.contains(name)) {
                throw new IllegalArgumentException(what + "unknown property '" + name + "'; allowed: " + new TreeSet<>(PROPERTIES));
            }
        }
        if (!p.containsKey(KEY_SCHEMA)) {
            throw new IllegalArgumentException(what + "property KeySchema is required, e.g. {hash: {name: id, type: S}}");
        }
        KeySchema keySchema = keySchema(what, p.get(KEY_SCHEMA));
        String billing = null;
        if (p.get(BILLING_MODE_PROPERTY) != null) {
            billing = p.get(BILLING_MODE_PROPERTY).toString().trim();
            if (!billing.equals(PAY_PER_REQUEST) && !billing.equals(PROVISIONED)) {
                throw new IllegalArgumentException(what + "BillingMode must be PAY_PER_REQUEST or PROVISIONED, not '" + billing + "'");
            }
        }
        Long read = capacity(what, READ_CAPACITY_PROPERTY, p.get(READ_CAPACITY_PROPERTY));
        Long write = capacity(what, WRITE_CAPACITY_PROPERTY, p.get(WRITE_CAPACITY_PROPERTY));
        if ((read == null) != (write == null)) {
            throw new IllegalArgumentException(what + "ReadCapacityUnits and WriteCapacityUnits go together: declare both or neither");
        }
        if (read != null) {
            if (PAY_PER_REQUEST.equals(billing)) {
                throw new IllegalArgumentException(what + "ReadCapacityUnits/WriteCapacityUnits apply only to BillingMode PROVISIONED");
            }
            billing = PROVISIONED;
        } else if (PROVISIONED.equals(billing)) {
            throw new IllegalArgumentException(what + "BillingMode PROVISIONED needs ReadCapacityUnits and WriteCapacityUnits");
        }
        return new Spec(keySchema, billing, read, write,
                bool(what, DELETION_PROTECTION_PROPERTY, p.get(DELETION_PROTECTION_PROPERTY)),
                bool(what, POINT_IN_TIME_RECOVERY_PROPERTY, p.get(POINT_IN_TIME_RECOVERY_PROPERTY)));
    }

    private static KeySchema keySchema(String what, Object value) {
        if (!(value instanceof Map<?, ?> m) || m.isEmpty()) {
            throw new IllegalArgumentException(what + "KeySchema must be a map {hash: {name, type}, range?: {name, type}}, not " + value);
        }
        for (Object part : m.keySet()) {
            if (!KEY_SCHEMA_PARTS.contains(String.valueOf(part))) {
                throw new IllegalArgumentException(what + "KeySchema has unknown key '" + part + "'; allowed: [hash, range]");
            }
        }
        if (m.get("hash") == null) {
            throw new IllegalArgumentException(what + "KeySchema.hash is required");
        }
        Key hash = key(what, "hash", m.get("hash"));
        Key range = m.get("range") == null ? null : key(what, "range", m.get("range"));
        if (range != null && range.name().equals(hash.name())) {
            throw new IllegalArgumentException(what + "KeySchema.range must name another attribute than KeySchema.hash");
        }
        return new KeySchema(hash, range);
    }

    private static Key key(String what, String part, Object value) {
        if (!(value instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(what + "KeySchema." + part + " must be a map {name, type}, not " + value);
        }
        for (Object field : m.keySet()) {
            if (!KEY_FIELDS.contains(String.valueOf(field))) {
                throw new IllegalArgumentException(what + "KeySchema." + part + " has unknown key '" + field + "'; allowed: [name, type]");
            }
        }
        String name = m.get("name") == null ? null : m.get("name").toString();
        if (!validAttributeName(name)) {
            throw new IllegalArgumentException(what + "KeySchema." + part + ".name must be 1-255 characters without control characters, not '" + name + "'");
        }
        String type = m.get("type") == null ? null : m.get("type").toString().trim();
        if (type == null || !KEY_TYPE_PATTERN.matcher(type).matches()) {
            throw new IllegalArgumentException(what + "KeySchema." + part + ".type must be S, N or B, not '" + type + "'");
        }
        return new Key(name, type);
    }

    private static Long capacity(String what, String property, Object value) {
        if (value == null) {
            return null;
        }
        String n = Values.normalize(value);
        if (!CAPACITY_PATTERN.matcher(n).matches() || Long.parseLong(n) > MAX_CAPACITY) {
            throw new IllegalArgumentException(what + property + " must be a whole number from 1 to " + MAX_CAPACITY + ", not '" + value + "'");
        }
        return Long.parseLong(n);
    }

    private static Boolean bool(String what, String property, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String s = value.toString().trim();
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.valueOf(s.toLowerCase());
        }
        throw new IllegalArgumentException(what + property + " must be true or false, not '" + value + "'");
    }

    // ---------------------------------------------------------------------------------------------------- plan

    @Override
    public List<PlannedAction> planRestore(DesiredResource desired, Observation observed) {
        if (observed.upToDate()) {
            return List.of();
        }
        Spec spec = spec(desired);
        String table = desired.name();
        String region = region(desired.region());
        List<PlannedAction> actions = new ArrayList<>();
        if (!observed.exists()) {
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

        Set<String> differs = new TreeSet<>();
        Map<String, String> tags = new TreeMap<>();
        Set<String> untag = new TreeSet<>();
        for (FieldDiff d : observed.diff()) {
            if (d.path().startsWith(PROPS)) {
                differs.add(d.path().substring(PROPS.length()));
            } else if (d.path().startsWith("tags.")) {
                String key = d.path().substring("tags.".length());
                if (d.desired() == null) {
                    untag.add(key);
                } else {
                    tags.put(key, d.desired());
                }
            }
        }
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
        if (!tags.isEmpty()) {
            Map<String, String> p = base(table, region);
            tags.forEach((k, v) -> p.put(TAG + k, v));
            actions.add(new PlannedAction(actions.size() + 1, DynamoDbTableActions.TAG_RESOURCE, p, "restore tag(s) " + tags.keySet()));
        }
        if (!untag.isEmpty()) {
            Map<String, String> p = base(table, region);
            untag.forEach(k -> p.put(UNTAG + k, ""));
            actions.add(new PlannedAction(actions.size() + 1, DynamoDbTableActions.UNTAG_RESOURCE, p, "remove undeclared tag(s) " + untag));
        }
        return actions;
    }

    private static Map<String, String> base(String table, String region) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(TABLE_NAME, table);
        p.put(REGION, region);
        return p;
    }

    // ---------------------------------------------------------------------------------------------------- bind

    @Override
    public TypedAction bind(PlannedAction action) {
        String a = action.action();
        if (!INFO.actions().contains(a)) {
            throw new InvalidActionException("action '" + a + "' is not in the catalogue of " + DynamoDbTableActions.TYPE
                    + ": " + INFO.actions());
        }
        Map<String, String> p = action.parameters();
        String table = p.get(TABLE_NAME);
        if (table == null || !TABLE_NAME_PATTERN.matcher(table).matches()) {
            throw new InvalidActionException(a + ": invalid or missing tableName '" + table + "'");
        }
        String region = p.getOrDefault(REGION, defaultRegion);
        if (region == null || !REGION_PATTERN.matcher(region).matches()) {
            throw new InvalidActionException(a + ": invalid region '" + region + "'");
        }
        Map<String, String> settings = new TreeMap<>();
        Map<String, String> tags = new TreeMap<>();
        Set<String> untag = new TreeSet<>();
        for (Map.Entry<String, String> e : p.entrySet()) {
            String key = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue();
            switch (key) {
                case TABLE_NAME, REGION -> { }
                case HASH_KEY_NAME, RANGE_KEY_NAME -> {
                    if (!validAttributeName(value)) {
                        throw new InvalidActionException(a + ": " + key + " must be 1-255 characters without control characters");
                    }
                    settings.put(key, value);
                }
                case HASH_KEY_TYPE, RANGE_KEY_TYPE -> settings.put(key, oneOf(a, key, value, "S", "N", "B"));
                case BILLING_MODE -> settings.put(key, oneOf(a, key, value, PAY_PER_REQUEST, PROVISIONED));
                case READ_CAPACITY_UNITS, WRITE_CAPACITY_UNITS -> {
                    if (!CAPACITY_PATTERN.matcher(value).matches() || Long.parseLong(value) > MAX_CAPACITY) {
                        throw new InvalidActionException(a + ": " + key + " must be a whole number from 1 to " + MAX_CAPACITY + ", not '" + value + "'");
                    }
                    settings.put(key, value);
                }
                case DELETION_PROTECTION_ENABLED, POINT_IN_TIME_RECOVERY_ENABLED -> settings.put(key, oneOf(a, key, value, "true", "false"));
                default -> {
                    if (key.startsWith(TAG) && validTagKey(key.substring(TAG.length())) && validTagValue(value)) {
                        tags.put(key.substring(TAG.length()), value);
                    } else if (key.startsWith(UNTAG) && validTagKey(key.substring(UNTAG.length())) && value.isEmpty()) {
                        untag.add(key.substring(UNTAG.length()));
                    } else {
                        throw new InvalidActionException(a + ": parameter '" + key + "' is not allowed");
                    }
                }
            }
        }
        Long read = settings.containsKey(READ_CAPACITY_UNITS) ? Long.valueOf(settings.get(READ_CAPACITY_UNITS)) : null;
        Long write = settings.containsKey(WRITE_CAPACITY_UNITS) ? Long.valueOf(settings.get(WRITE_CAPACITY_UNITS)) : null;
        Boolean protection = settings.containsKey(DELETION_PROTECTION_ENABLED) ? Boolean.valueOf(settings.get(DELETION_PROTECTION_ENABLED)) : null;
        String billing = settings.get(BILLING_MODE);
        return switch (a) {
            case DynamoDbTableActions.CREATE_TABLE -> {
                only(a, settings.keySet(), untag, Set.of(HASH_KEY_NAME, HASH_KEY_TYPE, RANGE_KEY_NAME, RANGE_KEY_TYPE,
                        BILLING_MODE, READ_CAPACITY_UNITS, WRITE_CAPACITY_UNITS, DELETION_PROTECTION_ENABLED));
                if (!settings.containsKey(HASH_KEY_NAME) || !settings.containsKey(HASH_KEY_TYPE)) {
                    throw new InvalidActionException(a + ": hashKeyName and hashKeyType are required");
                }
                if (settings.containsKey(RANGE_KEY_NAME) != settings.containsKey(RANGE_KEY_TYPE)) {
                    throw new InvalidActionException(a + ": rangeKeyName and rangeKeyType go together");
                }
                if (settings.get(HASH_KEY_NAME).equals(settings.get(RANGE_KEY_NAME))) {
                    throw new InvalidActionException(a + ": the range key must be another attribute than the hash key");
                }
                if (billing == null) {
                    throw new InvalidActionException(a + ": billingMode is required");
                }
                checkCapacity(a, billing, read, write, true);
                Key range = settings.containsKey(RANGE_KEY_NAME) ? new Key(settings.get(RANGE_KEY_NAME), settings.get(RANGE_KEY_TYPE)) : null;
                yield new CreateTable(region, table, new KeySchema(new Key(settings.get(HASH_KEY_NAME), settings.get(HASH_KEY_TYPE)), range),
                        billing, read, write, protection, tags);
            }
            case DynamoDbTableActions.UPDATE_TABLE -> {
                only(a, settings.keySet(), untag, Set.of(BILLING_MODE, READ_CAPACITY_UNITS, WRITE_CAPACITY_UNITS, DELETION_PROTECTION_ENABLED));
                if (!tags.isEmpty() || settings.isEmpty()) {
                    throw new InvalidActionException(a + ": parameters do not fit the action: " + p.keySet());
                }
                checkCapacity(a, billing, read, write, billing != null);
                yield new UpdateTable(region, table, billing, read, write, protection);
            }
            case DynamoDbTableActions.UPDATE_CONTINUOUS_BACKUPS -> {
                only(a, settings.keySet(), untag, Set.of(POINT_IN_TIME_RECOVERY_ENABLED));
                if (!tags.isEmpty() || !settings.containsKey(POINT_IN_TIME_RECOVERY_ENABLED)) {
                    throw new InvalidActionException(a + ": parameters do not fit the action: " + p.keySet());
                }
                yield new UpdateContinuousBackups(region, table, Boolean.parseBoolean(settings.get(POINT_IN_TIME_RECOVERY_ENABLED)));
            }
            case DynamoDbTableActions.TAG_RESOURCE -> {
                if (!settings.isEmpty() || !untag.isEmpty() || tags.isEmpty()) {
                    throw new InvalidActionException(a + ": parameters do not fit the action: " + p.keySet());
                }
                yield new TagResource(region, table, tags);
            }
            case DynamoDbTableActions.UNTAG_RESOURCE -> {
                if (!settings.isEmpty() || !tags.isEmpty() || untag.isEmpty()) {
                    throw new InvalidActionException(a + ": parameters do not fit the action: " + p.keySet());
                }
                yield new UntagResource(region, table, untag);
            }
            default -> throw new InvalidActionException("action '" + a + "' is not in the catalogue of " + DynamoDbTableActions.TYPE);
        };
    }

    private static void only(String action, Set<String> settings, Set<String> untag, Set<String> allowed) {
        for (String key : settings) {
            if (!allowed.contains(key)) {
                throw new InvalidActionException(action + ": parameters do not fit the action: '" + key + "' is not one of " + new TreeSet<>(allowed));
            }
        }
        if (!untag.isEmpty()) {
            throw new InvalidActionException(action + ": parameters do not fit the action: untag.* belongs to UntagResource");
        }
    }

    /** Capacity only with PROVISIONED and then both figures; {@code billingKnown} false = an UpdateTable of throughput alone. */
    private static void checkCapacity(String action, String billing, Long read, Long write, boolean billingKnown) {
        if ((read == null) != (write == null)) {
            throw new InvalidActionException(action + ": readCapacityUnits and writeCapacityUnits go together");
        }
        if (PAY_PER_REQUEST.equals(billing) && read != null) {
            throw new InvalidActionException(action + ": capacity units are not allowed with billingMode PAY_PER_REQUEST");
        }
        if (billingKnown && PROVISIONED.equals(billing) && read == null) {
            throw new InvalidActionException(action + ": billingMode PROVISIONED needs readCapacityUnits and writeCapacityUnits");
        }
    }

    private static String oneOf(String action, String key, String value, String... allowed) {
        for (String v : allowed) {
            if (v.equals(value)) {
                return v;
            }
        }
        throw new InvalidActionException(action + ": " + key + " must be one of " + List.of(allowed) + ", not '" + value + "'");
    }

    // ---------------------------------------------------------------------------------------------------- apply

    @Override
    public String apply(TypedAction action) {
        try {
            if (action instanceof CreateTable c) {
                return create(clients.dynamodb(c.region()), c);
            } else if (action instanceof UpdateTable u) {
                DynamoDbClient ddb = clients.dynamodb(u.region());
                TableDescription t = ddb.describeTable(b -> b.tableName(u.tableName())).table();
                return update(ddb, t, u.billingMode(), u.readCapacityUnits(), u.writeCapacityUnits(), u.deletionProtectionEnabled());
            } else if (action instanceof UpdateContinuousBackups b) {
                DynamoDbClient ddb = clients.dynamodb(b.region());
                String state = b.pointInTimeRecoveryEnabled() ? "enabled" : "disabled";
                if (pointInTimeRecovery(ddb, b.tableName()) == b.pointInTimeRecoveryEnabled()) {
                    return "point-in-time recovery already " + state + " on " + b.tableName();
                }
                ddb.updateContinuousBackups(r -> r.tableName(b.tableName())
                        .pointInTimeRecoverySpecification(s -> s.pointInTimeRecoveryEnabled(b.pointInTimeRecoveryEnabled())));
                return "point-in-time recovery " + state + " on " + b.tableName();
            } else if (action instanceof TagResource t) {
                DynamoDbClient ddb = clients.dynamodb(t.region());
                String arn = ddb.describeTable(b -> b.tableName(t.tableName())).table().tableArn();
                ddb.tagResource(b -> b.resourceArn(arn).tags(toTags(t.tags())));
                return "tagged " + t.tableName() + " with " + new TreeSet<>(t.tags().keySet());
            } else if (action instanceof UntagResource u) {
                DynamoDbClient ddb = clients.dynamodb(u.region());
                String arn = ddb.describeTable(b -> b.tableName(u.tableName())).table().tableArn();
                ddb.untagResource(b -> b.resourceArn(arn).tagKeys(new TreeSet<>(u.tagKeys())));
                return "removed tags " + new TreeSet<>(u.tagKeys()) + " from " + u.tableName();
            }
            throw new InvalidActionException("not an " + DynamoDbTableActions.TYPE + " action: " + action.name());
        } catch (InvalidActionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failure(action.name(), e);
        }
    }

    private String create(DynamoDbClient ddb, CreateTable c) {
        CreateTableRequest.Builder req = CreateTableRequest.builder()
                .tableName(c.tableName())
                .keySchema(keySchemaElements(c.keySchema()))
                .attributeDefinitions(attributeDefinitions(c.keySchema()))
                .billingMode(c.billingMode());
        if (PROVISIONED.equals(c.billingMode())) {
            req.provisionedThroughput(throughput(c.readCapacityUnits(), c.writeCapacityUnits()));
        }
        if (c.deletionProtectionEnabled() != null) {
            req.deletionProtectionEnabled(c.deletionProtectionEnabled());
        }
        if (!c.tags().isEmpty()) {
            req.tags(toTags(c.tags()));
        }
        try {
            ddb.createTable(req.build());
            return "created table " + c.tableName() + " (" + c.billingMode() + ", key " + keySchemaJson(c.keySchema())
                    + ") with tags " + new TreeSet<>(c.tags().keySet());
        } catch (ResourceInUseException exists) {
            // Already there (or still being deleted): make sure it is the table we meant, then converge what can be.
            TableDescription t;
            try {
                t = ddb.describeTable(b -> b.tableName(c.tableName())).table();
            } catch (ResourceNotFoundException justGone) {
                throw new CloudCallException(c.name() + " failed: table " + c.tableName() + " vanished while being created; retry", true, justGone);
            }
            if ("DELETING".equals(t.tableStatusAsString())) {
                throw new CloudCallException(c.name() + " failed: table " + c.tableName()
                        + " is still being deleted; retry to re-create it", true, exists);
            }
            KeySchema live = keySchemaOf(t);
            if (!live.equals(c.keySchema())) {
                throw new CloudCallException(c.name() + " failed: table " + c.tableName() + " already exists with key schema "
                        + keySchemaJson(live) + ", not " + keySchemaJson(c.keySchema())
                        + "; the key schema is create-only and Homeostat never deletes or re-creates a table", false, exists);
            }
            String updated = update(ddb, t, c.billingMode(), c.readCapacityUnits(), c.writeCapacityUnits(), c.deletionProtectionEnabled());
            if (!c.tags().isEmpty()) {
                ddb.tagResource(b -> b.resourceArn(t.tableArn()).tags(toTags(c.tags())));
            }
            return "table " + c.tableName() + " already existed with the same key; " + updated + "; tags " + new TreeSet<>(c.tags().keySet());
        }
    }

    /**
     * Sets whatever of billing mode, throughput and deletion protection differs from {@code t}; no call when nothing
     * does. Deletion protection goes first, on its own: a billing or throughput change puts the table in UPDATING.
     */
    private static String update(DynamoDbClient ddb, TableDescription t, String billingMode, Long read, Long write, Boolean protection) {
        String table = t.tableName();
        String liveBilling = billingModeOf(t);
        String targetBilling = billingMode == null ? liveBilling : billingMode;
        if (read != null && PAY_PER_REQUEST.equals(targetBilling)) {
            throw new CloudCallException("UpdateTable failed: table " + table + " is PAY_PER_REQUEST; capacity units apply only to PROVISIONED",
                    false, null);
        }
        boolean protectionChanges = protection != null && protection != Boolean.TRUE.equals(t.deletionProtectionEnabled());
        boolean billingChanges = !targetBilling.equals(liveBilling);
        boolean capacityChanges = PROVISIONED.equals(targetBilling) && read != null
                && (read != capacity(t, true) || write != capacity(t, false));
        if (!protectionChanges && !billingChanges && !capacityChanges) {
            return "table " + table + " already " + targetBilling
                    + (PROVISIONED.equals(targetBilling) ? " " + capacity(t, true) + "/" + capacity(t, false) : "")
                    + ", deletion protection " + Boolean.TRUE.equals(t.deletionProtectionEnabled());
        }
        requireActive(t, "UpdateTable");
        List<String> done = new ArrayList<>();
        if (protectionChanges) {
            ddb.updateTable(b -> b.tableName(table).deletionProtectionEnabled(protection));
            done.add("deletion protection " + protection);
        }
        if (billingChanges || capacityChanges) {
            UpdateTableRequest.Builder req = UpdateTableRequest.builder().tableName(table);
            if (billingChanges) {
                req.billingMode(targetBilling);
                done.add("billing mode " + targetBilling);
            }
            if (PROVISIONED.equals(targetBilling)) {
                req.provisionedThroughput(throughput(read, write));
                done.add("capacity " + read + "/" + write);
            }
            ddb.updateTable(req.build());
        }
        return "set " + String.join(", ", done) + " on table " + table;
    }

    /** A table that is CREATING or UPDATING cannot change yet (retry); one that is deleting or archived cannot at all. */
    static void requireActive(TableDescription t, String doing) {
        String status = t.tableStatusAsString();
        if ("ACTIVE".equals(status)) {
            return;
        }
        boolean transientState = "CREATING".equals(status) || "UPDATING".equals(status);
        throw new CloudCallException(doing + " failed: table " + t.tableName() + " is " + status
                + (transientState ? "; retry once it is ACTIVE" : ""), transientState, null);
    }

    /**
     * Classifies a DynamoDB failure: a table busy with another change (ResourceInUse, continuous backups not ready yet)
     * is retryable; a missing table is not (the verifier sees it and a new incident re-creates it).
     */
    static CloudCallException failure(String doing, RuntimeException e) {
        if (e instanceof CloudCallException c) {
            return c;
        }
        if (e instanceof ResourceInUseException || e instanceof ContinuousBackupsUnavailableException) {
            return new CloudCallException(doing + " failed: table is busy with another change; retry: " + e.getMessage(), true, e);
        }
        if (e instanceof ResourceNotFoundException || e instanceof TableNotFoundException) {
            return new CloudCallException(doing + " failed: table does not exist", false, e);
        }
        return CloudCallException.wrap(doing, e);
    }

    private static ProvisionedThroughput throughput(Long read, Long write) {
        return ProvisionedThroughput.builder().readCapacityUnits(read).writeCapacityUnits(write).build();
    }

    private static List<KeySchemaElement> keySchemaElements(KeySchema k) {
        List<KeySchemaElement> out = new ArrayList<>();
        out.add(KeySchemaElement.builder().attributeName(k.hash().name()).keyType(KeyType.HASH).build());
        if (k.range() != null) {
            out.add(KeySchemaElement.builder().attributeName(k.range().name()).keyType(KeyType.RANGE).build());
        }
        return out;
    }

    private static List<AttributeDefinition> attributeDefinitions(KeySchema k) {
        List<AttributeDefinition> out = new ArrayList<>();
        out.add(AttributeDefinition.builder().attributeName(k.hash().name()).attributeType(k.hash().type()).build());
        if (k.range() != null) {
            out.add(AttributeDefinition.builder().attributeName(k.range().name()).attributeType(k.range().type()).build());
        }
        return out;
    }

    private static List<Tag> toTags(Map<String, String> tags) {
        return new TreeMap<>(tags).entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    // ---------------------------------------------------------------------------------------------------- helpers

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

    private String region(String region) {
        return region == null ? defaultRegion : region;
    }

    private static boolean validAttributeName(String name) {
        return name != null && !name.isEmpty() && name.length() <= 255 && name.chars().noneMatch(Character::isISOControl);
    }

    private static boolean validTagKey(String key) {
        return !key.isEmpty() && key.length() <= 128 && !key.startsWith("aws:") && TAG_CHARS.matcher(key).matches();
    }

    private static boolean validTagValue(String value) {
        return value.length() <= 256 && TAG_CHARS.matcher(value).matches();
    }
}
