package io.homeostat.runtime.bootstrap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.homeostat.runtime.bootstrap.BootstrapReport.Item;
import io.homeostat.runtime.bootstrap.BootstrapReport.Status;
import io.homeostat.runtime.store.NotificationOutbox;
import io.homeostat.runtime.store.IncidentStore;
import io.homeostat.runtime.store.TableBootstrap;
import io.homeostat.runtime.store.Tables;
import io.homeostat.runtime.transport.QueueDirectory;
import io.homeostat.runtime.transport.Routes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DescribeRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Creates Homeostat's control plane when missing, idempotently, and reports what it created, updated or found:
 *
 * <ol>
 *   <li>every consumer queue and its DLQ with the redrive policy ({@link QueueDirectory#ensureAll});</li>
 *   <li>the tables ({@link TableBootstrap#ensureTables}), the incidents table's signature index (history) and its sparse
 *       notification index (an existing incidents table without them gets them added);</li>
 *   <li>with an EventBridge client ({@code eventbridge} mode): the bus, one rule per detail-type on it routing to its
 *       consumer's queue ({@link Routes}), the CloudTrail forwarding rule on the default bus (pattern from
 *       {@link IamPolicyGenerator#cloudTrailPattern}) targeting the detector's queue, and on every queue a policy
 *       letting EventBridge deliver from exactly those rules.</li>
 * </ol>
 *
 * A second run changes nothing and reports every resource as {@link Status#PRESENT}. Rules and queue policies that
 * differ from what Homeostat needs are set again ({@link Status#UPDATED}); targets of other owners on our rules are
 * left alone.
 */
public final class Bootstrap {

    public static final String TARGET_ID = "homeostat-queue";
    public static final String DEFAULT_BUS = "default";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqsClient sqs;
    private final DynamoDbClient dynamo;
    private final EventBridgeClient events;
    private final String queuePrefix;
    private final String tablePrefix;
    private final int maxAttempts;
    private final IamPolicyGenerator names;
    private Consumer<Item> progress = item -> { };

    /** With the default bus name {@code homeostat} and every provider's CloudTrail calls. */
    public Bootstrap(SqsClient sqs, DynamoDbClient dynamo, EventBridgeClient events, String queuePrefix, String tablePrefix, int maxAttempts) {
        this(sqs, dynamo, events, queuePrefix, tablePrefix, "homeostat", maxAttempts);
    }

    /**
     * @param events the control plane's EventBridge client, or {@code null} in {@code direct} mode (queues and tables only)
     * @param eventBus the bus the services publish to in {@code eventbridge} mode
     * @param maxAttempts the consumers' {@code homeostat.consumer.max-attempts}; the redrive policy allows two more
     */
    public Bootstrap(SqsClient sqs, DynamoDbClient dynamo, EventBridgeClient events, String queuePrefix, String tablePrefix,
            String eventBus, int maxAttempts) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.events = events;
        this.queuePrefix = queuePrefix;
        this.tablePrefix = tablePrefix;
        this.maxAttempts = maxAttempts;
        this.names = new IamPolicyGenerator(IamPolicyGenerator.defaultProviders(), queuePrefix, tablePrefix, eventBus);
    }

    /** Called once per resource as soon as it is handled (progress lines). */
    public Bootstrap onProgress(Consumer<Item> listener) {
        this.progress = Objects.requireNonNull(listener);
        return this;
    }

    public BootstrapReport run() {
        List<Item> items = new ArrayList<>();
        Consumer<Item> add = item -> {
            items.add(item);
            progress.accept(item);
        };
        Map<String, String> queueArns = queues(add);
        tables(add);
        if (events != null) {
            eventBridge(queueArns, add);
        }
        return new BootstrapReport(items);
    }

    // ------------------------------------------------------------------ queues

    private Map<String, String> queues(Consumer<Item> add) {
        QueueDirectory directory = new QueueDirectory(sqs, queuePrefix);
        List<String> logical = new ArrayList<>();
        for (String q : Routes.QUEUES) {
            logical.add(q + QueueDirectory.DLQ_SUFFIX);
            logical.add(q);
        }
        Map<String, Optional<Map<String, String>>> before = new LinkedHashMap<>();
        for (String q : logical) {
            before.put(q, redriveOf(directory.physicalName(q)));
        }
        // Only when something is missing or differs: a second run then makes no write call at all (and emulators
        // that drop a queue's Policy on every SetQueueAttributes, as moto does, keep it).
        boolean allAsNeeded = before.entrySet().stream().allMatch(e -> e.getValue().isPresent()
                && (e.getKey().endsWith(QueueDirectory.DLQ_SUFFIX) || redriveAsNeeded(directory, e.getKey(), e.getValue().get())));
        if (!allAsNeeded) {
            directory.ensureAll(maxAttempts);
        }
        Map<String, String> arns = new LinkedHashMap<>();
        for (String q : logical) {
            String name = directory.physicalName(q);
            Optional<Map<String, String>> was = before.get(q);
            Status status = was == null || was.isEmpty() ? Status.CREATED
                    : was.get().equals(redriveOf(name).orElseThrow()) ? Status.PRESENT : Status.UPDATED;
            add.accept(new Item("queue", name, status));
            if (!q.endsWith(QueueDirectory.DLQ_SUFFIX)) {
                String url = directory.url(q);
                arns.put(q, sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                        .attributes().get(QueueAttributeName.QUEUE_ARN));
            }
        }
        return arns;
    }

    /** The redrive policy {@link QueueDirectory#ensureAll} sets: to this queue's DLQ after {@code maxAttempts + 2} receives. */
    private boolean redriveAsNeeded(QueueDirectory directory, String logical, Map<String, String> redrive) {
        String target = redrive.getOrDefault("deadLetterTargetArn", "");
        return target.endsWith(":" + directory.physicalName(logical + QueueDirectory.DLQ_SUFFIX))
                && String.valueOf(maxAttempts + 2).equals(redrive.get("maxReceiveCount"));
    }

    /** Empty when the queue does not exist; else its redrive policy as key → text (empty map when it has none). */
    private Optional<Map<String, String>> redriveOf(String queueName) {
        String url;
        try {
            url = sqs.getQueueUrl(b -> b.queueName(queueName)).queueUrl();
        } catch (QueueDoesNotExistException e) {
            return Optional.empty();
        } catch (SqsException e) {
            String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
            if (code.contains("NonExistentQueue") || code.contains("QueueDoesNotExist")) {
                return Optional.empty();
            }
            throw e;
        }
        String redrive = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.REDRIVE_POLICY))
                .attributes().get(QueueAttributeName.REDRIVE_POLICY);
        Map<String, String> out = new LinkedHashMap<>();
        if (redrive != null && !redrive.isBlank()) {
            parse(redrive).fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().asText()));
        }
        return Optional.of(out);
    }

    // ------------------------------------------------------------------ tables

    private void tables(Consumer<Item> add) {
        Tables tables = Tables.withPrefix(tablePrefix);
        Set<String> before = new HashSet<>();
        dynamo.listTablesPaginator(b -> { }).tableNames().forEach(before::add);
        boolean signatureIndexBefore = TableBootstrap.hasIndex(dynamo, tables.incidents(), IncidentStore.BY_SIGNATURE);
        boolean notificationIndexBefore = TableBootstrap.hasIndex(dynamo, tables.incidents(), NotificationOutbox.INDEX);
        TableBootstrap.ensureTables(dynamo, tables);
        for (String t : tables.all()) {
            add.accept(new Item("table", t, before.contains(t) ? Status.PRESENT : Status.CREATED));
        }
        add.accept(new Item("index", tables.incidents() + "/" + IncidentStore.BY_SIGNATURE, signatureIndexBefore ? Status.PRESENT : Status.CREATED));
        add.accept(new Item("index", tables.incidents() + "/" + NotificationOutbox.INDEX, notificationIndexBefore ? Status.PRESENT : Status.CREATED));
    }

    // ------------------------------------------------------------------ EventBridge

    private void eventBridge(Map<String, String> queueArns, Consumer<Item> add) {
        String bus = names.eventBus();
        Status busStatus;
        try {
            events.describeEventBus(b -> b.name(bus));
            busStatus = Status.PRESENT;
        } catch (ResourceNotFoundException e) {
            events.createEventBus(b -> b.name(bus));
            busStatus = Status.CREATED;
        }
        add.accept(new Item("event-bus", bus, busStatus));

        Map<String, List<String>> rulesByQueue = new LinkedHashMap<>();
        Routes.all().entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(route -> {
            String queue = route.getValue();
            String arn = rule(bus, names.routeRuleName(queue), IamPolicyGenerator.routePattern(route.getKey()), queueArns.get(queue), add);
            rulesByQueue.computeIfAbsent(queue, q -> new ArrayList<>()).add(arn);
        });
        String cloudTrailArn = rule(DEFAULT_BUS, names.cloudTrailRuleName(), names.cloudTrailPattern(), queueArns.get(Routes.DETECTOR), add);
        rulesByQueue.get(Routes.DETECTOR).add(0, cloudTrailArn);

        for (Map.Entry<String, List<String>> e : rulesByQueue.entrySet()) {
            queuePolicy(e.getKey(), queueArns.get(e.getKey()), e.getValue(), add);
        }
    }

    /** Ensures a rule with this pattern and our target on it; returns the rule's ARN. */
    private String rule(String bus, String name, Map<String, Object> pattern, String targetArn, Consumer<Item> add) {
        JsonNode wanted = JSON.valueToTree(pattern);
        Status status;
        String arn;
        try {
            DescribeRuleResponse existing = events.describeRule(b -> b.name(name).eventBusName(bus));
            boolean same = existing.eventPattern() != null && parse(existing.eventPattern()).equals(wanted)
                    && !"DISABLED".equals(existing.stateAsString());
            arn = existing.arn();
            status = same ? Status.PRESENT : Status.UPDATED;
        } catch (ResourceNotFoundException e) {
            status = Status.CREATED;
            arn = null;
        }
        if (status != Status.PRESENT) {
            arn = events.putRule(b -> b.name(name).eventBusName(bus).eventPattern(IamPolicyGenerator.compact(pattern))
                    .state("ENABLED").description("Homeostat: routes to " + targetArn)).ruleArn();
        }
        add.accept(new Item("rule", ruleLabel(bus, name), status));

        List<Target> targets = events.listTargetsByRule(b -> b.rule(name).eventBusName(bus)).targets();
        Optional<Target> ours = targets.stream().filter(t -> TARGET_ID.equals(t.id())).findFirst();
        Status targetStatus = ours.isEmpty() ? Status.CREATED : targetArn.equals(ours.get().arn()) ? Status.PRESENT : Status.UPDATED;
        if (targetStatus != Status.PRESENT) {
            var r = events.putTargets(b -> b.rule(name).eventBusName(bus).targets(t -> t.id(TARGET_ID).arn(targetArn)));
            if (r.failedEntryCount() != null && r.failedEntryCount() > 0) {
                throw new IllegalStateException("PutTargets on rule " + name + " failed: " + r.failedEntries());
            }
        }
        add.accept(new Item("target", ruleLabel(bus, name) + " -> " + targetArn, targetStatus));
        return arn;
    }

    private static String ruleLabel(String bus, String name) {
        return bus + "/" + name;
    }

    private void queuePolicy(String queue, String queueArn, List<String> ruleArns, Consumer<Item> add) {
        String url = new QueueDirectory(sqs, queuePrefix).url(queue);
        JsonNode wanted = JSON.valueToTree(IamPolicyGenerator.queuePolicy(queueArn, ruleArns));
        String current = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.POLICY))
                .attributes().get(QueueAttributeName.POLICY);
        Status status = current == null || current.isBlank() ? Status.CREATED
                : parse(current).equals(wanted) ? Status.PRESENT : Status.UPDATED;
        if (status != Status.PRESENT) {
            sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(Map.of(QueueAttributeName.POLICY, IamPolicyGenerator.compact(wanted))));
        }
        add.accept(new Item("queue-policy", queuePrefix + queue, status));
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable JSON from AWS: " + e.getOriginalMessage(), e);
        }
    }
}
