package io.homeostat.runtime.provider.dynamodb;

import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.PAY_PER_REQUEST;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.PROVISIONED;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableLiveState.billingModeOf;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableLiveState.capacity;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableLiveState.keySchemaOf;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableLiveState.pointInTimeRecovery;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableSpec.keySchemaJson;

import io.homeostat.runtime.provider.CloudCallException;
import io.homeostat.runtime.provider.CloudClients;
import io.homeostat.runtime.provider.InvalidActionException;
import io.homeostat.runtime.provider.TypedAction;
import io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.CreateTable;
import io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.KeySchema;
import io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.TagResource;
import io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.UntagResource;
import io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.UpdateContinuousBackups;
import io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.UpdateTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsUnavailableException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest;

/**
 * Runs a bound table action against DynamoDB, idempotently: what already holds is not called again, and a table that
 * already exists with the same key is converged rather than failed. Failures come out as {@link CloudCallException}s
 * that say whether a retry can help.
 *
 * <p>Exists to hold every write call (and the failure classification that goes with them) in one place, apart from
 * the pure planning and binding that decide what to run.
 */
final class DynamoDbTableApplier {

    private final CloudClients clients;

    DynamoDbTableApplier(CloudClients clients) {
        this.clients = clients;
    }

    /** @return a short human-readable result for the ledger */
    String apply(TypedAction action) {
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

    private static String create(DynamoDbClient ddb, CreateTable c) {
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
}
