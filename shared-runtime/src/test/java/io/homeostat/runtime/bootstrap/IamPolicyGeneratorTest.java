package io.homeostat.runtime.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.homeostat.model.events.EventType;
import io.homeostat.runtime.provider.CloudTrailMapping;
import io.homeostat.runtime.provider.ProviderRegistry;
import io.homeostat.runtime.provider.ResourceProvider;
import io.homeostat.runtime.transport.Routes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed {@code deploy/aws/} documents are exactly what {@link IamPolicyGenerator} generates from the code, and
 * they grant what the providers and routes need and nothing broader. Regenerate after a change with
 * {@code java -cp ... io.homeostat.runtime.bootstrap.IamPolicyGenerator deploy/aws} (see docs/operations.md).
 */
class IamPolicyGeneratorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DEPLOY = Path.of("..", "deploy", "aws");
    private static final IamPolicyGenerator GEN = IamPolicyGenerator.defaults();
    private static final String CONTROL_QUEUE = "arn:aws:sqs:${Region}:${Account}:homeostat-";
    private static final String CONTROL_TABLE = "arn:aws:dynamodb:${Region}:${Account}:table/homeostat-";

    static Stream<String> services() {
        return IamPolicyGenerator.SERVICES.stream();
    }

    private static JsonNode committed(String name) {
        try {
            return JSON.readTree(Files.readString(DEPLOY.resolve(name), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot read deploy/aws/" + name + " (regenerate with IamPolicyGenerator): " + e, e);
        }
    }

    private static List<JsonNode> statements(String service) {
        List<JsonNode> out = new ArrayList<>();
        committed("iam/" + service + ".json").get("Statement").forEach(out::add);
        return out;
    }

    private static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else {
            out.add(node.asText());
        }
        return out;
    }

    private static Set<String> allowed(String service, String sidPrefix) {
        return statements(service).stream()
                .filter(s -> s.get("Effect").asText().equals("Allow") && s.get("Sid").asText().startsWith(sidPrefix))
                .flatMap(s -> texts(s.get("Action")).stream()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static JsonNode statement(String service, String sid) {
        return statements(service).stream().filter(s -> s.get("Sid").asText().equals(sid)).findFirst()
                .orElseThrow(() -> new AssertionError(service + ": no statement " + sid));
    }

    // ------------------------------------------------------------------ (a) no drift

    @Test
    void theCommittedFilesAreExactlyWhatTheGeneratorWrites() throws IOException {
        Map<String, String> generated = GEN.files();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : generated.entrySet()) {
            Path file = DEPLOY.resolve(e.getKey());
            if (!Files.exists(file)) {
                problems.add("missing " + file);
            } else if (!Files.readString(file, StandardCharsets.UTF_8).equals(e.getValue())) {
                problems.add("differs " + file);
            }
        }
        for (String dir : List.of("iam", "eventbridge")) {
            try (Stream<Path> files = Files.list(DEPLOY.resolve(dir))) {
                files.filter(f -> f.toString().endsWith(".json"))
                        .map(f -> dir + "/" + f.getFileName())
                        .filter(name -> !generated.containsKey(name))
                        .forEach(name -> problems.add("not generated (stale?) deploy/aws/" + name));
            }
        }
        if (!problems.isEmpty()) {
            fail("deploy/aws is out of date; regenerate with IamPolicyGenerator (see docs/operations.md):\n  "
                    + String.join("\n  ", problems));
        }
    }

    @Test
    void theGeneratorCoversEveryRegisteredType() {
        assertEquals(Set.of("aws.sqs.queue", "aws.dynamodb.table", "aws.s3.bucket", "aws.sns.topic", "aws.ec2.security-group",
                "aws.ssm.parameter"), new ProviderRegistry(GEN.providers()).types());
    }

    // ------------------------------------------------------------------ (b) coverage

    @Test
    void theExecutorMayDoEverythingAProviderDeclares() {
        Set<String> executor = allowed(Routes.EXECUTOR, "Managed");
        for (ResourceProvider p : GEN.providers()) {
            for (String perm : p.typeInfo().permissions()) {
                assertTrue(executor.contains(perm), p.typeInfo().type() + ": executor lacks " + perm);
            }
        }
    }

    @Test
    void everyObservingServiceMayReadWhatAProviderReads() {
        for (String service : List.of(Routes.DETECTOR, Routes.PLANNER, Routes.VERIFIER)) {
            Set<String> granted = allowed(service, "Managed");
            for (ResourceProvider p : GEN.providers()) {
                p.typeInfo().permissions().stream().filter(IamPolicyGeneratorTest::isRead).forEach(perm ->
                        assertTrue(granted.contains(perm), service + " lacks " + perm + " (" + p.typeInfo().type() + ")"));
            }
            if (!service.equals(Routes.VERIFIER)) {
                granted.forEach(perm -> assertTrue(isRead(perm), service + " may " + perm + ", which is not a read"));
            }
        }
        assertEquals(Set.of(), allowed(Routes.ANALYZER, "Managed"), "the analyzer never touches the managed cloud");
    }

    @Test
    void theVerifierMayWriteExactlyWhatACompensationUsesAndNeverCreates() {
        Set<String> granted = allowed(Routes.VERIFIER, "Managed");
        Set<String> expected = new java.util.TreeSet<>();
        for (ResourceProvider p : GEN.providers()) {
            p.typeInfo().permissions().stream()
                    .filter(perm -> !isRead(perm) && !perm.substring(perm.indexOf(':') + 1).startsWith("Create"))
                    .forEach(expected::add);
        }
        Set<String> writes = granted.stream().filter(perm -> !isRead(perm)).collect(Collectors.toCollection(java.util.TreeSet::new));
        assertEquals(expected, writes);
        assertTrue(writes.contains("sqs:SetQueueAttributes") && writes.contains("s3:PutBucketVersioning"), writes.toString());
        assertFalse(writes.contains("sqs:CreateQueue"), "a compensation never creates");
        assertEquals("Deny", statement(Routes.VERIFIER, "ProtectControlPlane").get("Effect").asText(),
                "compensations can never touch Homeostat's own queues and tables");
        assertEquals(List.of("sns:Publish"), texts(statement(Routes.VERIFIER, "Notify").get("Action")));
        assertEquals(List.of("dynamodb:Query"), texts(statement(Routes.VERIFIER, "NotificationIndex").get("Action")));
        assertTrue(statement(Routes.VERIFIER, "NotificationIndex").get("Resource").asText().endsWith("table/homeostat-incidents/index/notify-pending"));
    }

    /** Independent of the generator's own test: Get/List/Describe, and kms:Decrypt. */
    private static boolean isRead(String perm) {
        String action = perm.substring(perm.indexOf(':') + 1);
        return action.matches("(Get|List|Describe).*") || perm.equals("kms:Decrypt");
    }

    // ------------------------------------------------------------------ (c) nothing broader

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void noWildcardActionsAndNoDeletingManagedResources(String service) {
        for (JsonNode s : statements(service)) {
            String sid = s.get("Sid").asText();
            assertFalse(s.has("NotAction") || s.has("NotResource"), service + "/" + sid + ": NotAction/NotResource");
            for (String action : texts(s.get("Action"))) {
                assertTrue(action.matches("[a-z0-9]+:[A-Z][A-Za-z]+"), service + "/" + sid + ": action " + action + " is not one exact action");
                if (sid.startsWith("Managed") && s.get("Effect").asText().equals("Allow")) {
                    String name = action.substring(action.indexOf(':') + 1);
                    assertFalse(name.startsWith("Delete") && !name.contains("Tag"), service + "/" + sid + ": deletes managed resources: " + action);
                }
            }
        }
    }

    @Test
    void theAnalyzerQueriesTheSignatureIndexUsesTheAnswerCacheAndMayAskBedrock_noOtherServiceMay() {
        JsonNode incidents = statement(Routes.ANALYZER, "TableIncidents");
        assertTrue(texts(incidents.get("Action")).contains("dynamodb:Query"));
        assertEquals(List.of(CONTROL_TABLE + "incidents", CONTROL_TABLE + "incidents/index/*"), texts(incidents.get("Resource")));
        assertEquals(List.of("dynamodb:GetItem", "dynamodb:PutItem"), texts(statement(Routes.ANALYZER, "TableAnalyses").get("Action")));
        assertEquals(List.of("bedrock:InvokeModel"), texts(statement(Routes.ANALYZER, "BedrockSecondOpinion").get("Action")));
        for (String service : List.of(Routes.DETECTOR, Routes.PLANNER, Routes.EXECUTOR, Routes.VERIFIER)) {
            assertFalse(statements(service).stream().anyMatch(s -> s.get("Sid").asText().matches("BedrockSecondOpinion|TableAnalyses")),
                    service);
        }
    }

    @Test
    void tableAccessIsPrecisePerService() {
        // Only the detector writes flags (operator API) and opens guards; the planner only reads flags; the verifier closes guards.
        assertEquals(List.of("dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Scan"),
                texts(statement(Routes.DETECTOR, "TableFlags").get("Action")));
        assertEquals(List.of("dynamodb:GetItem"), texts(statement(Routes.PLANNER, "TableFlags").get("Action")));
        assertEquals(List.of("dynamodb:GetItem", "dynamodb:UpdateItem"), texts(statement(Routes.VERIFIER, "TableGuards").get("Action")));
        // Only the executor touches the shared circuit breaker: read it, replace it conditionally.
        assertEquals(List.of("dynamodb:GetItem", "dynamodb:PutItem"), texts(statement(Routes.EXECUTOR, "TableBreakers").get("Action")));
        for (String service : List.of(Routes.DETECTOR, Routes.ANALYZER, Routes.PLANNER, Routes.VERIFIER)) {
            assertFalse(statements(service).stream().anyMatch(s -> s.get("Sid").asText().equals("TableBreakers")), service);
        }
        // The rollback pin lives in the guards table: the services that load the desired state read it; only the
        // detector writes it. The planner also releases the guard of a rejected or expired plan.
        assertEquals(List.of("dynamodb:GetItem"), texts(statement(Routes.EXECUTOR, "TableGuards").get("Action")));
        assertEquals(List.of("dynamodb:GetItem", "dynamodb:UpdateItem"), texts(statement(Routes.PLANNER, "TableGuards").get("Action")));
        assertFalse(statements(Routes.ANALYZER).stream().anyMatch(s -> s.get("Sid").asText().matches("Table(Flags|Guards)")));
        assertFalse(statements(Routes.EXECUTOR).stream().anyMatch(s -> s.get("Sid").asText().equals("TableFlags")));
        for (String service : IamPolicyGenerator.SERVICES) {
            Set<String> dynamo = statements(service).stream().filter(s -> s.get("Sid").asText().startsWith("Table"))
                    .flatMap(s -> texts(s.get("Action")).stream()).collect(Collectors.toSet());
            // TransactWriteItems is authorised per item (PutItem/UpdateItem/DeleteItem); it is not an IAM action.
            assertFalse(dynamo.contains("dynamodb:TransactWriteItems"), service);
            assertTrue(dynamo.containsAll(Set.of("dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:PutItem")),
                    service + ": " + dynamo);
        }
    }

    // ------------------------------------------------------------------ (d) scoped resources

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void controlPlaneResourcesAreTheServicesOwn(String service) {
        assertEquals(CONTROL_QUEUE + service, statement(service, "ConsumeOwnQueue").get("Resource").asText());
        assertEquals(CONTROL_QUEUE + service + "-dlq", statement(service, "DeadLetter").get("Resource").asText());
        Set<String> targets = new TreeSet<>(texts(statement(service, "PublishDirect").get("Resource")));
        Set<String> expected = new TreeSet<>();
        IamPolicyGenerator.EMITS.get(service).forEach(dt -> expected.add(CONTROL_QUEUE + Routes.queueFor(dt).orElseThrow()));
        assertEquals(expected, targets);
        if (service.equals(Routes.DETECTOR)) {
            assertTrue(targets.contains(CONTROL_QUEUE + Routes.DETECTOR), "split records go back to the detector's queue");
        }
        JsonNode putEvents = statement(service, "PublishEventBridge");
        assertEquals("arn:aws:events:${Region}:${Account}:event-bus/homeostat", putEvents.get("Resource").asText());
        for (JsonNode s : statements(service)) {
            String sid = s.get("Sid").asText();
            for (String resource : texts(s.get("Resource"))) {
                if (sid.startsWith("Table") || sid.equals("NotificationIndex")) {
                    assertTrue(resource.startsWith(CONTROL_TABLE), service + "/" + sid + ": " + resource);
                } else if (sid.equals("Notify")) {
                    assertEquals("arn:aws:sns:${Region}:${Account}:homeostat-notifications", resource);
                } else if (sid.startsWith("ReadApplicationLogs")) {
                    assertEquals(Routes.DETECTOR, service, "only the detector reads application logs");
                    assertEquals(sid.equals("ReadApplicationLogs") ? List.of("logs:StartQuery") : List.of("logs:GetQueryResults"),
                            texts(s.get("Action")));
                    assertTrue(resource.equals(sid.equals("ReadApplicationLogs") ? "arn:aws:logs:*:${Account}:log-group:*" : "*"), resource);
                } else if (sid.equals("ManagedReadUnscoped")) {
                    assertEquals("*", resource);
                    texts(s.get("Action")).forEach(a -> assertTrue(isRead(a), service + ": unscoped non-read " + a));
                } else if (sid.startsWith("Managed") || sid.equals("ProtectControlPlane")) {
                    // Any region the phases name, but this account; S3 bucket ARNs carry no account.
                    assertTrue(resource.startsWith("arn:aws:s3:::") || resource.matches("arn:aws:[a-z0-9]+:\\*:\\$\\{Account}:.+"),
                            service + "/" + sid + ": " + resource);
                } else if (sid.equals("BedrockSecondOpinion")) {
                    assertTrue(resource.matches("arn:aws:bedrock:\\*:(|\\$\\{Account}):(foundation-model|inference-profile)/\\*"),
                            service + "/" + sid + ": " + resource);
                } else if (!sid.equals("PublishEventBridge")) {
                    assertTrue(resource.startsWith(CONTROL_QUEUE), service + "/" + sid + ": " + resource);
                }
            }
        }
    }

    // ------------------------------------------------------------------ EventBridge

    @Test
    void theCloudTrailPatternForwardsExactlyTheProvidersWriteCalls() {
        JsonNode pattern = committed("eventbridge/cloudtrail-to-detector.json");
        Set<String> sources = new TreeSet<>();
        Set<String> names = new TreeSet<>();
        for (ResourceProvider p : GEN.providers()) {
            CloudTrailMapping m = p.cloudTrail().orElseThrow();
            sources.add(m.eventSource());
            names.addAll(m.writeEvents());
        }
        assertEquals(List.of(EventType.CLOUDTRAIL_DETAIL_TYPE), texts(pattern.get("detail-type")));
        assertEquals(1, pattern.get("detail").get("readOnly").size());
        assertTrue(pattern.get("detail").get("readOnly").get(0).isBoolean());
        assertFalse(pattern.get("detail").get("readOnly").get(0).asBoolean());
        assertEquals(sources, new TreeSet<>(texts(pattern.get("detail").get("eventSource"))));
        assertEquals(names, new TreeSet<>(texts(pattern.get("detail").get("eventName"))));
        assertEquals(sources.stream().map(s -> "aws." + s.substring(0, s.indexOf('.'))).collect(Collectors.toCollection(TreeSet::new)),
                new TreeSet<>(texts(pattern.get("source"))));
        int size = IamPolicyGenerator.compact(GEN.cloudTrailPattern()).length();
        assertTrue(size < 2048, "event pattern of " + size + " characters; EventBridge allows 2048");
    }

    @Test
    void everyQueueAcceptsEventBridgeOnlyFromHomeostatsRules() {
        for (String queue : Routes.QUEUES) {
            JsonNode s = committed("eventbridge/" + queue + "-queue-policy.json").get("Statement").get(0);
            assertEquals("events.amazonaws.com", s.get("Principal").get("Service").asText());
            assertEquals(List.of("sqs:SendMessage"), texts(s.get("Action")));
            assertEquals(CONTROL_QUEUE + queue, s.get("Resource").asText());
            List<String> rules = texts(s.get("Condition").get("ArnEquals").get("aws:SourceArn"));
            List<String> expected = new ArrayList<>();
            if (queue.equals(Routes.DETECTOR)) {
                expected.add("arn:aws:events:${Region}:${Account}:rule/homeostat-cloudtrail-to-detector");
            }
            expected.add("arn:aws:events:${Region}:${Account}:rule/homeostat/homeostat-route-" + queue);
            assertEquals(expected, rules, queue);
        }
    }
}
