package io.homeostat.runtime.provider.dynamodb;

import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.PAY_PER_REQUEST;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.PROVISIONED;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableProvider.BILLING_MODE_PROPERTY;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableProvider.DELETION_PROTECTION_PROPERTY;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableProvider.KEY_SCHEMA;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableProvider.MAX_CAPACITY;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableProvider.POINT_IN_TIME_RECOVERY_PROPERTY;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableProvider.PROPERTIES;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableProvider.READ_CAPACITY_PROPERTY;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableProvider.WRITE_CAPACITY_PROPERTY;

import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.provider.Values;
import io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.Key;
import io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.KeySchema;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a phase declares for an {@code aws.dynamodb.table}, validated; null fields are not declared (and not compared).
 *
 * <p>Exists so the rules for desired properties (which are allowed, how they combine, their canonical string forms)
 * live in one pure place that observe, planning and the tests share, apart from any AWS call.
 */
record DynamoDbTableSpec(KeySchema keySchema, String billingMode, Long readCapacityUnits, Long writeCapacityUnits,
        Boolean deletionProtectionEnabled, Boolean pointInTimeRecovery) {

    private static final Pattern KEY_TYPE_PATTERN = Pattern.compile("[SNB]");
    private static final Pattern CAPACITY_PATTERN = Pattern.compile("[1-9]\\d{0,6}");
    private static final Set<String> KEY_SCHEMA_PARTS = Set.of("hash", "range");
    private static final Set<String> KEY_FIELDS = Set.of("name", "type");

    /** Validates what desired declares; an IllegalArgumentException names the property and what is allowed. */
    static DynamoDbTableSpec parse(DesiredResource desired) {
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
        return new DynamoDbTableSpec(keySchema, billing, read, write,
                bool(what, DELETION_PROTECTION_PROPERTY, p.get(DELETION_PROTECTION_PROPERTY)),
                bool(what, POINT_IN_TIME_RECOVERY_PROPERTY, p.get(POINT_IN_TIME_RECOVERY_PROPERTY)));
    }

    /** The declared properties as normalised strings, in name order. */
    Map<String, String> declared() {
        Map<String, String> d = new TreeMap<>();
        d.put(KEY_SCHEMA, keySchemaJson(keySchema));
        if (billingMode != null) {
            d.put(BILLING_MODE_PROPERTY, billingMode);
        }
        if (readCapacityUnits != null) {
            d.put(READ_CAPACITY_PROPERTY, Values.normalize(readCapacityUnits));
            d.put(WRITE_CAPACITY_PROPERTY, Values.normalize(writeCapacityUnits));
        }
        if (deletionProtectionEnabled != null) {
            d.put(DELETION_PROTECTION_PROPERTY, deletionProtectionEnabled.toString());
        }
        if (pointInTimeRecovery != null) {
            d.put(POINT_IN_TIME_RECOVERY_PROPERTY, pointInTimeRecovery.toString());
        }
        return d;
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

    /** A key attribute name DynamoDB accepts: 1-255 characters, none of them control characters. */
    static boolean validAttributeName(String name) {
        return name != null && !name.isEmpty() && name.length() <= 255 && name.chars().noneMatch(Character::isISOControl);
    }

    /** A capacity in its normalised string form: a whole number from 1 to {@link DynamoDbTableProvider#MAX_CAPACITY}. */
    static boolean validCapacity(String n) {
        return CAPACITY_PATTERN.matcher(n).matches() && Long.parseLong(n) <= MAX_CAPACITY;
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
        if (!validCapacity(n)) {
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
}
