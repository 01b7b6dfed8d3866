package io.homeostat.runtime.provider.dynamodb;

import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableProvider.BILLING_MODE_PROPERTY;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableProvider.DELETION_PROTECTION_PROPERTY;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableProvider.KEY_SCHEMA;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableProvider.POINT_IN_TIME_RECOVERY_PROPERTY;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableProvider.READ_CAPACITY_PROPERTY;
import static io.homeostat.runtime.provider.dynamodb.DynamoDbTableProvider.WRITE_CAPACITY_PROPERTY;

import io.homeostat.runtime.provider.CloudCallException;
import io.homeostat.runtime.provider.CloudClients;
import io.homeostat.runtime.provider.Discovered;
import io.homeostat.runtime.provider.ImportValues;
import io.homeostat.runtime.provider.PagedNames;
import io.homeostat.runtime.provider.ResourceDiscovery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Lists tables with ListTables (100 a page) and imports key schema, billing mode and capacity, deletion protection,
 * point-in-time recovery and tags, read the way the provider reads them ({@link DynamoDbTableLiveState}).
 */
final class DynamoDbTableDiscovery implements ResourceDiscovery {

    private final CloudClients clients;

    DynamoDbTableDiscovery(CloudClients clients) {
        this.clients = clients;
    }

    @Override
    public List<String> list(String region, String namePrefix, Runnable beforeCall) {
        DynamoDbClient ddb = clients.dynamodb(region);
        return PagedNames.collect("list " + DynamoDbTableActions.TYPE + " in " + region, beforeCall, start -> {
            ListTablesResponse page = ddb.listTables(b -> b.limit(100).exclusiveStartTableName(start));
            return new PagedNames.Page(page.tableNames().stream().filter(n -> n.startsWith(namePrefix)).toList(),
                    page.lastEvaluatedTableName());
        });
    }

    @Override
    public Discovered describe(String region, String name) {
        DynamoDbClient ddb = clients.dynamodb(region);
        try {
            TableDescription table = ddb.describeTable(b -> b.tableName(name)).table();
            if ("DELETING".equals(table.tableStatusAsString())) {
                return Discovered.gone(name);
            }
            Map<String, String> live = DynamoDbTableLiveState.properties(table);
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put(KEY_SCHEMA, ImportValues.json(live.get(KEY_SCHEMA)));
            properties.put(BILLING_MODE_PROPERTY, live.get(BILLING_MODE_PROPERTY));
            if (DynamoDbTableActions.PROVISIONED.equals(live.get(BILLING_MODE_PROPERTY))) {
                properties.put(READ_CAPACITY_PROPERTY, ImportValues.scalar(live.get(READ_CAPACITY_PROPERTY)));
                properties.put(WRITE_CAPACITY_PROPERTY, ImportValues.scalar(live.get(WRITE_CAPACITY_PROPERTY)));
            }
            properties.put(DELETION_PROTECTION_PROPERTY, Boolean.parseBoolean(live.get(DELETION_PROTECTION_PROPERTY)));
            properties.put(POINT_IN_TIME_RECOVERY_PROPERTY, DynamoDbTableLiveState.pointInTimeRecovery(ddb, name));
            Map<String, String> tags = new java.util.TreeMap<>(DynamoDbTableLiveState.tags(ddb, table.tableArn()));
            tags.keySet().removeIf(k -> k.startsWith("aws:"));
            return Discovered.of(name, properties, tags);
        } catch (ResourceNotFoundException gone) {
            return Discovered.gone(name);
        } catch (RuntimeException e) {
            throw CloudCallException.wrap("describe " + DynamoDbTableActions.TYPE + " " + name, e);
        }
    }
}
