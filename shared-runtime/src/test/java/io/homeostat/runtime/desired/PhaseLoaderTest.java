package io.homeostat.runtime.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.runtime.provider.CloudClients;
import io.homeostat.runtime.provider.ProviderRegistry;
import io.homeostat.runtime.provider.ResourceProvider;
import io.homeostat.runtime.provider.dynamodb.DynamoDbTableProvider;
import io.homeostat.runtime.provider.ec2.SecurityGroupProvider;
import io.homeostat.runtime.provider.sqs.SqsQueueProvider;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** phases/*.yaml → a validated desired state, or every problem of the set at once with file:line:col. */
class PhaseLoaderTest {

    private static final Set<String> TYPES = Set.of("aws.sqs.queue", "aws.s3.bucket");

    @TempDir
    Path dir;

    private final PhaseLoader loader = new PhaseLoader(TYPES);

    private Path write(String name, String yaml) throws IOException {
        return Files.writeString(dir.resolve(name), yaml);
    }

    private List<String> problems() {
        return assertThrows(PhaseValidationException.class, () -> loader.load(dir)).problems();
    }

    private static void assertHas(List<String> problems, String... fragments) {
        assertTrue(problems.stream().anyMatch(p -> Stream.of(fragments).allMatch(p::contains)),
                () -> "no problem containing all of " + List.of(fragments) + " in " + problems);
    }

