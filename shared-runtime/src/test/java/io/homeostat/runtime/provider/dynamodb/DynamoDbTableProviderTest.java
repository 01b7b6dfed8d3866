package io.homeostat.runtime.provider.dynamodb;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.PlannedAction;
import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.desired.DriftMode;
import io.homeostat.runtime.provider.CloudCallException;
import io.homeostat.runtime.provider.CloudClients;
import io.homeostat.runtime.provider.InvalidActionException;
import io.homeostat.runtime.provider.Observation;
import io.homeostat.runtime.provider.ProviderRegistry;
import io.homeostat.runtime.provider.TypedAction;
import io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.CreateTable;
import io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.Key;
import io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.KeySchema;
import io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.TagResource;
import io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.UntagResource;
import io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.UpdateContinuousBackups;
import io.homeostat.runtime.provider.dynamodb.DynamoDbTableActions.UpdateTable;
import io.homeostat.runtime.provider.sqs.SqsQueueProvider;
import io.homeostat.runtime.testing.LocalAws;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsUnavailableException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/**
 * observe → planRestore → bind → apply against moto's DynamoDB (the managed cloud, not the control plane's DynamoDB
 * Local), with drift made out-of-band through a separate SDK client, as a person would.
 */
class DynamoDbTableProviderTest {

    private static final String REGION = "us-east-1";
    private static final String ORDERS_KEY = "{\"hash\":{\"name\":\"customerId\",\"type\":\"S\"},\"range\":{\"name\":\"orderedAt\",\"type\":\"N\"}}";

    private static CloudClients clients;
    private static DynamoDbTableProvider provider;
    private static DynamoDbClient outsider;
    private static String prefix;

