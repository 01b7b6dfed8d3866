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
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableProvider.MAX_CAPACITY;

import io.homeostat.model.events.PlannedAction;
import io.homeostat.runtime.provider.InvalidActionException;
import io.homeostat.runtime.provider.TypedAction;
import io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.CreateTable;
import io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.Key;
import io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.KeySchema;
import io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.TagResource;
import io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.UntagResource;
import io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.UpdateContinuousBackups;
import io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.UpdateTable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Validates an untrusted {@link PlannedAction} (it arrives over a queue) against the table catalogue: the action name
 * and every parameter, and that they fit the action. Only what passes becomes a {@link TypedAction}.
 *
 * <p>Exists so this gate is pure and reviewable on its own, with no AWS client in reach.
 */
final class DynamoDbTableBinder {

    private static final Pattern TABLE_NAME_PATTERN = Pattern.compile("[A-Za-z0-9_.-]{3,255}");
    private static final Pattern REGION_PATTERN = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    /** DynamoDB's tag character set: letters, numbers, spaces and {@code _ . : / = + - @}. */
    private static final Pattern TAG_CHARS = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

    private final List<String> catalogue;
    private final String defaultRegion;

    /** @param catalogue the action names this provider offers; {@code defaultRegion} applies when none is given */
    DynamoDbTableBinder(List<String> catalogue, String defaultRegion) {
        this.catalogue = catalogue;
        this.defaultRegion = defaultRegion;
    }

    TypedAction bind(PlannedAction action) {
        String a = action.action();
        if (!catalogue.contains(a)) {
            throw new InvalidActionException("action '" + a + "' is not in the catalogue of " + DynamoDbTableActions.TYPE
                    + ": " + catalogue);
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
                    if (!DynamoDbTableSpec.validAttributeName(value)) {
                        throw new InvalidActionException(a + ": " + key + " must be 1-255 characters without control characters");
                    }
                    settings.put(key, value);
                }
                case HASH_KEY_TYPE, RANGE_KEY_TYPE -> settings.put(key, oneOf(a, key, value, "S", "N", "B"));
                case BILLING_MODE -> settings.put(key, oneOf(a, key, value, PAY_PER_REQUEST, PROVISIONED));
                case READ_CAPACITY_UNITS, WRITE_CAPACITY_UNITS -> {
                    if (!DynamoDbTableSpec.validCapacity(value)) {
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

    private static boolean validTagKey(String key) {
        return !key.isEmpty() && key.length() <= 128 && !key.startsWith("aws:") && TAG_CHARS.matcher(key).matches();
    }

    private static boolean validTagValue(String value) {
        return value.length() <= 256 && TAG_CHARS.matcher(value).matches();
    }
}
