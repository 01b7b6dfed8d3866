package io.homeostat.runtime.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.homeostat.model.envelope.EventCodec;
import io.homeostat.model.envelope.EventEnvelope;
import io.homeostat.model.envelope.EventIds;
import io.homeostat.model.events.DriftDetected;
import io.homeostat.model.events.EventType;
import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.ResourceRef;
import io.homeostat.model.events.Trigger;
import io.homeostat.runtime.bootstrap.BootstrapReport.Status;
import io.homeostat.runtime.store.IncidentStore;
import io.homeostat.runtime.store.TableBootstrap;
import io.homeostat.runtime.store.Tables;
import io.homeostat.runtime.testing.LocalAws;
import io.homeostat.runtime.transport.EventBridgePublisher;
import io.homeostat.runtime.transport.QueueDirectory;
import io.homeostat.runtime.transport.Routes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import io.homeostat.runtime.store.NotificationOutbox;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@link Bootstrap} against the emulators: queues and tables on ElasticMQ and DynamoDB Local ({@code direct} mode);
 * in {@code eventbridge} mode the queues on moto's SQS, which moto's EventBridge can deliver to. Twice in a row, the
 * second run must find everything and change nothing.
 */
class BootstrapTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventCodec CODEC = new EventCodec();
    private static LocalAws aws;

    @BeforeAll
    static void stack() {
        aws = LocalAws.get();
    }

    private static List<String> physicalQueues(String prefix) {
        List<String> names = new ArrayList<>();
        for (String q : Routes.QUEUES) {
            names.add(prefix + q);
            names.add(prefix + q + QueueDirectory.DLQ_SUFFIX);
        }
        return names;
    }

    /** Every attribute of every queue, except the message counts. */
    private static Map<String, Map<String, String>> queueState(SqsClient sqs, String prefix) {
        Map<String, Map<String, String>> state = new TreeMap<>();
        for (String name : physicalQueues(prefix)) {
            String url = sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
            Map<String, String> attrs = new TreeMap<>();
            sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.ALL)).attributesAsStrings().forEach((k, v) -> {
                if (!k.startsWith("ApproximateNumberOfMessages")) {
                    attrs.put(k, v);
                }
            });
            state.put(name, attrs);
        }
        return state;
    }

    private static List<String> tables(DynamoDbClient dynamo, String prefix) {
        List<String> names = new ArrayList<>();
        dynamo.listTablesPaginator(b -> { }).tableNames().stream().filter(t -> t.startsWith(prefix)).forEach(names::add);
        return names;
    }

    /** Pattern, state and targets of every rule named with the prefix, on the bus and on the default bus. */
    private static Map<String, String> rules(EventBridgeClient events, String prefix, String bus) {
        Map<String, String> out = new TreeMap<>();
        for (String b : List.of(bus, Bootstrap.DEFAULT_BUS)) {
            events.listRules(r -> r.eventBusName(b).namePrefix(prefix)).rules().forEach(rule -> {
                String targets = events.listTargetsByRule(t -> t.rule(rule.name()).eventBusName(b)).targets().stream()
                        .map(t -> t.id() + "=" + t.arn()).sorted().toList().toString();
                out.put(b + "/" + rule.name(), rule.eventPattern() + " " + rule.stateAsString() + " " + targets);
            });
        }
        return out;
    }

    private static String queueArn(SqsClient sqs, String name) {
        String url = sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    // ------------------------------------------------------------------ direct mode

    @Test
    void createsQueuesAndTablesOnceAndTheSecondRunChangesNothing() {
        String prefix = LocalAws.prefix("boot");
        SqsClient sqs = aws.controlSqs();
        List<String> progress = new ArrayList<>();
        BootstrapReport first = new Bootstrap(sqs, aws.dynamo(), null, prefix, prefix, 5).onProgress(i -> progress.add(i.line())).run();

        assertEquals(12, first.ofKind("queue").size());
        assertEquals(8, first.ofKind("table").size());
        assertEquals(List.of(new BootstrapReport.Item("index", prefix + "incidents/" + IncidentStore.BY_SIGNATURE, Status.CREATED),
                        new BootstrapReport.Item("index", prefix + "incidents/" + NotificationOutbox.INDEX, Status.CREATED)),
                first.ofKind("index"));
        assertEquals(22, first.withStatus(Status.CREATED).size(), first.items().toString());
        assertEquals(first.items().size(), progress.size(), "one progress line per resource");
        assertTrue(progress.contains(String.format("%-8s %-12s %s", "created", "queue", prefix + "analyzer")), progress.toString());
        Map<String, Map<String, String>> queuesBefore = queueState(sqs, prefix);
        List<String> tablesBefore = tables(aws.dynamo(), prefix);
        assertEquals(8, tablesBefore.size());
        JsonNode redrive = read(queuesBefore.get(prefix + "planner").get("RedrivePolicy"));
        assertEquals("7", redrive.get("maxReceiveCount").asText(), "max-attempts + 2");
        assertTrue(redrive.get("deadLetterTargetArn").asText().endsWith(prefix + "planner-dlq"));

        BootstrapReport second = new Bootstrap(sqs, aws.dynamo(), null, prefix, prefix, 5).run();

        assertTrue(second.unchanged(), second.items().toString());
        assertEquals(22, second.withStatus(Status.PRESENT).size());
        assertEquals(queuesBefore, queueState(sqs, prefix));
        assertEquals(tablesBefore, tables(aws.dynamo(), prefix));
    }

    @Test
    void anIncidentsTableFromBeforeTheIndexesGetsThemAddedOnceAndKeepsItsItems() {
        String prefix = LocalAws.prefix("bootidx");
        String incidents = prefix + "incidents";
        aws.dynamo().createTable(b -> b.tableName(incidents).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("incidentId").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("incidentId").keyType(KeyType.HASH)));
        aws.dynamo().putItem(b -> b.tableName(incidents).item(Map.of("incidentId", AttributeValue.fromS("old-1"))));

        BootstrapReport first = new Bootstrap(aws.controlSqs(), aws.dynamo(), null, prefix, prefix, 5).run();

        assertEquals(List.of(new BootstrapReport.Item("index", incidents + "/" + IncidentStore.BY_SIGNATURE, Status.CREATED),
                        new BootstrapReport.Item("index", incidents + "/" + NotificationOutbox.INDEX, Status.CREATED)),
                first.ofKind("index"));
        assertTrue(first.ofKind("table").contains(new BootstrapReport.Item("table", incidents, Status.PRESENT)));
        assertTrue(TableBootstrap.hasIndex(aws.dynamo(), incidents, IncidentStore.BY_SIGNATURE));
        assertTrue(TableBootstrap.hasIndex(aws.dynamo(), incidents, NotificationOutbox.INDEX));
        assertEquals("old-1", aws.dynamo().getItem(b -> b.tableName(incidents)
                .key(Map.of("incidentId", AttributeValue.fromS("old-1")))).item().get("incidentId").s());
        assertTrue(new Bootstrap(aws.controlSqs(), aws.dynamo(), null, prefix, prefix, 5).run().unchanged());
    }

    @Test
    void servicesStartingTogetherOnAnOldIncidentsTableAllGetTheIndexes() throws Exception {
        String prefix = LocalAws.prefix("raceidx");
        String incidents = prefix + "incidents";
        aws.dynamo().createTable(b -> b.tableName(incidents).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("incidentId").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("incidentId").keyType(KeyType.HASH)));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            List<java.util.concurrent.Future<List<String>>> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                runs.add(pool.submit(() -> TableBootstrap.ensureTables(aws.dynamo(), Tables.withPrefix(prefix))));
            }
            int added = 0;
            for (var run : runs) {
                added += run.get().size(); // any failure surfaces here
            }
            assertTrue(added >= 2, "someone added each index");
        } finally {
            pool.shutdownNow();
        }
        assertTrue(TableBootstrap.hasIndex(aws.dynamo(), incidents, IncidentStore.BY_SIGNATURE));
        assertTrue(TableBootstrap.hasIndex(aws.dynamo(), incidents, NotificationOutbox.INDEX));
    }

    @Test
    void aQueueWithAnotherRedrivePolicyIsReportedAsUpdated() {
        String prefix = LocalAws.prefix("boot");
        SqsClient sqs = aws.controlSqs();
        new Bootstrap(sqs, aws.dynamo(), null, prefix, prefix, 5).run();

        BootstrapReport again = new Bootstrap(sqs, aws.dynamo(), null, prefix, prefix, 3).run();

        assertEquals(Routes.QUEUES.stream().map(q -> prefix + q).sorted().toList(),
                again.withStatus(Status.UPDATED).stream().map(BootstrapReport.Item::name).sorted().toList());
        String url = sqs.getQueueUrl(b -> b.queueName(prefix + "executor")).queueUrl();
        String redrive = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.REDRIVE_POLICY))
                .attributes().get(QueueAttributeName.REDRIVE_POLICY);
        assertEquals("5", read(redrive).get("maxReceiveCount").asText());
    }

    @Test
    void theMainReadsItsSettingsAndReportsEachResource() {
        String prefix = LocalAws.prefix("bootmain");
        Map<String, String> settings = Map.of(
                "homeostat.control.sqs-endpoint", aws.endpoints().controlSqs(),
                "homeostat.control.dynamodb-endpoint", aws.endpoints().controlDynamodb(),
                "homeostat.control.access-key-id", "test",
                "homeostat.control.secret-access-key", "test",
                "homeostat.control.queue-prefix", prefix,
                "homeostat.control.table-prefix", prefix);

        BootstrapReport report = BootstrapMain.run(key -> Optional.ofNullable(settings.get(key)));

        assertEquals(22, report.withStatus(Status.CREATED).size(), report.items().toString());
        assertEquals(8, tables(aws.dynamo(), prefix).size());
        assertTrue(BootstrapMain.run(key -> Optional.ofNullable(settings.get(key))).unchanged());
    }

    // ------------------------------------------------------------------ eventbridge mode

    @Test
    void eventBridgeModeCreatesTheBusRulesTargetsAndPoliciesOnce() {
        String prefix = LocalAws.prefix("bootbus");
        String bus = prefix + "bus";
        SqsClient sqs = aws.cloudSqs();
        EventBridgeClient events = aws.cloudEvents();

        BootstrapReport first = new Bootstrap(sqs, aws.dynamo(), events, prefix, prefix, bus, 5).run();

        assertEquals(List.of(new BootstrapReport.Item("event-bus", bus, Status.CREATED)), first.ofKind("event-bus"));
        assertEquals(7, first.ofKind("rule").size(), "one per detail-type, and the CloudTrail forwarding rule");
        assertEquals(7, first.ofKind("target").size());
        assertEquals(6, first.ofKind("queue-policy").size());
        assertTrue(first.withStatus(Status.PRESENT).isEmpty(), first.withStatus(Status.PRESENT).toString());
        events.describeEventBus(b -> b.name(bus));

        IamPolicyGenerator names = new IamPolicyGenerator(IamPolicyGenerator.defaultProviders(), prefix, prefix, bus);
        for (Map.Entry<String, String> route : Routes.all().entrySet()) {
            String rule = names.routeRuleName(route.getValue());
            var described = events.describeRule(b -> b.name(rule).eventBusName(bus));
            assertEquals(JSON.valueToTree(IamPolicyGenerator.routePattern(route.getKey())), read(described.eventPattern()));
            var targets = events.listTargetsByRule(b -> b.rule(rule).eventBusName(bus)).targets();
            assertEquals(1, targets.size(), rule);
            assertEquals(queueArn(sqs, prefix + route.getValue()), targets.get(0).arn(), rule);
        }
        var cloudTrail = events.describeRule(b -> b.name(names.cloudTrailRuleName()).eventBusName(Bootstrap.DEFAULT_BUS));
        assertEquals(JSON.valueToTree(names.cloudTrailPattern()), read(cloudTrail.eventPattern()));
        assertEquals(queueArn(sqs, prefix + Routes.DETECTOR),
                events.listTargetsByRule(b -> b.rule(names.cloudTrailRuleName()).eventBusName(Bootstrap.DEFAULT_BUS)).targets().get(0).arn());
        String detectorUrl = sqs.getQueueUrl(b -> b.queueName(prefix + Routes.DETECTOR)).queueUrl();
        JsonNode policy = read(sqs.getQueueAttributes(b -> b.queueUrl(detectorUrl).attributeNames(QueueAttributeName.POLICY))
                .attributes().get(QueueAttributeName.POLICY));
        JsonNode sourceArns = policy.get("Statement").get(0).get("Condition").get("ArnEquals").get("aws:SourceArn");
        assertEquals(2, sourceArns.size(), policy.toString());
        assertEquals(cloudTrail.arn(), sourceArns.get(0).asText());

        Map<String, Map<String, String>> queuesBefore = queueState(sqs, prefix);
        Map<String, String> rulesBefore = rules(events, prefix, bus);
        assertEquals(7, rulesBefore.size(), rulesBefore.toString());
        List<String> tablesBefore = tables(aws.dynamo(), prefix);

        BootstrapReport second = new Bootstrap(sqs, aws.dynamo(), events, prefix, prefix, bus, 5).run();

        assertTrue(second.unchanged(), second.items().stream().filter(i -> i.status() != Status.PRESENT).toList().toString());
        assertEquals(first.items().size(), second.items().size());
        assertEquals(queuesBefore, queueState(sqs, prefix));
        assertEquals(rulesBefore, rules(events, prefix, bus));
        assertEquals(tablesBefore, tables(aws.dynamo(), prefix));
    }

    @Test
    void anEventPublishedThroughTheBusArrivesOnItsRoutedQueueOnly() {
        String prefix = LocalAws.prefix("bootroute");
        String bus = prefix + "bus";
        SqsClient sqs = aws.cloudSqs();
        new Bootstrap(sqs, aws.dynamo(), aws.cloudEvents(), prefix, prefix, bus, 5).run();
        String incidentId = UUID.randomUUID().toString();
        Instant t = Instant.parse("2026-11-23T01:00:00Z");
        ResourceRef queue = new ResourceRef("aws.sqs.queue", "orders-queue", "messaging", "orders", "123456789012", "us-east-1");
        DriftDetected drift = new DriftDetected(1, incidentId, incidentId, "scan-1", queue,
                new Trigger(Trigger.Kind.SCAN, "scan-1", null, null, null, null, t),
                List.of(new FieldDiff("attributes.VisibilityTimeout", "30", "99")), t);
        EventEnvelope envelope = CODEC.wrap(drift, EventIds.forIncident(incidentId, EventType.DRIFT_DETECTED), "homeostat.detector",
                "123456789012", "us-east-1", t);

        new EventBridgePublisher(aws.cloudEvents(), bus, CODEC).publish(envelope);

        String analyzer = sqs.getQueueUrl(b -> b.queueName(prefix + Routes.ANALYZER)).queueUrl();
        List<Message> got = new ArrayList<>();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (got.isEmpty() && System.nanoTime() < deadline) {
            got.addAll(sqs.receiveMessage(b -> b.queueUrl(analyzer).waitTimeSeconds(1)).messages());
        }
        assertEquals(1, got.size(), "drift.detected on the analyzer's queue");
        assertEquals(drift, CODEC.readPayload(CODEC.readEnvelope(got.get(0).body())));
        for (String other : List.of(Routes.DETECTOR, Routes.PLANNER, Routes.EXECUTOR, Routes.VERIFIER, Routes.EVENTS)) {
            String url = sqs.getQueueUrl(b -> b.queueName(prefix + other)).queueUrl();
            assertEquals("0", sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES), other);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