    @Test
    void anEditIsCheckedWithTheWholeSetWithoutTouchingTheFolder() throws IOException {
        String queue = "resources:\n  %s:\n    type: aws.sqs.queue\n    name: %s\n";
        write("10-a.yaml", queue.formatted("orders-queue", "orders"));
        Path b = write("20-b.yaml", queue.formatted("audit-queue", "audit"));

        DesiredState edited = loader.loadEdited(dir, "20-b.yaml", queue.formatted("audit-queue", "audit-v2"));
        assertEquals("audit-v2", edited.find("audit-queue").orElseThrow().name());
        assertEquals(2, edited.resources().size());

        List<String> problems = assertThrows(PhaseValidationException.class,
                () -> loader.loadEdited(dir, "20-b.yaml", queue.formatted("orders-queue", "again"))).problems();
        assertHas(problems, b.toString(), "duplicate logical id 'orders-queue'", dir.resolve("10-a.yaml").toString());
        assertEquals(queue.formatted("audit-queue", "audit"), Files.readString(b), "the folder is not touched");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(2, files.count());
        }
    }

    @Test
    void aValidSetBindsWithDefaultsApplied() throws IOException {
        write("10-messaging.yaml", """
                phase: messaging
                defaults:
                  account: "123456789012"
                  region: eu-west-1
                  drift: notify
                resources:
                  orders-queue:
                    type: aws.sqs.queue
                    name: orders
                    properties:
                      VisibilityTimeout: 30
                      RedrivePolicy: {maxReceiveCount: 5, deadLetterTargetArn: "arn:aws:sqs:eu-west-1:123456789012:orders-dlq"}
                    tags: {team: payments}
                  audit-queue:
                    type: aws.sqs.queue
                    name: audit
                    account: "210987654321"
                    region: us-east-1
                    drift: ignore
                """);
        write("20-storage.yml", """
                resources:
                  reports-bucket:
                    type: aws.s3.bucket
                    name: reports
                """);
        write("README.md", "not a phase file: [ {");

        DesiredState state = loader.load(dir);

        assertEquals(List.of("orders-queue", "audit-queue", "reports-bucket"), List.copyOf(state.byLogicalId().keySet()));
        assertEquals(List.of(dir.resolve("10-messaging.yaml").toString(), dir.resolve("20-storage.yml").toString()), state.files());

        DesiredResource orders = state.find("orders-queue").orElseThrow();
        assertEquals(new DesiredResource("orders-queue", "messaging", "aws.sqs.queue", "orders", "123456789012", "eu-west-1",
                Map.of("VisibilityTimeout", 30, "RedrivePolicy",
                        Map.of("maxReceiveCount", 5, "deadLetterTargetArn", "arn:aws:sqs:eu-west-1:123456789012:orders-dlq")),
                Map.of("team", "payments"), DriftMode.NOTIFY), orders);

        DesiredResource audit = state.find("audit-queue").orElseThrow();
        assertEquals("210987654321", audit.account(), "a resource's own account wins over the default");
        assertEquals("us-east-1", audit.region());
        assertEquals(DriftMode.IGNORE, audit.drift());
        assertEquals(Map.of(), audit.properties());
        assertEquals(Map.of(), audit.tags());

        DesiredResource reports = state.find("reports-bucket").orElseThrow();
        assertEquals("20-storage", reports.phase(), "the phase defaults to the file name");
        assertNull(reports.account());
        assertNull(reports.region());
        assertEquals(DriftMode.AUTO_HEAL, reports.drift(), "drift defaults to auto-heal");

        assertEquals(orders, state.findByName("aws.sqs.queue", "orders").orElseThrow());
        assertTrue(state.findByName("aws.s3.bucket", "orders").isEmpty());
        assertEquals("aws.sqs.queue:123456789012:eu-west-1:orders", orders.ref().key());
    }

    @Test
    void anEmptyFolderIsAnEmptyDesiredState() {
        DesiredState state = loader.load(dir);
        assertEquals(0, state.resources().size());
    }

    @Test
    void anEmptyOrCommentsOnlyFileDeclaresNothingAndDoesNotRejectTheSet() throws IOException {
        java.nio.file.Files.writeString(dir.resolve("00-empty.yaml"), "");
        java.nio.file.Files.writeString(dir.resolve("01-comments.yaml"), "# nothing here yet\n\n   # still nothing\n");
        java.nio.file.Files.writeString(dir.resolve("02-one.yaml"), "resources:\n  q:\n    type: aws.sqs.queue\n    name: q\n");
        DesiredState state = loader.load(dir);
        assertEquals(1, state.resources().size());
        assertEquals(3, state.files().size());
    }

    @Test
    void aMissingFolderIsAProblem() {
        Path missing = dir.resolve("nope");
        List<String> problems = assertThrows(PhaseValidationException.class, () -> loader.load(missing)).problems();
        assertEquals(List.of(missing + ": phases folder not found"), problems);
    }

    static Stream<Arguments> invalidFiles() {
        return Stream.of(
                Arguments.of("unknown key", """
                        resources:
                          orders-queue:
                            type: aws.sqs.queue
                            name: orders
                            propertes:
                              VisibilityTimeout: 30
                        """, List.of("bad.yaml:5:5: ", "at 'resources.orders-queue.propertes'", "Unrecognized field \"propertes\"")),
                Arguments.of("unknown key mid-resource", """
                        resources:
                          orders-queue:
                            type: aws.sqs.queue
                            nmae: orders
                            tags: {team: payments}
                          other-queue:
                            type: aws.sqs.queue
                            name: other
                        """, List.of("bad.yaml:4:5: ", "'resources.orders-queue.nmae'")),
                Arguments.of("unknown top-level key", """
                        phase: messaging
                        resourcez: {}
                        """, List.of("bad.yaml:2:1: ", "at 'resourcez'", "Unrecognized field")),
                Arguments.of("tags as a list", """
                        resources:
                          orders-queue:
                            type: aws.sqs.queue
                            name: orders
                            tags: [payments]
                        """, List.of("bad.yaml:5:11: ", "at 'resources.orders-queue.tags'", "from Array value")),
                Arguments.of("properties as a number", """
                        resources:
                          orders-queue:
                            type: aws.sqs.queue
                            name: orders
                            properties: 30
                        """, List.of("bad.yaml:5:17: ", "at 'resources.orders-queue.properties'")),
                Arguments.of("unknown drift mode", """
                        defaults:
                          drift: sometimes
                        resources: {}
                        """, List.of("bad.yaml:2:10: ", "at 'defaults.drift'", "\"sometimes\"", "auto-heal")),
                Arguments.of("unknown type", """
                        resources:
                          orders-queue:
                            type: aws.sqs.queu
                            name: orders
                        """, List.of("bad.yaml:3:5: resources.orders-queue.type: unknown resource type 'aws.sqs.queu'; valid types: [aws.s3.bucket, aws.sqs.queue]")),
                Arguments.of("missing type", """
                        resources:
                          orders-queue:
                            name: orders
                        """, List.of("bad.yaml:2:3: resources.orders-queue.type: missing; valid types: [aws.s3.bucket, aws.sqs.queue]")),
                Arguments.of("missing name", """
                        resources:
                          orders-queue:
                            type: aws.sqs.queue
                        """, List.of("bad.yaml:2:3: resources.orders-queue.name: missing")),
                Arguments.of("empty resource", """
                        resources:
                          orders-queue:
                        """, List.of("bad.yaml:2:3: resources.orders-queue: empty resource")),
                Arguments.of("duplicate key in one file", """
                        resources:
                          orders-queue:
                            type: aws.sqs.queue
                            name: a
                          orders-queue:
                            type: aws.sqs.queue
                            name: b
                        """, List.of("bad.yaml:5:", "Duplicate field 'orders-queue'")),
                Arguments.of("tab indentation", "resources:\n\torders-queue: {}\n",
                        List.of("bad.yaml:2:1: invalid YAML: found character '\\t(TAB)' that cannot start any token")),
                Arguments.of("bad indentation", """
                        resources:
                          orders-queue:
                            type: aws.sqs.queue
                           name: orders
                        """, List.of("bad.yaml:4:4: invalid YAML: expected <block end>")),
                Arguments.of("unclosed quote", """
                        resources:
                          orders-queue:
                            type: "aws.sqs.queue
                            name: orders
                        """, List.of("bad.yaml:", "invalid YAML: found unexpected end of stream (while scanning a quoted scalar)")),
                Arguments.of("two documents", """
                        resources: {}
                        ---
                        resources: {}
                        """, List.of("bad.yaml:3:1: ", "Trailing token")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFiles")
    void anInvalidFileIsReportedWithWhereAndWhat(String name, String yaml, List<String> fragments) throws IOException {
        write("bad.yaml", yaml);
        List<String> problems = problems();
        assertEquals(1, problems.size(), () -> "problems: " + problems);
        assertTrue(problems.get(0).startsWith(dir.resolve("bad.yaml").toString()), problems.get(0));
        assertHas(problems, fragments.toArray(String[]::new));
    }

    @Test
    void aDuplicateLogicalIdAcrossFilesNamesBothFiles() throws IOException {
        Path a = write("a.yaml", """
                resources:
                  orders-queue:
                    type: aws.sqs.queue
                    name: orders
                """);
        Path b = write("b.yaml", """
                phase: other
                resources:
                  orders-queue:
                    type: aws.sqs.queue
                    name: orders-2
                """);
        List<String> problems = problems();
        assertEquals(List.of(b + ":3:3: resources.orders-queue: duplicate logical id 'orders-queue' (also declared in " + a + ")"), problems);
    }

    @Test
    void everyProblemOfTheSetIsReportedTogetherAndTheWholeSetIsRejected() throws IOException {
        write("00-good.yaml", """
                resources:
                  good-queue:
                    type: aws.sqs.queue
                    name: good
                """);
        Path typo = write("10-typo.yaml", """
                resources:
                  typo-queue:
                    type: aws.sqs.queue
                    name: typo
                    tgas: {team: x}
                """);
        Path types = write("20-types.yaml", """
                resources:
                  what-queue:
                    type: aws.sqs.queue2
                    name: what
                  nameless-queue:
                    type: aws.sqs.queue
                """);
        Path broken = write("30-broken.yaml", "resources:\n  x: \"unclosed\n");
        Path dup = write("40-dup.yaml", """
                resources:
                  good-queue:
                    type: aws.sqs.queue
                    name: good-again
                """);

        PhaseValidationException e = assertThrows(PhaseValidationException.class, () -> loader.load(dir));

        List<String> problems = e.problems();
        assertEquals(5, problems.size(), () -> "problems: " + problems);
        assertHas(problems, typo + ":5:5: ", "tgas");
        assertHas(problems, types.toString(), "unknown resource type 'aws.sqs.queue2'");
        assertHas(problems, types.toString(), "resources.nameless-queue.name: missing");
        assertHas(problems, broken + ":", "invalid YAML");
        assertHas(problems, dup.toString(), "duplicate logical id 'good-queue'", "00-good.yaml");
        assertTrue(e.getMessage().startsWith("invalid desired state (5 problems):"), e.getMessage());
        problems.forEach(p -> assertTrue(e.getMessage().contains(p), "the message lists " + p));
    }

    // ------------------------------------------------------------- properties, validated by the providers

    /** The real providers: validate() makes no cloud call, so the clients point nowhere. */
    private static ProviderRegistry providers() {
        CloudClients clients = new CloudClients(Optional.of("http://127.0.0.1:1"), Optional.of("k"), Optional.of("s"));
        return new ProviderRegistry(List.of(new SqsQueueProvider(clients, "us-east-1"), new DynamoDbTableProvider(clients, "us-east-1")));
    }

    @Test
    void withProvidersValidPropertiesLoad() throws IOException {
        write("10-messaging.yaml", """
                resources:
                  orders-queue:
                    type: aws.sqs.queue
                    name: orders
                    properties:
                      VisibilityTimeout: 30
                      RedrivePolicy: {maxReceiveCount: 5, deadLetterTargetArn: "arn:aws:sqs:us-east-1:123456789012:dlq"}
                    tags: {team: payments}
                """);
        write("20-data.yaml", """
                resources:
                  orders-table:
                    type: aws.dynamodb.table
                    name: orders
                    properties:
                      KeySchema: {hash: {name: customerId, type: S}, range: {name: orderedAt, type: N}}
                      BillingMode: PROVISIONED
                      ReadCapacityUnits: 5
                      WriteCapacityUnits: 5
                """);
        DesiredState state = new PhaseLoader(providers()).load(dir);
        assertEquals(Set.of("orders-queue", "orders-table"), state.byLogicalId().keySet());
    }

    @Test
    void theRepositorysPhasesPassTheirProviders() {
        Path phases = Path.of(System.getProperty("user.dir")).toAbsolutePath().resolveSibling("phases");
        assertTrue(new PhaseLoader(providers()).load(phases).resources().size() > 0);
    }

    @Test
    void invalidPropertiesRejectTheWholeSetNamingFileAndKeyWithTheOtherFilesProblems() throws IOException {
        write("00-good.yaml", """
                resources:
                  good-queue:
                    type: aws.sqs.queue
                    name: good
                    properties: {VisibilityTimeout: 30}
                """);
        Path sqs = write("10-messaging.yaml", """
                resources:
                  orders-queue:
                    type: aws.sqs.queue
                    name: orders
                    properties:
                      VisibiltyTimeout: 30
                  mapped-queue:
                    type: aws.sqs.queue
                    name: mapped
                    properties:
                      DelaySeconds: {seconds: 5}
                  tagged-queue:
                    type: aws.sqs.queue
                    name: tagged
                    tags: {"aws:owner": me}
                """);
        Path ddb = write("20-data.yaml", """
                resources:
                  orders-table:
                    type: aws.dynamodb.table
                    name: orders
                    properties:
                      KeySchema: {range: {name: orderedAt, type: N}}
                  events-table:
                    type: aws.dynamodb.table
                    name: events
                    properties:
                      KeySchema: {hash: {name: id, type: X}}
                """);
        Path other = write("30-other.yaml", """
                resources:
                  nameless-queue:
                    type: aws.sqs.queue
                  empty-value-queue:
                    type: aws.sqs.queue
                    name: empty
                    properties:
                      VisibilityTimeout:
                """);

        PhaseValidationException e = assertThrows(PhaseValidationException.class, () -> new PhaseLoader(providers()).load(dir));

        List<String> problems = e.problems();
        assertEquals(7, problems.size(), () -> "problems: " + problems);
        assertHas(problems, sqs + ":5:5: resources.orders-queue.properties: ", "unknown property 'VisibiltyTimeout'",
                "allowed: [ContentBasedDeduplication, DeduplicationScope, DelaySeconds,", "VisibilityTimeout]");
        assertHas(problems, sqs + ":10:5: resources.mapped-queue.properties: ", "DelaySeconds must be a single value");
        assertHas(problems, sqs + ":12:3: resources.tagged-queue.properties: ", "tag key 'aws:owner'");
        assertHas(problems, ddb + ":5:5: resources.orders-table.properties: ", "KeySchema.hash is required");
        assertHas(problems, ddb + ":10:5: resources.events-table.properties: ", "KeySchema.hash.type must be S, N or B, not 'X'");
        assertHas(problems, other + ":2:3: resources.nameless-queue.name: missing");
        assertHas(problems, other + ":8:7: resources.empty-value-queue.properties.VisibilityTimeout: no value");
        assertTrue(e.getMessage().startsWith("invalid desired state (7 problems):"), e.getMessage());
    }

    @Test
    void withoutProvidersPropertiesAreNotChecked() throws IOException {
        write("10-messaging.yaml", """
                resources:
                  orders-queue:
                    type: aws.sqs.queue
                    name: orders
                    properties: {VisibiltyTimeout: 30}
                """);
        assertEquals(1, loader.load(dir).resources().size());
    }

    @Test
    void aProviderThatFailsToValidateRejectsTheResourceInsteadOfTheLoad() throws IOException {
        write("10-messaging.yaml", """
                resources:
                  orders-queue:
                    type: aws.sqs.queue
                    name: orders
                """);
        PhaseLoader broken = new PhaseLoader(Set.of("aws.sqs.queue"), type -> {
            throw new IllegalStateException("registry is gone");
        });
        List<String> problems = assertThrows(PhaseValidationException.class, () -> broken.load(dir)).problems();
        assertEquals(1, problems.size(), () -> "problems: " + problems);
        assertHas(problems, "resources.orders-queue.properties: cannot be validated", "registry is gone");
    }

    // ------------------------------------------------------------- references: ${ref:<logicalId>}

    @Test
    void referencesAnywhereInPropertiesBecomeTheReferencedResourcesNameAcrossFiles() throws IOException {
        write("10-messaging.yaml", """
                resources:
                  orders-queue:
                    type: aws.sqs.queue
                    name: orders
                    properties:
                      VisibilityTimeout: 30
                      RedrivePolicy: {deadLetterTargetArn: "${ref:orders-dlq}", maxReceiveCount: 5}
                      Routes:
                        - {to: "${ref:reports-bucket}", copies: ["${ref:orders-dlq}", literal]}
                        - plain
                      Note: "${ref:orders-dlq}"
                      Policy: {Condition: {StringEquals: {"aws:username": "${aws:username}"}}, Id: "$ref:orders-dlq"}
                  orders-dlq:
                    type: aws.sqs.queue
                    name: orders-dead-letters
                """);
        write("20-storage.yaml", """
                resources:
                  reports-bucket:
                    type: aws.s3.bucket
                    name: homeostat-reports
                    properties: {Source: "${ref:orders-queue}"}
                """);

        DesiredState state = loader.load(dir);

        assertEquals(Map.of(
                "VisibilityTimeout", 30,
                "RedrivePolicy", Map.of("deadLetterTargetArn", "orders-dead-letters", "maxReceiveCount", 5),
                "Routes", List.of(Map.of("to", "homeostat-reports", "copies", List.of("orders-dead-letters", "literal")), "plain"),
                "Note", "orders-dead-letters",
                "Policy", Map.of("Condition", Map.of("StringEquals", Map.of("aws:username", "${aws:username}")), "Id", "$ref:orders-dlq")),
                state.find("orders-queue").orElseThrow().properties(),
                "every reference, at any depth, is the name; other ${...} text and look-alikes are left alone");
        assertEquals(Map.of("Source", "orders"), state.find("reports-bucket").orElseThrow().properties(),
                "a reference into an earlier file resolves too");
        assertEquals(Map.of(), state.find("orders-dlq").orElseThrow().properties());
    }

    static Stream<Arguments> badReferences() {
        String known = "(known: [orders-dlq, orders-queue, reports-bucket])";
        return Stream.of(
                Arguments.of("unknown logical id", "Note: \"${ref:orders-dql}\"",
                        "resources.orders-queue.properties.Note: bad reference '${ref:orders-dql}': no resource 'orders-dql' " + known),
                Arguments.of("unknown id in a nested map", "RedrivePolicy: {deadLetterTargetArn: \"${ref:dlq}\", maxReceiveCount: 5}",
                        "resources.orders-queue.properties.RedrivePolicy.deadLetterTargetArn: bad reference '${ref:dlq}': no resource 'dlq' " + known),
                Arguments.of("unknown id in a list of maps", "ingress: [{protocol: tcp, port: 443, cidr: 0.0.0.0/0}, {group: \"${ref:web}\"}]",
                        "resources.orders-queue.properties.ingress[1].group: bad reference '${ref:web}': no resource 'web' " + known),
                Arguments.of("unknown id in a list of strings", "Copies: [a, \"${ref:nope}\"]",
                        "resources.orders-queue.properties.Copies[1]: bad reference '${ref:nope}': no resource 'nope' " + known),
                Arguments.of("the resource itself", "Note: \"${ref:orders-queue}\"",
                        "resources.orders-queue.properties.Note: bad reference '${ref:orders-queue}': a resource cannot reference itself"),
                Arguments.of("embedded in a longer string", "deadLetterTargetArn: \"arn:aws:sqs:us-east-1:123456789012:${ref:orders-dlq}\"",
                        "properties.deadLetterTargetArn: bad reference 'arn:aws:sqs:us-east-1:123456789012:${ref:orders-dlq}': malformed"),
                Arguments.of("no closing brace", "Note: \"${ref:orders-dlq\"", "properties.Note: bad reference '${ref:orders-dlq': malformed"),
                Arguments.of("empty logical id", "Note: \"${ref:}\"", "properties.Note: bad reference '${ref:}': malformed"),
                Arguments.of("space inside", "Note: \"${ref: orders-dlq}\"", "properties.Note: bad reference '${ref: orders-dlq}': malformed"),
                Arguments.of("two references in one value", "Note: \"${ref:orders-dlq}${ref:reports-bucket}\"", "properties.Note: bad reference "
                        + "'${ref:orders-dlq}${ref:reports-bucket}': malformed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badReferences")
    void aBadReferenceIsAProblemNamingFileKeyAndValue(String name, String property, String expected) throws IOException {
        Path file = write("10-messaging.yaml", """
                resources:
                  orders-queue:
                    type: aws.sqs.queue
                    name: orders
                    properties:
                      VisibilityTimeout: 30
                      %s
                  orders-dlq:
                    type: aws.sqs.queue
                    name: orders-dead-letters
                  reports-bucket:
                    type: aws.s3.bucket
                    name: reports
                """.formatted(property));
        List<String> problems = problems();
        assertEquals(1, problems.size(), () -> "problems: " + problems);
        assertTrue(problems.get(0).matches(java.util.regex.Pattern.quote(file.toString()) + ":\\d+:\\d+: resources\\.orders-queue\\.properties\\..*"),
                problems.get(0));
        assertHas(problems, expected);
    }

    @Test
    void aProblemFoundAfterBindingPointsAtTheLineAndColumnOfItsKeyEvenInsideAList() throws IOException {
        Path file = write("30-network.yaml", """
                phase: network
                resources:
                  db-sg:
                    name: db
                    properties:
                      ingress:
                        - {protocol: tcp}
                        - group: "${ref:web}"
                    type: aws.sqs.queue
                """);
        assertEquals(List.of(file + ":8:11: resources.db-sg.properties.ingress[1].group: bad reference '${ref:web}': "
                + "no resource 'web' (known: [db-sg])"), problems());
    }

    @Test
    void badReferencesAreReportedWithTheSetsOtherProblemsAndRejectIt() throws IOException {
        Path a = write("10-a.yaml", """
                resources:
                  a-queue:
                    type: aws.sqs.queue
                    name: a
                    properties: {RedrivePolicy: {deadLetterTargetArn: "${ref:b-dlq}"}, Note: "${ref:missing}"}
                  nameless-queue:
                    type: aws.sqs.queue
                """);
        Path b = write("20-b.yaml", """
                resources:
                  b-dlq:
                    type: aws.sqs.queue
                    name: b-dlq
                    properties: {Of: "${ref:nameless-queue}", Self: "${ref:b-dlq}"}
                  typo-queue:
                    type: aws.sqs.queu
                    name: typo
                """);

        List<String> problems = problems();

        assertEquals(5, problems.size(), () -> "problems: " + problems);
        assertHas(problems, a + ":5:", ": resources.a-queue.properties.Note: bad reference '${ref:missing}': no resource 'missing' "
                + "(known: [a-queue, b-dlq, nameless-queue, typo-queue])");
        assertHas(problems, a + ":6:3: resources.nameless-queue.name: missing");
        assertHas(problems, b + ":5:", ": resources.b-dlq.properties.Of: bad reference '${ref:nameless-queue}': resource 'nameless-queue' has no name");
        assertHas(problems, b + ":5:", ": resources.b-dlq.properties.Self: bad reference '${ref:b-dlq}': a resource cannot reference itself");
        assertHas(problems, b + ":7:5: resources.typo-queue.type: unknown resource type 'aws.sqs.queu'");
    }

    @Test
    void providersValidateTheResolvedPropertiesAndNeverSeeAReference() throws IOException {
        write("10-messaging.yaml", """
                resources:
                  orders-queue:
                    type: aws.sqs.queue
                    name: orders
                    properties: {RedrivePolicy: {deadLetterTargetArn: "${ref:orders-dlq}", maxReceiveCount: 5}}
                  orders-dlq:
                    type: aws.sqs.queue
                    name: orders-dead-letters
                  broken-queue:
                    type: aws.sqs.queue
                    name: broken
                    properties: {Note: "${ref:nothing}"}
                """);
        List<DesiredResource> validated = new ArrayList<>();
        // Only validate() is called at load time: a proxy records what the provider is shown.
        ResourceProvider recorder = (ResourceProvider) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ResourceProvider.class}, (proxy, method, args) -> {
                    if (method.getName().equals("validate")) {
                        validated.add((DesiredResource) args[0]);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        PhaseLoader checking = new PhaseLoader(Set.of("aws.sqs.queue"), type -> Optional.of(recorder));

        List<String> problems = assertThrows(PhaseValidationException.class, () -> checking.load(dir)).problems();

        assertEquals(1, problems.size(), () -> "problems: " + problems);
        assertHas(problems, "resources.broken-queue.properties.Note: bad reference '${ref:nothing}'");
        assertEquals(List.of("orders-queue", "orders-dlq"), validated.stream().map(DesiredResource::logicalId).toList(),
                "a resource with a bad reference is not handed to its provider");
        assertEquals(Map.of("RedrivePolicy", Map.of("deadLetterTargetArn", "orders-dead-letters", "maxReceiveCount", 5)),
                validated.get(0).properties());
    }

    @Test
    void aReferenceIsTheNameOnlySoASecurityGroupRuleStillNeedsAnId() throws IOException {
        write("10-network.yaml", """
                resources:
                  web-sg:
                    type: aws.ec2.security-group
                    name: web
                  db-sg:
                    type: aws.ec2.security-group
                    name: db
                    properties:
                      ingress: [{protocol: tcp, port: 5432, group: "${ref:web-sg}"}]
                """);
        CloudClients clients = new CloudClients(Optional.of("http://127.0.0.1:1"), Optional.of("k"), Optional.of("s"));
        PhaseLoader withGroups = new PhaseLoader(new ProviderRegistry(List.of(new SecurityGroupProvider(clients, "us-east-1"))));

        List<String> problems = assertThrows(PhaseValidationException.class, () -> withGroups.load(dir)).problems();

        assertEquals(1, problems.size(), () -> "problems: " + problems);
        assertHas(problems, "resources.db-sg.properties: ", "group=web", "'web' is not a valid group");
    }

    @Test
    void policyRulesBindWithTheirPhaseAndFile() throws IOException {
        write("10-messaging.yaml", """
                phase: messaging
                policy:
                  prod-needs-approval:
                    when: "resource.tags['env'] == 'prod'"
                    effect: require-approval
                    description: changes in prod wait for a person
                resources:
                  q: {type: aws.sqs.queue, name: q}
                """);
        var rules = loader.load(dir).policies();
        assertEquals(1, rules.size());
        assertEquals(new io.homeostat.runtime.policy.PolicyRule("prod-needs-approval", "10-messaging.yaml",
                io.homeostat.model.events.PolicyDecision.Effect.REQUIRE_APPROVAL, "resource.tags['env'] == 'prod'",
                "changes in prod wait for a person", "messaging"), rules.get(0));
    }

    @Test
    void anInvalidPolicyRuleRejectsTheSetNamingTheRuleAndFile() throws IOException {
        write("10-a.yaml", """
                policy:
                  broken: {when: "action.name ==", effect: deny}
                  odd-effect: {when: "true", effect: allow}
                  dup: {when: "true", effect: deny}
                """);
        write("20-b.yaml", """
                policy:
                  dup: {when: "false", effect: deny}
                  empty:
                """);
        List<String> problems = problems();
        assertHas(problems, "10-a.yaml:2:3: policy.broken", "invalid CEL expression");
        assertHas(problems, "10-a.yaml:3:30: policy.odd-effect.effect", "DENY or REQUIRE_APPROVAL");
        assertHas(problems, "20-b.yaml:2:3: policy.dup", "duplicate policy rule name 'dup'", "10-a.yaml");
        assertHas(problems, "20-b.yaml:3:3: policy.empty", "empty rule");
    }
}