    @BeforeAll
    static void stack() {
        LocalAws aws = LocalAws.get();
        clients = new CloudClients(Optional.of(aws.endpoints().cloud()), Optional.of("k"), Optional.of("s"));
        provider = new DynamoDbTableProvider(clients, REGION);
        outsider = DynamoDbClient.builder()
                .endpointOverride(URI.create(aws.endpoints().cloud()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("outsider", "s")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        prefix = LocalAws.prefix("ddb");
    }

    @AfterAll
    static void close() {
        outsider.close();
        clients.close();
    }

    // ------------------------------------------------------------------------------------------------ fixtures

    private static Map<String, Object> key(String name, String type) {
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("name", name);
        k.put("type", type);
        return k;
    }

    private static Map<String, Object> ordersKey() {
        return Map.of("hash", key("customerId", "S"), "range", key("orderedAt", "N"));
    }

    private static DesiredResource desired(String name, Map<String, Object> properties, Map<String, String> tags) {
        return new DesiredResource(name + "-table", "data", DynamoDbTableActions.TYPE, name, "123456789012", REGION,
                properties, tags, DriftMode.AUTO_HEAL);
    }

    /** Everything managed: provisioned 5/5, deletion protection, point-in-time recovery, two tags. */
    private static DesiredResource provisioned(String name) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("KeySchema", ordersKey());
        p.put("BillingMode", "PROVISIONED");
        p.put("ReadCapacityUnits", 5);          // YAML number
        p.put("WriteCapacityUnits", "5");       // YAML string: same meaning
        p.put("DeletionProtectionEnabled", true);
        p.put("PointInTimeRecovery", true);
        return desired(name, p, Map.of("team", "payments", "env", "test"));
    }

    private static DesiredResource onlyKey(String name) {
        return desired(name, Map.of("KeySchema", Map.of("hash", key("id", "S"))), Map.of());
    }

    private static List<String> applyAll(List<PlannedAction> plan) {
        return plan.stream().map(a -> {
            TypedAction bound = provider.bind(a);
            assertEquals(a.action(), bound.name());
            return provider.apply(bound);
        }).toList();
    }

    private static DesiredResource created(DesiredResource want) {
        applyAll(provider.planRestore(want, provider.observe(want)));
        Observation o = provider.observe(want);
        assertTrue(o.upToDate(), () -> "not up to date after creation: " + o.diff());
        return want;
    }

    private static Map<String, String> paths(Observation o) {
        Map<String, String> byPath = new LinkedHashMap<>();
        o.diff().forEach(d -> byPath.put(d.path(), d.desired() + " -> " + d.actual()));
        return byPath;
    }

    private static List<String> actions(List<PlannedAction> plan) {
        return plan.stream().map(PlannedAction::action).toList();
    }

    private static TableDescription describe(String table) {
        return outsider.describeTable(b -> b.tableName(table)).table();
    }

    private static Map<String, String> liveTags(String table) {
        return outsider.listTagsOfResource(b -> b.resourceArn(describe(table).tableArn())).tags().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b, TreeMap::new));
    }

    private static PointInTimeRecoveryStatus pitr(String table) {
        return outsider.describeContinuousBackups(b -> b.tableName(table)).continuousBackupsDescription()
                .pointInTimeRecoveryDescription().pointInTimeRecoveryStatus();
    }

    // ------------------------------------------------------------------------------------------------ lifecycle

    @Test
    void aMissingTableIsObservedAsNotExistingAndCreatedFromDesired() {
        DesiredResource want = provisioned(prefix + "orders");

        Observation missing = provider.observe(want);
        assertFalse(missing.exists());
        assertEquals(List.of(new FieldDiff(FieldDiff.EXISTS, "true", "false")), missing.diff());

        List<PlannedAction> plan = provider.planRestore(want, missing);
        assertEquals(List.of(DynamoDbTableActions.CREATE_TABLE, DynamoDbTableActions.UPDATE_CONTINUOUS_BACKUPS), actions(plan),
                "CreateTable cannot carry point-in-time recovery: a follow-up enables it");
        assertEquals(List.of(1, 2), plan.stream().map(PlannedAction::step).toList());
        CreateTable create = assertInstanceOf(CreateTable.class, provider.bind(plan.get(0)));
        assertEquals(new CreateTable(REGION, want.name(), new KeySchema(new Key("customerId", "S"), new Key("orderedAt", "N")),
                "PROVISIONED", 5L, 5L, true, Map.of("team", "payments", "env", "test")), create);
        assertEquals(new UpdateContinuousBackups(REGION, want.name(), true), provider.bind(plan.get(1)));

        applyAll(plan);

        Observation after = provider.observe(want);
        assertTrue(after.exists());
        assertTrue(after.upToDate(), () -> "diff: " + after.diff());
        assertEquals(ORDERS_KEY, after.actual().get("properties.KeySchema"));
        assertEquals("PROVISIONED", after.actual().get("properties.BillingMode"));
        assertEquals("5", after.actual().get("properties.ReadCapacityUnits"));
        assertEquals("true", after.actual().get("properties.DeletionProtectionEnabled"));
        assertEquals("true", after.actual().get("properties.PointInTimeRecovery"));
        assertEquals("ACTIVE", after.actual().get("attributes.TableStatus"));
        assertTrue(after.actual().get("attributes.TableArn").endsWith(":table/" + want.name()));
        assertEquals("payments", after.actual().get("tags.team"));
        assertEquals(List.of(), provider.planRestore(want, after));

        TableDescription live = describe(want.name());
        assertEquals(5L, live.provisionedThroughput().writeCapacityUnits());
        assertTrue(live.deletionProtectionEnabled());
        assertEquals(PointInTimeRecoveryStatus.ENABLED, pitr(want.name()));
        assertEquals(Map.of("team", "payments", "env", "test"), liveTags(want.name()));

        // Applying the same creation plan again is harmless.
        List<String> again = applyAll(plan);
        assertTrue(again.get(0).contains("already existed"), again.get(0));
        assertTrue(again.get(1).contains("already enabled"), again.get(1));
        assertTrue(provider.observe(want).upToDate());
    }

    @Test
    void onlyAKeySchemaCreatesAnOnDemandTableAndUndeclaredSettingsAreNotCompared() {
        DesiredResource want = onlyKey(prefix + "sessions");
        List<PlannedAction> plan = provider.planRestore(want, provider.observe(want));
        assertEquals(1, plan.size());
        assertEquals(Map.of("tableName", want.name(), "region", REGION, "hashKeyName", "id", "hashKeyType", "S",
                "billingMode", "PAY_PER_REQUEST"), plan.get(0).parameters());
        applyAll(plan);
        assertEquals(BillingMode.PAY_PER_REQUEST, describe(want.name()).billingModeSummary().billingMode());
        assertEquals(List.of(KeyType.HASH), describe(want.name()).keySchema().stream().map(k -> k.keyType()).toList());

        // Deletion protection and PITR are not declared: changing them is not drift.
        outsider.updateTable(b -> b.tableName(want.name()).deletionProtectionEnabled(true));
        outsider.updateContinuousBackups(b -> b.tableName(want.name()).pointInTimeRecoverySpecification(s -> s.pointInTimeRecoveryEnabled(true)));
        Observation o = provider.observe(want);
        assertTrue(o.upToDate(), () -> "diff: " + o.diff());
        assertEquals("true", o.actual().get("properties.DeletionProtectionEnabled"));
        assertEquals("0", o.actual().get("properties.ReadCapacityUnits"), "on-demand tables have no provisioned capacity");
    }

    // ------------------------------------------------------------------------------------------------ drift

    @Test
    void aBillingModeSwitchedToOnDemandIsRestoredWithItsCapacity() {
        DesiredResource want = created(provisioned(prefix + "billing"));
        outsider.updateTable(b -> b.tableName(want.name()).billingMode(BillingMode.PAY_PER_REQUEST));

        Observation drifted = provider.observe(want);
        assertEquals(Map.of("properties.BillingMode", "PROVISIONED -> PAY_PER_REQUEST",
                "properties.ReadCapacityUnits", "5 -> 0", "properties.WriteCapacityUnits", "5 -> 0"), paths(drifted));

        List<PlannedAction> plan = provider.planRestore(want, drifted);
        assertEquals(List.of(DynamoDbTableActions.UPDATE_TABLE), actions(plan));
        assertEquals(new UpdateTable(REGION, want.name(), "PROVISIONED", 5L, 5L, null), provider.bind(plan.get(0)));
        applyAll(plan);

        assertTrue(provider.observe(want).upToDate());
        TableDescription live = describe(want.name());
        assertEquals(BillingMode.PROVISIONED, live.billingModeSummary().billingMode());
        assertEquals(5L, live.provisionedThroughput().readCapacityUnits());
    }

    @Test
    void aTableSwitchedToProvisionedIsReturnedToOnDemand() {
        DesiredResource want = created(desired(prefix + "ondemand",
                Map.of("KeySchema", Map.of("hash", key("pk", "B")), "BillingMode", "PAY_PER_REQUEST"), Map.of()));
        outsider.updateTable(b -> b.tableName(want.name()).billingMode(BillingMode.PROVISIONED)
                .provisionedThroughput(t -> t.readCapacityUnits(3L).writeCapacityUnits(2L)));

        Observation drifted = provider.observe(want);
        assertEquals(Map.of("properties.BillingMode", "PAY_PER_REQUEST -> PROVISIONED"), paths(drifted),
                "capacity is not declared for an on-demand table, so only the mode differs");
        List<PlannedAction> plan = provider.planRestore(want, drifted);
        assertEquals(Map.of("tableName", want.name(), "region", REGION, "billingMode", "PAY_PER_REQUEST"), plan.get(0).parameters());
        applyAll(plan);

        assertTrue(provider.observe(want).upToDate());
        assertEquals(BillingMode.PAY_PER_REQUEST, describe(want.name()).billingModeSummary().billingMode());
    }

    @Test
    void changedThroughputIsRestoredWithoutTouchingTheBillingMode() {
        DesiredResource want = created(provisioned(prefix + "throughput"));
        outsider.updateTable(b -> b.tableName(want.name()).provisionedThroughput(t -> t.readCapacityUnits(7L).writeCapacityUnits(9L)));

        Observation drifted = provider.observe(want);
        assertEquals(Map.of("properties.ReadCapacityUnits", "5 -> 7", "properties.WriteCapacityUnits", "5 -> 9"), paths(drifted));
        List<PlannedAction> plan = provider.planRestore(want, drifted);
        assertEquals(List.of(DynamoDbTableActions.UPDATE_TABLE), actions(plan));
        assertEquals(Set.of("tableName", "region", "readCapacityUnits", "writeCapacityUnits"), plan.get(0).parameters().keySet(),
                "only what drifted is restored");
        applyAll(plan);

        assertTrue(provider.observe(want).upToDate());
        assertEquals(5L, describe(want.name()).provisionedThroughput().writeCapacityUnits());
        assertEquals(BillingMode.PROVISIONED, describe(want.name()).billingModeSummary().billingMode());
    }

    @Test
    void disabledDeletionProtectionIsReEnabled() {
        DesiredResource want = created(provisioned(prefix + "protect"));
        outsider.updateTable(b -> b.tableName(want.name()).deletionProtectionEnabled(false));

        Observation drifted = provider.observe(want);
        assertEquals(Map.of("properties.DeletionProtectionEnabled", "true -> false"), paths(drifted));
        List<PlannedAction> plan = provider.planRestore(want, drifted);
        assertEquals(new UpdateTable(REGION, want.name(), null, null, null, true), provider.bind(plan.get(0)));
        applyAll(plan);

        assertTrue(provider.observe(want).upToDate());
        assertTrue(describe(want.name()).deletionProtectionEnabled());
    }

    @Test
    void disabledPointInTimeRecoveryIsReEnabled() {
        DesiredResource want = created(provisioned(prefix + "pitr"));
        outsider.updateContinuousBackups(b -> b.tableName(want.name()).pointInTimeRecoverySpecification(s -> s.pointInTimeRecoveryEnabled(false)));

        Observation drifted = provider.observe(want);
        assertEquals(Map.of("properties.PointInTimeRecovery", "true -> false"), paths(drifted));
        List<PlannedAction> plan = provider.planRestore(want, drifted);
        assertEquals(List.of(DynamoDbTableActions.UPDATE_CONTINUOUS_BACKUPS), actions(plan));
        applyAll(plan);

        assertTrue(provider.observe(want).upToDate());
        assertEquals(PointInTimeRecoveryStatus.ENABLED, pitr(want.name()));
    }

    @Test
    void pointInTimeRecoveryDeclaredOffIsTurnedOff() {
        Map<String, Object> p = new LinkedHashMap<>(Map.of("KeySchema", Map.of("hash", key("id", "N")), "PointInTimeRecovery", false));
        DesiredResource want = created(desired(prefix + "nopitr", p, Map.of()));
        outsider.updateContinuousBackups(b -> b.tableName(want.name()).pointInTimeRecoverySpecification(s -> s.pointInTimeRecoveryEnabled(true)));

        Observation drifted = provider.observe(want);
        assertEquals(Map.of("properties.PointInTimeRecovery", "false -> true"), paths(drifted));
        List<PlannedAction> plan = provider.planRestore(want, drifted);
        assertEquals(new UpdateContinuousBackups(REGION, want.name(), false), provider.bind(plan.get(0)));
        applyAll(plan);
        assertEquals(PointInTimeRecoveryStatus.DISABLED, pitr(want.name()));
    }

    @Test
    void changedRemovedAndUndeclaredTagsAreRestored() {
        DesiredResource want = created(provisioned(prefix + "tags"));
        String arn = describe(want.name()).tableArn();
        outsider.tagResource(b -> b.resourceArn(arn).tags(Tag.builder().key("team").value("growth").build(),
                Tag.builder().key("owner").value("mallory").build()));
        outsider.untagResource(b -> b.resourceArn(arn).tagKeys("env"));

        Observation drifted = provider.observe(want);
        assertEquals(Map.of("tags.env", "test -> null", "tags.owner", "null -> mallory", "tags.team", "payments -> growth"), paths(drifted));
        List<PlannedAction> plan = provider.planRestore(want, drifted);
        assertEquals(List.of(DynamoDbTableActions.TAG_RESOURCE, DynamoDbTableActions.UNTAG_RESOURCE), actions(plan));
        assertEquals(new TagResource(REGION, want.name(), Map.of("team", "payments", "env", "test")), provider.bind(plan.get(0)));
        assertEquals(new UntagResource(REGION, want.name(), Set.of("owner")), provider.bind(plan.get(1)));
        applyAll(plan);

        assertTrue(provider.observe(want).upToDate());
        assertEquals(Map.of("team", "payments", "env", "test"), liveTags(want.name()));
    }

    @Test
    void everythingDriftedAtOnceIsRestoredInOrderAndApplyingThePlanTwiceIsHarmless() {
        DesiredResource want = created(provisioned(prefix + "all"));
        String arn = describe(want.name()).tableArn();
        outsider.updateTable(b -> b.tableName(want.name()).deletionProtectionEnabled(false));
        outsider.updateTable(b -> b.tableName(want.name()).provisionedThroughput(t -> t.readCapacityUnits(1L).writeCapacityUnits(5L)));
        outsider.updateContinuousBackups(b -> b.tableName(want.name()).pointInTimeRecoverySpecification(s -> s.pointInTimeRecoveryEnabled(false)));
        outsider.tagResource(b -> b.resourceArn(arn).tags(Tag.builder().key("env").value("prod").build()));

        Observation drifted = provider.observe(want);
        assertEquals(Map.of("properties.DeletionProtectionEnabled", "true -> false", "properties.PointInTimeRecovery", "true -> false",
                "properties.ReadCapacityUnits", "5 -> 1", "tags.env", "test -> prod"), paths(drifted));
        List<PlannedAction> plan = provider.planRestore(want, drifted);
        assertEquals(List.of(DynamoDbTableActions.UPDATE_TABLE, DynamoDbTableActions.UPDATE_CONTINUOUS_BACKUPS,
                DynamoDbTableActions.TAG_RESOURCE), actions(plan));
        assertEquals(List.of(1, 2, 3), plan.stream().map(PlannedAction::step).toList());
        assertEquals(new UpdateTable(REGION, want.name(), null, 5L, 5L, true), provider.bind(plan.get(0)),
                "capacity goes as a pair even when one figure drifted");

        List<String> first = applyAll(plan);
        assertTrue(first.get(0).contains("deletion protection true") && first.get(0).contains("capacity 5/5"), first.get(0));
        assertTrue(provider.observe(want).upToDate());

        List<String> second = applyAll(plan);
        assertTrue(second.get(0).contains("already PROVISIONED 5/5"), second.get(0));
        assertTrue(second.get(1).contains("already enabled"), second.get(1));
        assertTrue(provider.observe(want).upToDate());
        assertEquals(5L, describe(want.name()).provisionedThroughput().readCapacityUnits());
    }

    // ------------------------------------------------------------------------------------------------ key schema

    @Test
    void aDifferentKeySchemaIsReportedButNeverFixed() {
        String name = prefix + "rekeyed";
        outsider.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("pk").attributeType("S")));
        outsider.putItem(b -> b.tableName(name).item(Map.of("pk", AttributeValue.fromS("precious"))));
        DesiredResource want = desired(name, Map.of("KeySchema", ordersKey()), Map.of("team", "payments"));

        Observation drifted = provider.observe(want);
        assertTrue(drifted.exists());
        assertEquals(List.of(new FieldDiff("properties.KeySchema", ORDERS_KEY, "{\"hash\":{\"name\":\"pk\",\"type\":\"S\"}}"),
                new FieldDiff("tags.team", "payments", null)), drifted.diff());
        List<PlannedAction> plan = provider.planRestore(want, drifted);
        assertEquals(List.of(DynamoDbTableActions.TAG_RESOURCE), actions(plan), "no action can change a key schema");
        applyAll(plan);

        Observation after = provider.observe(want);
        assertEquals(Map.of("properties.KeySchema", ORDERS_KEY + " -> {\"hash\":{\"name\":\"pk\",\"type\":\"S\"}}"), paths(after));
        assertEquals(List.of(), provider.planRestore(want, after), "the key difference stays reported, with nothing to run");

        // A CreateTable for the desired key (e.g. planned while the table was briefly missing) refuses, keeping the data.
        PlannedAction create = provider.planRestore(want, Observation.missing()).get(0);
        CloudCallException e = assertThrows(CloudCallException.class, () -> provider.apply(provider.bind(create)));
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("already exists with key schema {\"hash\":{\"name\":\"pk\",\"type\":\"S\"}}"), e.getMessage());
        assertEquals("pk", describe(name).keySchema().get(0).attributeName());
        assertTrue(outsider.getItem(b -> b.tableName(name).key(Map.of("pk", AttributeValue.fromS("precious")))).hasItem());
    }

    @Test
    void createTableOnAnExistingTableWithTheSameKeyConvergesInsteadOfFailing() {
        String name = prefix + "precreated";
        outsider.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("customerId").keyType(KeyType.HASH), k -> k.attributeName("orderedAt").keyType(KeyType.RANGE))
                .attributeDefinitions(a -> a.attributeName("customerId").attributeType("S"), a -> a.attributeName("orderedAt").attributeType("N")));
        DesiredResource want = provisioned(name);

        List<String> results = applyAll(provider.planRestore(want, Observation.missing()));
        assertTrue(results.get(0).contains("already existed"), results.get(0));
        Observation o = provider.observe(want);
        assertTrue(o.upToDate(), () -> "diff: " + o.diff());
        assertTrue(describe(name).deletionProtectionEnabled());
        assertEquals(Map.of("team", "payments", "env", "test"), liveTags(name));
    }

    // ------------------------------------------------------------------------------------------------ failures

    @Test
    void actionsOnAMissingTableFailWithoutRetry() {
        String name = prefix + "ghost";
        for (TypedAction a : List.of(new UpdateTable(REGION, name, null, null, null, true),
                new UpdateContinuousBackups(REGION, name, true),
                new TagResource(REGION, name, Map.of("a", "b")),
                new UntagResource(REGION, name, Set.of("a")))) {
            CloudCallException e = assertThrows(CloudCallException.class, () -> provider.apply(a), a.name());
            assertFalse(e.retryable(), a.name());
            assertTrue(e.getMessage().contains("table does not exist"), e.getMessage());
        }
    }

    @Test
    void throughputForAnOnDemandTableIsRefusedRatherThanSentToAws() {
        DesiredResource want = created(onlyKey(prefix + "nothroughput"));
        CloudCallException e = assertThrows(CloudCallException.class,
                () -> provider.apply(new UpdateTable(REGION, want.name(), null, 5L, 5L, null)));
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("is PAY_PER_REQUEST; capacity units apply only to PROVISIONED"), e.getMessage());
        assertEquals(BillingMode.PAY_PER_REQUEST, describe(want.name()).billingModeSummary().billingMode());
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("table being updated", ResourceInUseException.builder().statusCode(400)
                        .message("Attempt to change a resource which is still in use: Table is being updated").build(), true),
                Arguments.of("backups not ready on a new table", ContinuousBackupsUnavailableException.builder().statusCode(400)
                        .message("Backups are being enabled for the table").build(), true),
                Arguments.of("throttled", DynamoDbException.builder().statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").build()).message("slow down").build(), true),
                Arguments.of("server error", DynamoDbException.builder().statusCode(500).message("internal").build(), true),
                Arguments.of("missing table", ResourceNotFoundException.builder().statusCode(400).message("not found").build(), false),
                Arguments.of("missing table (backups API)", TableNotFoundException.builder().statusCode(400).message("not found").build(), false),
                Arguments.of("validation error", DynamoDbException.builder().statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ValidationException").build()).message("bad").build(), false));
    }

    @ParameterizedTest(name = "failure classification: {0}")
    @MethodSource("failures")
    void failuresSayWhetherRetryingCanHelp(String name, RuntimeException e, boolean retryable) {
        CloudCallException c = DynamoDbTableApplier.failure(DynamoDbTableActions.UPDATE_TABLE, e);
        assertEquals(retryable, c.retryable(), c.getMessage());
        assertSame(e, c.getCause());
        assertTrue(c.getMessage().startsWith(DynamoDbTableActions.UPDATE_TABLE + " failed"), c.getMessage());
    }

    @Test
    void aTableInTransitionCanOnlyBeChangedLater() {
        for (String status : List.of("CREATING", "UPDATING")) {
            CloudCallException e = assertThrows(CloudCallException.class, () -> DynamoDbTableApplier.requireActive(
                    TableDescription.builder().tableName("orders").tableStatus(status).build(), "UpdateTable"));
            assertTrue(e.retryable(), status);
            assertTrue(e.getMessage().contains("is " + status + "; retry once it is ACTIVE"), e.getMessage());
        }
        for (String status : List.of("DELETING", "ARCHIVED", "INACCESSIBLE_ENCRYPTION_CREDENTIALS")) {
            CloudCallException e = assertThrows(CloudCallException.class, () -> DynamoDbTableApplier.requireActive(
                    TableDescription.builder().tableName("orders").tableStatus(status).build(), "UpdateTable"));
            assertFalse(e.retryable(), status);
        }
        assertDoesNotThrow(() -> DynamoDbTableApplier.requireActive(
                TableDescription.builder().tableName("orders").tableStatus("ACTIVE").build(), "UpdateTable"));
    }

    // ------------------------------------------------------------------------------------------------ desired validation

    private static Map<String, Object> props(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static Stream<Arguments> invalidDesired() {
        Map<String, Object> k = Map.of("hash", key("id", "S"));
        return Stream.of(
                Arguments.of("unknown property", props("KeySchema", k, "StreamSpecification", "x"),
                        "unknown property 'StreamSpecification'; allowed: [BillingMode, DeletionProtectionEnabled, KeySchema, PointInTimeRecovery, ReadCapacityUnits, WriteCapacityUnits]"),
                Arguments.of("no key schema", props("BillingMode", "PAY_PER_REQUEST"), "property KeySchema is required"),
                Arguments.of("key schema as text", props("KeySchema", "id"), "KeySchema must be a map"),
                Arguments.of("unknown key schema part", props("KeySchema", Map.of("hash", key("id", "S"), "sort", key("ts", "N"))),
                        "KeySchema has unknown key 'sort'"),
                Arguments.of("no hash key", props("KeySchema", Map.of("range", key("ts", "N"))), "KeySchema.hash is required"),
                Arguments.of("bad key type", props("KeySchema", Map.of("hash", key("id", "STRING"))), "KeySchema.hash.type must be S, N or B"),
                Arguments.of("lower-case key type", props("KeySchema", Map.of("hash", key("id", "s"))), "KeySchema.hash.type must be S, N or B"),
                Arguments.of("empty key name", props("KeySchema", Map.of("hash", key("", "S"))), "KeySchema.hash.name must be 1-255 characters"),
                Arguments.of("extra key field", props("KeySchema", Map.of("hash", Map.of("name", "id", "type", "S", "projection", "ALL"))),
                        "KeySchema.hash has unknown key 'projection'"),
                Arguments.of("range same as hash", props("KeySchema", Map.of("hash", key("id", "S"), "range", key("id", "N"))),
                        "KeySchema.range must name another attribute"),
                Arguments.of("unknown billing mode", props("KeySchema", k, "BillingMode", "ON_DEMAND"),
                        "BillingMode must be PAY_PER_REQUEST or PROVISIONED, not 'ON_DEMAND'"),
                Arguments.of("capacity on demand", props("KeySchema", k, "BillingMode", "PAY_PER_REQUEST", "ReadCapacityUnits", 5, "WriteCapacityUnits", 5),
                        "apply only to BillingMode PROVISIONED"),
                Arguments.of("read without write", props("KeySchema", k, "ReadCapacityUnits", 5), "declare both or neither"),
                Arguments.of("provisioned without capacity", props("KeySchema", k, "BillingMode", "PROVISIONED"),
                        "BillingMode PROVISIONED needs ReadCapacityUnits and WriteCapacityUnits"),
                Arguments.of("zero capacity", props("KeySchema", k, "ReadCapacityUnits", 0, "WriteCapacityUnits", 1),
                        "ReadCapacityUnits must be a whole number from 1"),
                Arguments.of("fractional capacity", props("KeySchema", k, "ReadCapacityUnits", 1, "WriteCapacityUnits", 2.5),
                        "WriteCapacityUnits must be a whole number from 1"),
                Arguments.of("capacity as words", props("KeySchema", k, "ReadCapacityUnits", "lots", "WriteCapacityUnits", 1),
                        "ReadCapacityUnits must be a whole number"),
                Arguments.of("boolean as yes", props("KeySchema", k, "DeletionProtectionEnabled", "yes"),
                        "DeletionProtectionEnabled must be true or false, not 'yes'"),
                Arguments.of("boolean as number", props("KeySchema", k, "PointInTimeRecovery", 1),
                        "PointInTimeRecovery must be true or false"));
    }

    @ParameterizedTest(name = "observe rejects desired with {0}")
    @MethodSource("invalidDesired")
    void observeRejectsDesiredPropertiesItCannotManage(String name, Map<String, Object> properties, String messageContains) {
        DesiredResource bad = desired("never-created", properties, Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> provider.observe(bad));
        assertTrue(e.getMessage().contains(messageContains), () -> "message was: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("aws.dynamodb.table never-created: "), e.getMessage());
    }

    // ------------------------------------------------------------------------------------------------ normalisation

    @Test
    void desiredValuesCompareByMeaningNotSpelling() {
        DesiredResource canonical = created(provisioned(prefix + "spelling"));
        Map<String, Object> respelled = new LinkedHashMap<>();
        // The same key with fields and parts in another order, numbers as strings and decimals, booleans as text.
        Map<String, Object> range = new LinkedHashMap<>();
        range.put("type", "N");
        range.put("name", "orderedAt");
        Map<String, Object> keySchema = new LinkedHashMap<>();
        keySchema.put("range", range);
        keySchema.put("hash", Map.of("type", "S", "name", "customerId"));
        respelled.put("KeySchema", keySchema);
        respelled.put("ReadCapacityUnits", "5");
        respelled.put("WriteCapacityUnits", 5.0);
        respelled.put("DeletionProtectionEnabled", "TRUE");
        respelled.put("PointInTimeRecovery", " true ");
        DesiredResource same = desired(canonical.name(), respelled, canonical.tags());

        Observation o = provider.observe(same);
        assertTrue(o.upToDate(), () -> "diff: " + o.diff());
        assertEquals(ORDERS_KEY, o.actual().get("properties.KeySchema"));
        assertEquals("PROVISIONED", DynamoDbTableSpec.parse(same).billingMode(), "capacity implies PROVISIONED");

        // ...but a genuinely different value is still drift.
        respelled.put("WriteCapacityUnits", 6);
        Observation differs = provider.observe(desired(canonical.name(), respelled, canonical.tags()));
        assertEquals(Map.of("properties.WriteCapacityUnits", "6 -> 5"), paths(differs));
    }

    @Test
    void keySchemaJsonIsCanonical() {
        assertEquals(ORDERS_KEY, DynamoDbTableSpec.keySchemaJson(new KeySchema(new Key("customerId", "S"), new Key("orderedAt", "N"))));
        assertEquals("{\"hash\":{\"name\":\"id\",\"type\":\"B\"}}", DynamoDbTableSpec.keySchemaJson(new KeySchema(new Key("id", "B"), null)));
    }

    // ------------------------------------------------------------------------------------------------ bind

    private static PlannedAction action(String name, Map<String, String> parameters) {
        return new PlannedAction(1, name, parameters, "test");
    }

    private static Map<String, String> params(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("tableName", "orders");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of("DeleteTable (never in the catalogue)", action(DynamoDbTableActions.TYPE + "/DeleteTable", params()),
                        "is not in the catalogue"),
                Arguments.of("another type's action", action("aws.sqs.queue/CreateQueue", params()), "is not in the catalogue"),
                Arguments.of("table name with a space", action(DynamoDbTableActions.TAG_RESOURCE, Map.of("tableName", "my table", "tag.a", "b")),
                        "invalid or missing tableName 'my table'"),
                Arguments.of("table name too short", action(DynamoDbTableActions.TAG_RESOURCE, Map.of("tableName", "ab", "tag.a", "b")),
                        "invalid or missing tableName 'ab'"),
                Arguments.of("table name too long", action(DynamoDbTableActions.TAG_RESOURCE, Map.of("tableName", "t".repeat(256), "tag.a", "b")),
                        "invalid or missing tableName"),
                Arguments.of("table ARN instead of name", action(DynamoDbTableActions.TAG_RESOURCE,
                        Map.of("tableName", "arn:aws:dynamodb:us-east-1:1:table/orders", "tag.a", "b")), "invalid or missing tableName"),
                Arguments.of("missing table name", action(DynamoDbTableActions.TAG_RESOURCE, Map.of("tag.a", "b")),
                        "invalid or missing tableName 'null'"),
                Arguments.of("invalid region", action(DynamoDbTableActions.TAG_RESOURCE, params("region", "mars", "tag.a", "b")),
                        "invalid region 'mars'"),
                Arguments.of("free-form parameter", action(DynamoDbTableActions.UPDATE_TABLE, params("BillingMode", "PROVISIONED")),
                        "parameter 'BillingMode' is not allowed"),
                Arguments.of("unknown billing mode", action(DynamoDbTableActions.UPDATE_TABLE, params("billingMode", "ON_DEMAND")),
                        "billingMode must be one of [PAY_PER_REQUEST, PROVISIONED], not 'ON_DEMAND'"),
                Arguments.of("zero capacity", action(DynamoDbTableActions.UPDATE_TABLE, params("readCapacityUnits", "0", "writeCapacityUnits", "1")),
                        "readCapacityUnits must be a whole number"),
                Arguments.of("negative capacity", action(DynamoDbTableActions.UPDATE_TABLE, params("readCapacityUnits", "-5", "writeCapacityUnits", "1")),
                        "readCapacityUnits must be a whole number"),
                Arguments.of("huge capacity", action(DynamoDbTableActions.UPDATE_TABLE, params("readCapacityUnits", "1", "writeCapacityUnits", "9999999")),
                        "writeCapacityUnits must be a whole number from 1 to 1000000"),
                Arguments.of("capacity without its pair", action(DynamoDbTableActions.UPDATE_TABLE, params("readCapacityUnits", "5")),
                        "readCapacityUnits and writeCapacityUnits go together"),
                Arguments.of("capacity with on-demand", action(DynamoDbTableActions.UPDATE_TABLE,
                        params("billingMode", "PAY_PER_REQUEST", "readCapacityUnits", "5", "writeCapacityUnits", "5")),
                        "capacity units are not allowed with billingMode PAY_PER_REQUEST"),
                Arguments.of("provisioned without capacity", action(DynamoDbTableActions.UPDATE_TABLE, params("billingMode", "PROVISIONED")),
                        "billingMode PROVISIONED needs readCapacityUnits and writeCapacityUnits"),
                Arguments.of("boolean spelled yes", action(DynamoDbTableActions.UPDATE_TABLE, params("deletionProtectionEnabled", "yes")),
                        "deletionProtectionEnabled must be one of [true, false]"),
                Arguments.of("UpdateTable with nothing to set", action(DynamoDbTableActions.UPDATE_TABLE, params()),
                        "parameters do not fit the action"),
                Arguments.of("key schema on UpdateTable", action(DynamoDbTableActions.UPDATE_TABLE, params("hashKeyName", "id", "hashKeyType", "S")),
                        "parameters do not fit the action: 'hashKeyName'"),
                Arguments.of("tags on UpdateTable", action(DynamoDbTableActions.UPDATE_TABLE, params("deletionProtectionEnabled", "true", "tag.a", "b")),
                        "parameters do not fit the action"),
                Arguments.of("create without hash key", action(DynamoDbTableActions.CREATE_TABLE, params("billingMode", "PAY_PER_REQUEST")),
                        "hashKeyName and hashKeyType are required"),
                Arguments.of("create without billing mode", action(DynamoDbTableActions.CREATE_TABLE, params("hashKeyName", "id", "hashKeyType", "S")),
                        "billingMode is required"),
                Arguments.of("create with a bad key type", action(DynamoDbTableActions.CREATE_TABLE,
                        params("hashKeyName", "id", "hashKeyType", "BOOL", "billingMode", "PAY_PER_REQUEST")), "hashKeyType must be one of [S, N, B]"),
                Arguments.of("create with half a range key", action(DynamoDbTableActions.CREATE_TABLE,
                        params("hashKeyName", "id", "hashKeyType", "S", "rangeKeyName", "ts", "billingMode", "PAY_PER_REQUEST")),
                        "rangeKeyName and rangeKeyType go together"),
                Arguments.of("create with range key = hash key", action(DynamoDbTableActions.CREATE_TABLE,
                        params("hashKeyName", "id", "hashKeyType", "S", "rangeKeyName", "id", "rangeKeyType", "N", "billingMode", "PAY_PER_REQUEST")),
                        "the range key must be another attribute"),
                Arguments.of("create with a control character in a key name", action(DynamoDbTableActions.CREATE_TABLE,
                        params("hashKeyName", "i\nd", "hashKeyType", "S", "billingMode", "PAY_PER_REQUEST")), "hashKeyName must be 1-255 characters"),
                Arguments.of("create provisioned without capacity", action(DynamoDbTableActions.CREATE_TABLE,
                        params("hashKeyName", "id", "hashKeyType", "S", "billingMode", "PROVISIONED")), "needs readCapacityUnits"),
                Arguments.of("point-in-time recovery on CreateTable", action(DynamoDbTableActions.CREATE_TABLE,
                        params("hashKeyName", "id", "hashKeyType", "S", "billingMode", "PAY_PER_REQUEST", "pointInTimeRecoveryEnabled", "true")),
                        "parameters do not fit the action: 'pointInTimeRecoveryEnabled'"),
                Arguments.of("untag on CreateTable", action(DynamoDbTableActions.CREATE_TABLE,
                        params("hashKeyName", "id", "hashKeyType", "S", "billingMode", "PAY_PER_REQUEST", "untag.a", "")),
                        "untag.* belongs to UntagResource"),
                Arguments.of("UpdateContinuousBackups without the flag", action(DynamoDbTableActions.UPDATE_CONTINUOUS_BACKUPS, params()),
                        "parameters do not fit the action"),
                Arguments.of("UpdateContinuousBackups with deletion protection", action(DynamoDbTableActions.UPDATE_CONTINUOUS_BACKUPS,
                        params("pointInTimeRecoveryEnabled", "true", "deletionProtectionEnabled", "true")), "parameters do not fit the action"),
                Arguments.of("TagResource without tags", action(DynamoDbTableActions.TAG_RESOURCE, params()), "parameters do not fit the action"),
                Arguments.of("TagResource with settings", action(DynamoDbTableActions.TAG_RESOURCE, params("tag.a", "b", "billingMode", "PROVISIONED")),
                        "parameters do not fit the action"),
                Arguments.of("UntagResource without keys", action(DynamoDbTableActions.UNTAG_RESOURCE, params()), "parameters do not fit the action"),
                Arguments.of("UntagResource with a tag to set", action(DynamoDbTableActions.UNTAG_RESOURCE, params("untag.a", "", "tag.b", "c")),
                        "parameters do not fit the action"),
                Arguments.of("aws: tag", action(DynamoDbTableActions.TAG_RESOURCE, params("tag.aws:cloudformation:stack-name", "x")),
                        "parameter 'tag.aws:cloudformation:stack-name' is not allowed"),
                Arguments.of("tag key with a forbidden character", action(DynamoDbTableActions.TAG_RESOURCE, params("tag.a;b", "x")),
                        "parameter 'tag.a;b' is not allowed"),
                Arguments.of("tag value over 256 characters", action(DynamoDbTableActions.TAG_RESOURCE, params("tag.a", "v".repeat(257))),
                        "parameter 'tag.a' is not allowed"),
                Arguments.of("tag key over 128 characters", action(DynamoDbTableActions.TAG_RESOURCE, params("tag." + "k".repeat(129), "v")),
                        "is not allowed"),
                Arguments.of("untag with a value", action(DynamoDbTableActions.UNTAG_RESOURCE, params("untag.a", "surprise")),
                        "parameter 'untag.a' is not allowed"));
    }

    @ParameterizedTest(name = "bind rejects {0}")
    @MethodSource("rejected")
    void bindRejectsAnythingOutsideTheCatalogue(String name, PlannedAction action, String messageContains) {
        InvalidActionException e = assertThrows(InvalidActionException.class, () -> provider.bind(action));
        assertTrue(e.getMessage().contains(messageContains), () -> "message was: " + e.getMessage());
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("on-demand hash-only create, default region", action(DynamoDbTableActions.CREATE_TABLE,
                        params("hashKeyName", "id", "hashKeyType", "B", "billingMode", "PAY_PER_REQUEST")),
                        new CreateTable(REGION, "orders", new KeySchema(new Key("id", "B"), null), "PAY_PER_REQUEST", null, null, null, Map.of())),
                Arguments.of("provisioned create with range key, protection and tags", action(DynamoDbTableActions.CREATE_TABLE,
                        params("region", "eu-west-1", "hashKeyName", "pk", "hashKeyType", "S", "rangeKeyName", "sk", "rangeKeyType", "N",
                                "billingMode", "PROVISIONED", "readCapacityUnits", "10", "writeCapacityUnits", "2",
                                "deletionProtectionEnabled", "false", "tag.team", "payments", "tag.cost-centre", "")),
                        new CreateTable("eu-west-1", "orders", new KeySchema(new Key("pk", "S"), new Key("sk", "N")), "PROVISIONED", 10L, 2L,
                                false, Map.of("team", "payments", "cost-centre", ""))),
                Arguments.of("throughput alone", action(DynamoDbTableActions.UPDATE_TABLE, params("readCapacityUnits", "3", "writeCapacityUnits", "4")),
                        new UpdateTable(REGION, "orders", null, 3L, 4L, null)),
                Arguments.of("switch to on-demand", action(DynamoDbTableActions.UPDATE_TABLE, params("billingMode", "PAY_PER_REQUEST")),
                        new UpdateTable(REGION, "orders", "PAY_PER_REQUEST", null, null, null)),
                Arguments.of("table name with dots", action(DynamoDbTableActions.UPDATE_CONTINUOUS_BACKUPS,
                        Map.of("tableName", "prod.orders_v2-x", "pointInTimeRecoveryEnabled", "false")),
                        new UpdateContinuousBackups(REGION, "prod.orders_v2-x", false)),
                Arguments.of("tags with allowed punctuation", action(DynamoDbTableActions.TAG_RESOURCE, params("tag.app:tier/x", "a b+c=d@e.f_g-h")),
                        new TagResource(REGION, "orders", Map.of("app:tier/x", "a b+c=d@e.f_g-h"))),
                Arguments.of("untag several", action(DynamoDbTableActions.UNTAG_RESOURCE, params("untag.a", "", "untag.b", "")),
                        new UntagResource(REGION, "orders", Set.of("a", "b"))));
    }

    @ParameterizedTest(name = "bind accepts {0}")
    @MethodSource("accepted")
    void bindBuildsTheTypedAction(String name, PlannedAction action, TypedAction expected) {
        assertEquals(expected, provider.bind(action));
    }

    // ------------------------------------------------------------------------------------------------ CloudTrail

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> cloudTrail() {
        String arn = "arn:aws:dynamodb:us-east-1:123456789012:table/orders";
        return Stream.of(
                Arguments.of("CreateTable", "{\"tableName\":\"orders\",\"billingMode\":\"PAY_PER_REQUEST\"}", "orders"),
                Arguments.of("DeleteTable", "{\"tableName\":\"orders\"}", "orders"),
                Arguments.of("UpdateTable", "{\"tableName\":\"orders\",\"deletionProtectionEnabled\":false}", "orders"),
                Arguments.of("UpdateTable", "{\"tableName\":\"" + arn + "\"}", "orders"),
                Arguments.of("UpdateContinuousBackups", "{\"tableName\":\"orders\",\"pointInTimeRecoverySpecification\":{\"pointInTimeRecoveryEnabled\":false}}", "orders"),
                Arguments.of("TagResource", "{\"resourceArn\":\"" + arn + "\",\"tags\":[{\"key\":\"team\",\"value\":\"x\"}]}", "orders"),
                Arguments.of("UntagResource", "{\"ResourceArn\":\"" + arn + "\",\"tagKeys\":[\"team\"]}", "orders"),
                Arguments.of("TagResource", "{\"resourceArn\":\"" + arn + "/stream/2024-01-01T00:00:00.000\"}", "orders"),
                Arguments.of("RestoreTableToPointInTime", "{\"sourceTableName\":\"orders\",\"targetTableName\":\"orders-copy\"}", "orders-copy"),
                Arguments.of("TagResource", "{\"resourceArn\":\"arn:aws:dynamodb::123456789012:global-table/orders\"}", null),
                Arguments.of("TagResource", "{\"resourceArn\":\"arn:aws:sqs:us-east-1:123456789012:table/orders\"}", null),
                Arguments.of("UpdateTable", "{\"tableName\":\"  \"}", null),
                Arguments.of("UpdateTable", "{\"tableName\":{\"nested\":\"orders\"}}", null),
                Arguments.of("UpdateTable", "{}", null),
                Arguments.of("UpdateTable", "null", null),
                Arguments.of("UpdateTable", "[\"orders\"]", null),
                Arguments.of("DescribeTable", "{\"tableName\":\"orders\"}", null),
                Arguments.of("PutItem", "{\"tableName\":\"orders\"}", null));
    }

    @ParameterizedTest(name = "CloudTrail {0} {1} -> {2}")
    @MethodSource("cloudTrail")
    void cloudTrailNamesTheTable(String eventName, String requestParameters, String expected) throws Exception {
        JsonNode params = JSON.readTree(requestParameters);
        assertEquals(Optional.ofNullable(expected),
                provider.cloudTrail().orElseThrow().resourceName("dynamodb.amazonaws.com", eventName, params.isNull() ? null : params));
    }

    @Test
    void cloudTrailIgnoresOtherServices() throws Exception {
        JsonNode params = JSON.readTree("{\"tableName\":\"orders\"}");
        assertEquals(Optional.empty(), DynamoDbTableProvider.CLOUDTRAIL.resourceName("sqs.amazonaws.com", "UpdateTable", params));
        assertEquals(Set.of("CreateTable", "DeleteTable", "UpdateTable", "UpdateContinuousBackups", "TagResource", "UntagResource",
                "RestoreTableFromBackup", "RestoreTableToPointInTime"), DynamoDbTableProvider.CLOUDTRAIL.writeEvents());
    }

    // ------------------------------------------------------------------------------------------------ registry

    @Test
    void typeInfoDeclaresTheCatalogueAndPermissions() {
        assertEquals(DynamoDbTableActions.TYPE, provider.typeInfo().type());
        assertEquals("dynamodb", provider.typeInfo().service());
        assertEquals(List.of(DynamoDbTableActions.CREATE_TABLE, DynamoDbTableActions.UPDATE_TABLE, DynamoDbTableActions.UPDATE_CONTINUOUS_BACKUPS,
                DynamoDbTableActions.TAG_RESOURCE, DynamoDbTableActions.UNTAG_RESOURCE), provider.typeInfo().actions());
        assertEquals(Set.of("dynamodb:DescribeTable", "dynamodb:DescribeContinuousBackups", "dynamodb:ListTagsOfResource",
                "dynamodb:CreateTable", "dynamodb:UpdateTable", "dynamodb:UpdateContinuousBackups", "dynamodb:TagResource",
                "dynamodb:UntagResource", "dynamodb:ListTables"), Set.copyOf(provider.typeInfo().permissions()));
        assertFalse(provider.typeInfo().permissions().contains("dynamodb:DeleteTable"));
    }

    @Test
    void theRegistryServesTheTableBesideTheQueue() {
        SqsQueueProvider sqs = new SqsQueueProvider(clients, REGION);
        ProviderRegistry registry = new ProviderRegistry(List.of(sqs, provider));
        assertTrue(registry.types().containsAll(Set.of("aws.sqs.queue", "aws.dynamodb.table")), registry.types().toString());
        assertSame(provider, registry.get("aws.dynamodb.table"));
        assertSame(provider, registry.forAction(DynamoDbTableActions.UPDATE_TABLE));
        assertSame(sqs, registry.forAction("aws.sqs.queue/TagQueue"));
    }
}
