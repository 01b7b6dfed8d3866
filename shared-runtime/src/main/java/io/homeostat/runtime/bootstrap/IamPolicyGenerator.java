package io.homeostat.runtime.bootstrap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.homeostat.model.events.EventType;
import io.homeostat.runtime.dlq.DeadLetterInspector;
import io.homeostat.runtime.provider.CloudClients;
import io.homeostat.runtime.provider.CloudTrailMapping;
import io.homeostat.runtime.provider.ResourceProvider;
import io.homeostat.runtime.provider.dynamodb.DynamoDbTableProvider;
import io.homeostat.runtime.provider.ec2.SecurityGroupProvider;
import io.homeostat.runtime.provider.s3.S3BucketProvider;
import io.homeostat.runtime.provider.sns.SnsTopicProvider;
import io.homeostat.runtime.provider.sqs.SqsQueueProvider;
import io.homeostat.runtime.provider.ssm.SsmParameterProvider;
import io.homeostat.runtime.store.NotificationOutbox;
import io.homeostat.runtime.transport.QueueDirectory;
import io.homeostat.runtime.transport.Routes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Generates what {@code deploy/aws/} holds, from the code that defines it, so the documents never drift from it:
 *
 * <ul>
 *   <li>{@code iam/<service>.json}: a least-privilege identity policy per service. Control plane: the service's own
 *       queue, its DLQ, the queues it publishes to ({@link Routes}), the tables it uses (per-item actions only;
 *       {@code TransactWriteItems} is authorised per item through PutItem/UpdateItem/DeleteItem), {@code events:PutEvents}
 *       in a statement of its own for {@code eventbridge} mode. Managed cloud: the permissions the providers declare
 *       ({@code TypeInfo.permissions}) — reads (Get/List/Describe, kms:Decrypt) for detector, planner and verifier, all
 *       of them for the executor; the verifier also gets the writes a compensation may use ({@link #isCompensation}),
 *       publishes notifications to the SNS topic and queries the incidents' notification index.</li>
 *   <li>{@code eventbridge/cloudtrail-to-detector.json}: the event pattern of the rule forwarding CloudTrail write
 *       calls of the managed types to the detector's queue, from the providers' {@link CloudTrailMapping}s.</li>
 *   <li>{@code eventbridge/<queue>-queue-policy.json}: the queue policy letting EventBridge deliver to each queue,
 *       only from Homeostat's rules ({@code aws:SourceArn}).</li>
 * </ul>
 *
 * ARNs carry the placeholders {@value #REGION} and {@value #ACCOUNT}, substituted at deploy time (they are not IAM
 * policy variables). Managed resources may live in any region the phases name, so their ARNs use {@code *} for the
 * region and {@value #ACCOUNT} for the account.
 *
 * <p>Run {@code main [outputDir]} (default {@code deploy/aws}) after changing a provider, a route or a table;
 * {@code IamPolicyGeneratorTest} fails while the committed files differ from what this generates.
 */
public final class IamPolicyGenerator {

    public static final String REGION = "${Region}";
    public static final String ACCOUNT = "${Account}";

    /** The five services; each consumes the queue of its own name. */
    public static final List<String> SERVICES = List.of(Routes.DETECTOR, Routes.ANALYZER, Routes.PLANNER, Routes.EXECUTOR, Routes.VERIFIER);

    /**
     * Services that observe managed resources (reads). The executor gets every declared permission; the verifier also
     * the compensation writes.
     */
    public static final Set<String> MANAGED_READERS = Set.of(Routes.DETECTOR, Routes.PLANNER, Routes.VERIFIER);

    /** Detail-types each service emits; the detector re-publishes records split from CloudTrail log files to itself. */
    static final Map<String, List<String>> EMITS = Map.of(
            Routes.DETECTOR, List.of(EventType.CLOUDTRAIL_DETAIL_TYPE, EventType.DRIFT_DETECTED.detailType()),
            Routes.ANALYZER, List.of(EventType.INCIDENT_ANALYZED.detailType()),
            Routes.PLANNER, List.of(EventType.PLAN_READY.detailType()),
            Routes.EXECUTOR, List.of(EventType.RECOVERY_EXECUTED.detailType()),
            Routes.VERIFIER, List.of(EventType.INCIDENT_CLOSED.detailType()));

    /** Logical table names (see {@code Tables}). */
    static final String INCIDENTS = "incidents";
    static final String IDEMPOTENCY = "idempotency";
    static final String GUARDS = "guards";
    static final String FAILURES = "failures";
    static final String FLAGS = "flags";
    static final String BREAKERS = "breakers";
    static final String LOG_BASELINES = "log-baselines";
    static final String ANALYSES = "analyses";

    private static final List<String> CLAIMS = List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem");
    private static final List<String> RECORD_FAILURE = List.of("dynamodb:PutItem");
    /** The pinned desired revision ({@code DesiredRevisionPin}) is one item of the guards table, read by every service. */
    private static final List<String> READ_PIN = List.of("dynamodb:GetItem");
    private static final List<String> INCIDENT_STEP = List.of("dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:UpdateItem");

    /**
     * DynamoDB actions per service and table, from what the code calls: every consumer claims in idempotency
     * (conditional put, read, release by delete; completion is a Put in the transaction) and records failures;
     * readiness describes the incidents table; the detector opens incidents and guards, lists incidents (API, stalled
     * republish), owns the flags (operator API) and the log baselines (anomaly detection); the planner reads flags,
     * lists incidents waiting for approval and releases the guard of a rejected or expired one; the verifier closes the
     * guard; the executor reads and conditionally replaces the shared circuit breaker's item (and appends its call
     * ledger to incidents); the detector pins a rollback revision in the guards table (operator API) and the services
     * that load the desired state read it; the analyzer queries the incidents' signature index (history) and reads and
     * writes the model-answer cache.
     */
    static final Map<String, Map<String, List<String>>> TABLE_ACCESS = Map.of(
            Routes.DETECTOR, ordered(
                    INCIDENTS, List.of("dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Scan"),
                    IDEMPOTENCY, CLAIMS,
                    GUARDS, List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"),
                    // The DLQ API reads failure records and marks who replayed a message (UpdateItem).
                    FAILURES, List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"),
                    FLAGS, List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:Scan"),
                    LOG_BASELINES, List.of("dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:Scan")),
            Routes.ANALYZER, ordered(INCIDENTS, List.of("dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:Query"),
                    IDEMPOTENCY, CLAIMS, FAILURES, RECORD_FAILURE, ANALYSES, List.of("dynamodb:GetItem", "dynamodb:PutItem")),
            Routes.PLANNER, ordered(INCIDENTS, List.of("dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:Scan"),
                    IDEMPOTENCY, CLAIMS, FAILURES, RECORD_FAILURE,
                    GUARDS, List.of("dynamodb:GetItem", "dynamodb:UpdateItem"), FLAGS, List.of("dynamodb:GetItem")),
            Routes.EXECUTOR, ordered(INCIDENTS, INCIDENT_STEP, IDEMPOTENCY, CLAIMS, FAILURES, RECORD_FAILURE, GUARDS, READ_PIN,
                    BREAKERS, List.of("dynamodb:GetItem", "dynamodb:PutItem")),
            Routes.VERIFIER, ordered(INCIDENTS, INCIDENT_STEP, IDEMPOTENCY, CLAIMS, FAILURES, RECORD_FAILURE,
                    GUARDS, List.of("dynamodb:GetItem", "dynamodb:UpdateItem")));

    /** Managed-resource ARNs per IAM service prefix: any region, the managed account. */
    static final Map<String, List<String>> MANAGED_RESOURCES = Map.of(
            "sqs", List.of("arn:aws:sqs:*:" + ACCOUNT + ":*"),
            "dynamodb", List.of("arn:aws:dynamodb:*:" + ACCOUNT + ":table/*"),
            "s3", List.of("arn:aws:s3:::*"),
            "sns", List.of("arn:aws:sns:*:" + ACCOUNT + ":*"),
            "ec2", List.of("arn:aws:ec2:*:" + ACCOUNT + ":security-group/*", "arn:aws:ec2:*:" + ACCOUNT + ":vpc/*"),
            "ssm", List.of("arn:aws:ssm:*:" + ACCOUNT + ":parameter/*"),
            "kms", List.of("arn:aws:kms:*:" + ACCOUNT + ":key/*"));

    /**
     * Actions that support no resource-level permissions (AWS Service Authorization Reference): they need
     * {@code "Resource": "*"}, which is why only read-only ones may be listed here.
     */
    static final Set<String> UNSCOPED = Set.of("ec2:DescribeSecurityGroups", "ec2:DescribeVpcs", "sns:ListTopics", "ssm:DescribeParameters",
            "s3:ListAllMyBuckets", "dynamodb:ListTables", "sqs:ListQueues");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter(
            Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
            .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));

    private final List<ResourceProvider> providers;
    private final String queuePrefix;
    private final String tablePrefix;
    private final String eventBus;

    public IamPolicyGenerator(List<ResourceProvider> providers, String queuePrefix, String tablePrefix, String eventBus) {
        this.providers = List.copyOf(providers);
        this.queuePrefix = queuePrefix;
        this.tablePrefix = tablePrefix;
        this.eventBus = eventBus;
    }

    /** The generator for the defaults ({@code homeostat-} prefixes, bus {@code homeostat}) and every provider. */
    public static IamPolicyGenerator defaults() {
        return new IamPolicyGenerator(defaultProviders(), "homeostat-", "homeostat-", "homeostat");
    }

    /**
     * The six providers, built with their plain constructors (RegistryWideTest checks this same list). Only their
     * declarations are read: the clients point nowhere and are never called.
     */
    public static List<ResourceProvider> defaultProviders() {
        CloudClients nowhere = new CloudClients(Optional.of("http://127.0.0.1:1"), Optional.of("unused"), Optional.of("unused"));
        return List.of(
                new SqsQueueProvider(nowhere, "us-east-1"),
                new DynamoDbTableProvider(nowhere, "us-east-1"),
                new S3BucketProvider(nowhere, "us-east-1"),
                new SnsTopicProvider(nowhere, "us-east-1"),
                new SecurityGroupProvider(nowhere, "us-east-1"),
                new SsmParameterProvider(nowhere, "us-east-1"));
    }

    public List<ResourceProvider> providers() {
        return providers;
    }

    // ------------------------------------------------------------------ names

    public String queueName(String logical) {
        return queuePrefix + logical;
    }

    public static String queueArn(String region, String account, String queueName) {
        return "arn:aws:sqs:" + region + ":" + account + ":" + queueName;
    }

    public static String tableArn(String region, String account, String tableName) {
        return "arn:aws:dynamodb:" + region + ":" + account + ":table/" + tableName;
    }

    public String busArn(String region, String account) {
        return "arn:aws:events:" + region + ":" + account + ":event-bus/" + eventBus;
    }

    /** The rule on Homeostat's bus that routes one consumer's detail-type to its queue. */
    public String routeRuleName(String queue) {
        return queuePrefix + "route-" + queue;
    }

    /** The rule on the account's default bus (where AWS delivers CloudTrail events) forwarding them to the detector. */
    public String cloudTrailRuleName() {
        return queuePrefix + "cloudtrail-to-detector";
    }

    public String routeRuleArn(String region, String account, String queue) {
        return "arn:aws:events:" + region + ":" + account + ":rule/" + eventBus + "/" + routeRuleName(queue);
    }

    public String cloudTrailRuleArn(String region, String account) {
        return "arn:aws:events:" + region + ":" + account + ":rule/" + cloudTrailRuleName();
    }

    public String eventBus() {
        return eventBus;
    }

    // ------------------------------------------------------------------ event patterns

    /** The pattern of the route rule for one detail-type. */
    public static Map<String, Object> routePattern(String detailType) {
        return ordered("detail-type", List.of(detailType));
    }

    /**
     * CloudTrail write calls of the managed types: detail-type {@value EventType#CLOUDTRAIL_DETAIL_TYPE}, readOnly
     * false, the providers' event sources and write events. (Event names are matched across sources; a name one
     * service uses never arrives from another source, and the detector checks the pair again.)
     */
    public Map<String, Object> cloudTrailPattern() {
        TreeSet<String> sources = new TreeSet<>();
        TreeSet<String> eventSources = new TreeSet<>();
        TreeSet<String> eventNames = new TreeSet<>();
        for (ResourceProvider p : providers) {
            p.cloudTrail().ifPresent(m -> {
                eventSources.add(m.eventSource());
                sources.add("aws." + m.eventSource().substring(0, m.eventSource().indexOf('.')));
                eventNames.addAll(m.writeEvents());
            });
        }
        return ordered(
                "source", List.copyOf(sources),
                "detail-type", List.of(EventType.CLOUDTRAIL_DETAIL_TYPE),
                "detail", ordered(
                        "readOnly", List.of(false),
                        "eventSource", List.copyOf(eventSources),
                        "eventName", List.copyOf(eventNames)));
    }

    /** The rule ARNs that may deliver to a queue: its route, and for the detector also the CloudTrail forwarding rule. */
    public List<String> ruleArnsFor(String queue, String region, String account) {
        List<String> arns = new ArrayList<>();
        if (queue.equals(Routes.DETECTOR)) {
            arns.add(cloudTrailRuleArn(region, account));
        }
        if (Routes.all().containsValue(queue)) {
            arns.add(routeRuleArn(region, account, queue));
        }
        return arns;
    }

    /** The queue policy allowing EventBridge to SendMessage to a queue from Homeostat's rules only. */
    public Map<String, Object> queuePolicy(String queue, String region, String account) {
        return queuePolicy(queueArn(region, account, queueName(queue)), ruleArnsFor(queue, region, account));
    }

    /** The same policy for a queue ARN and the ARNs of the rules that deliver to it (as EventBridge reports them). */
    public static Map<String, Object> queuePolicy(String queueArn, List<String> ruleArns) {
        return ordered(
                "Version", "2012-10-17",
                "Statement", List.of(ordered(
                        "Sid", "EventBridgeRules",
                        "Effect", "Allow",
                        "Principal", ordered("Service", "events.amazonaws.com"),
                        "Action", "sqs:SendMessage",
                        "Resource", queueArn,
                        "Condition", ordered("ArnEquals", ordered("aws:SourceArn", ruleArns)))));
    }

    // ------------------------------------------------------------------ IAM

    /** Name of the SNS topic notifications go to when none is configured (see {@code homeostat.notify.sns-topic-arn}). */
    public String notificationTopicName() {
        return queuePrefix + "notifications";
    }

    /**
     * Whether a compensation (the verifier's saga) may need this write: it puts back what was observed before a repair,
     * so it sets attributes, tags and rules, but never creates a resource (a resource the repair created has no
     * before-image to return to) — the verifier refuses such compensations too.
     */
    public static boolean isCompensation(String permission) {
        String action = permission.substring(permission.indexOf(':') + 1);
        return !isRead(permission) && !action.startsWith("Create");
    }

    public static boolean isRead(String permission) {
        String action = permission.substring(permission.indexOf(':') + 1);
        return action.startsWith("Get") || action.startsWith("List") || action.startsWith("Describe") || permission.equals("kms:Decrypt");
    }

    /** The managed-cloud permissions a service needs, in declaration order without repeats. */
    public List<String> managedPermissions(String service) {
        TreeSet<String> out = new TreeSet<>();
        if (service.equals(Routes.EXECUTOR)) {
            providers.forEach(p -> out.addAll(p.typeInfo().permissions()));
        } else if (service.equals(Routes.VERIFIER)) {
            providers.forEach(p -> p.typeInfo().permissions().stream()
                    .filter(perm -> isRead(perm) || isCompensation(perm)).forEach(out::add));
        } else if (MANAGED_READERS.contains(service)) {
            providers.forEach(p -> p.typeInfo().permissions().stream().filter(IamPolicyGenerator::isRead).forEach(out::add));
        }
        return List.copyOf(out);
    }

    public Map<String, Object> policy(String service) {
        if (!SERVICES.contains(service)) {
            throw new IllegalArgumentException("unknown service '" + service + "'; known: " + SERVICES);
        }
        List<Object> statements = new ArrayList<>();
        String own = queueArn(REGION, ACCOUNT, queueName(service));
        statements.add(allow("ConsumeOwnQueue", List.of("sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes",
                "sqs:GetQueueUrl", "sqs:ReceiveMessage"), List.of(own)));
        statements.add(allow("DeadLetter", List.of("sqs:GetQueueUrl", "sqs:SendMessage"),
                List.of(queueArn(REGION, ACCOUNT, queueName(service + QueueDirectory.DLQ_SUFFIX)))));
        TreeSet<String> targets = new TreeSet<>();
        EMITS.get(service).forEach(dt -> targets.add(queueArn(REGION, ACCOUNT, queueName(Routes.queueFor(dt).orElseThrow()))));
        statements.add(allow("PublishDirect", List.of("sqs:GetQueueUrl", "sqs:SendMessage"), List.copyOf(targets)));
        Map<String, Object> putEvents = allow("PublishEventBridge", List.of("events:PutEvents"), List.of(busArn(REGION, ACCOUNT)));
        putEvents.put("Condition", ordered("StringEquals", ordered("events:detail-type", List.copyOf(new TreeSet<>(EMITS.get(service))))));
        statements.add(putEvents);
        if (service.equals(Routes.DETECTOR)) {
            statements.addAll(deadLetterOperator());
        }
        TABLE_ACCESS.get(service).forEach((table, actions) -> {
            String arn = tableArn(REGION, ACCOUNT, tablePrefix + table);
            // Query reads through the table's indexes, which IAM names as resources of their own.
            statements.add(allow("Table" + capitalize(table), sorted(actions),
                    actions.contains("dynamodb:Query") ? List.of(arn, arn + "/index/*") : List.of(arn)));
        });
        if (service.equals(Routes.VERIFIER)) {
            statements.add(allow("NotificationIndex", List.of("dynamodb:Query"),
                    List.of(tableArn(REGION, ACCOUNT, tablePrefix + INCIDENTS) + "/index/" + NotificationOutbox.INDEX)));
            statements.add(allow("Notify", List.of("sns:Publish"),
                    List.of("arn:aws:sns:" + REGION + ":" + ACCOUNT + ":" + notificationTopicName())));
        }
        if (service.equals(Routes.ANALYZER)) {
            // The optional second opinion (homeostat.analyzer.bedrock.enabled): Converse is authorised as InvokeModel.
            statements.add(allow("BedrockSecondOpinion", List.of("bedrock:InvokeModel"),
                    List.of("arn:aws:bedrock:*::foundation-model/*", "arn:aws:bedrock:*:" + ACCOUNT + ":inference-profile/*")));
        }
        statements.addAll(managedStatements(service));
        if (service.equals(Routes.DETECTOR)) {
            // Log anomaly detection reads application logs with Logs Insights; query results name no resource.
            statements.add(allow("ReadApplicationLogs", List.of("logs:StartQuery"), List.of("arn:aws:logs:*:" + ACCOUNT + ":log-group:*")));
            statements.add(allow("ReadApplicationLogsResults", List.of("logs:GetQueryResults"), List.of("*")));
        }
        return ordered("Version", "2012-10-17", "Statement", statements);
    }

    /**
     * The detector hosts the operator's DLQ API: it walks every consumer's DLQ (receive with a short hold, release,
     * delete after replay), reads their depth for the metric, and sends replayed messages back to their queue.
     */
    private List<Object> deadLetterOperator() {
        List<String> dlqs = DeadLetterInspector.CONSUMER_QUEUES.stream()
                .map(q -> queueArn(REGION, ACCOUNT, queueName(q + QueueDirectory.DLQ_SUFFIX))).toList();
        List<String> sources = DeadLetterInspector.CONSUMER_QUEUES.stream().map(q -> queueArn(REGION, ACCOUNT, queueName(q))).toList();
        return List.of(
                allow("InspectDeadLetters", List.of("sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes",
                        "sqs:GetQueueUrl", "sqs:ReceiveMessage"), dlqs),
                allow("ReplayDeadLetters", List.of("sqs:GetQueueUrl", "sqs:SendMessage"), sources));
    }

    private List<Object> managedStatements(String service) {
        List<String> permissions = managedPermissions(service);
        if (permissions.isEmpty()) {
            return List.of();
        }
        List<Object> out = new ArrayList<>();
        Map<String, List<String>> byPrefix = new TreeMap<>();
        List<String> unscoped = new ArrayList<>();
        for (String perm : permissions) {
            if (UNSCOPED.contains(perm)) {
                unscoped.add(perm);
            } else {
                byPrefix.computeIfAbsent(perm.substring(0, perm.indexOf(':')), k -> new ArrayList<>()).add(perm);
            }
        }
        for (Map.Entry<String, List<String>> e : byPrefix.entrySet()) {
            List<String> resources = MANAGED_RESOURCES.get(e.getKey());
            if (resources == null) {
                throw new IllegalStateException("no managed-resource ARN pattern for " + e.getValue() + "; add one to MANAGED_RESOURCES");
            }
            Map<String, Object> s = allow("Managed" + capitalize(e.getKey()), e.getValue(), resources);
            if (e.getKey().equals("kms")) {
                // Keys only through SSM (SecureString parameters), never directly.
                s.put("Condition", ordered("StringLike", ordered("kms:ViaService", "ssm.*.amazonaws.com")));
            }
            out.add(s);
        }
        if (!unscoped.isEmpty()) {
            out.add(allow("ManagedReadUnscoped", unscoped, List.of("*")));
        }
        if (service.equals(Routes.EXECUTOR) || service.equals(Routes.VERIFIER)) {
            // The managed ARNs above also match Homeostat's own queues and tables: never let a plan touch them.
            List<String> controlWrites = permissions.stream()
                    .filter(p -> !isRead(p) && (p.startsWith("sqs:") || p.startsWith("dynamodb:"))).toList();
            Map<String, Object> deny = ordered("Sid", "ProtectControlPlane", "Effect", "Deny", "Action", controlWrites,
                    "Resource", List.of("arn:aws:sqs:*:" + ACCOUNT + ":" + queuePrefix + "*",
                            "arn:aws:dynamodb:*:" + ACCOUNT + ":table/" + tablePrefix + "*"));
            out.add(deny);
        }
        return out;
    }

    // ------------------------------------------------------------------ files

    /** Every generated file, by path relative to the output folder, as it is committed. */
    public Map<String, String> files() {
        Map<String, String> files = new TreeMap<>();
        for (String service : SERVICES) {
            files.put("iam/" + service + ".json", write(policy(service)));
        }
        files.put("eventbridge/cloudtrail-to-detector.json", write(cloudTrailPattern()));
        for (String queue : Routes.QUEUES) {
            files.put("eventbridge/" + queue + "-queue-policy.json", write(queuePolicy(queue, REGION, ACCOUNT)));
        }
        return files;
    }

    public static String write(Object json) {
        try {
            return JSON.writer(PRETTY).writeValueAsString(json) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String compact(Object json) {
        try {
            return new ObjectMapper().writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes every file under {@code args[0]} (default {@code deploy/aws}). */
    public static void main(String[] args) {
        Path out = Path.of(args.length > 0 ? args[0] : "deploy/aws");
        defaults().files().forEach((name, text) -> {
            try {
                Path file = out.resolve(name);
                Files.createDirectories(file.getParent());
                Files.writeString(file, text, StandardCharsets.UTF_8);
                System.out.println("wrote " + file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    // ------------------------------------------------------------------ helpers

    private static Map<String, Object> allow(String sid, List<String> actions, List<String> resources) {
        return ordered("Sid", sid, "Effect", "Allow", "Action", actions, "Resource", resources.size() == 1 ? resources.get(0) : resources);
    }

    private static List<String> sorted(List<String> values) {
        return List.copyOf(new TreeSet<>(values));
    }

    /** Upper camel case, dashes dropped: a statement id may hold only letters and digits ({@code log-baselines} → {@code LogBaselines}). */
    private static String capitalize(String s) {
        StringBuilder out = new StringBuilder();
        for (String part : s.split("-")) {
            if (!part.isEmpty()) {
                out.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    static <V> Map<String, V> ordered(Object... kv) {
        Map<String, V> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (V) kv[i + 1]);
        }
        return m;
    }
}
