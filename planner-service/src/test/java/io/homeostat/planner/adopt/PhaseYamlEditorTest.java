package io.homeostat.planner.adopt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Golden before → after pairs: the smallest edit that makes desired read as actual, comments and order kept. */
class PhaseYamlEditorTest {

    private static final String BLOCK = """
            # Messaging, owned by payments.
            phase: messaging
            resources:
              orders-queue:
                type: aws.sqs.queue   # the main queue
                name: orders
                properties:
                  VisibilityTimeout: 30   # seconds; see runbook
                  DelaySeconds: 0
                tags:
                  team: payments
              other:
                type: aws.sqs.queue
                name: other
            """;

    private static final String FLOW = """
            resources:
              orders-queue:
                type: aws.sqs.queue
                name: orders
                properties: {VisibilityTimeout: 30, DelaySeconds: 0}
                tags: {team: payments, env: prod}
              other: {type: aws.sqs.queue, name: other}
            """;

    private static Map<String, Optional<String>> set(String... kv) {
        Map<String, Optional<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], Optional.ofNullable(kv[i + 1]));
        }
        return m;
    }

    static Stream<Arguments> edits() {
        return Stream.of(
                arguments("a changed block value is replaced in place, its comment kept", BLOCK, "orders-queue",
                        set("VisibilityTimeout", "99"), set(), BLOCK.replace("VisibilityTimeout: 30   #", "VisibilityTimeout: 99   #")),
                arguments("a changed flow value is replaced in place", FLOW, "orders-queue",
                        set("DelaySeconds", "5"), set("env", "staging"),
                        FLOW.replace("DelaySeconds: 0}", "DelaySeconds: 5}").replace("env: prod}", "env: staging}")),
                arguments("an added tag rewrites only the tags mapping", BLOCK, "orders-queue", set(), set("owner", "alice"),
                        BLOCK.replace("tags:\n      team: payments", "tags:\n      {team: payments, owner: alice}")),
                arguments("a removed tag rewrites only the tags mapping", FLOW, "orders-queue", set(), set("env", null),
                        FLOW.replace("{team: payments, env: prod}", "{team: payments}")),
                arguments("a missing section is added inside a flow-style resource", FLOW, "other", set(), set("team", "ops"),
                        FLOW.replace("{type: aws.sqs.queue, name: other}", "{type: aws.sqs.queue, name: other, tags: {team: ops}}")),
                arguments("values YAML would misread are quoted", FLOW, "orders-queue", set(), set("env", "yes"),
                        FLOW.replace("env: prod}", "env: \"yes\"}")),
                arguments("text with spaces and quotes is quoted and escaped", FLOW, "orders-queue", set(), set("env", "a \"b\": c"),
                        FLOW.replace("env: prod}", "env: \"a \\\"b\\\": c\"}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void edits(String reason, String before, String logicalId, Map<String, Optional<String>> properties,
               Map<String, Optional<String>> tags, String after) {
        assertEquals(after, PhaseYamlEditor.edit(before, logicalId, new PhaseYamlEditor.Changes(properties, tags)));
    }

    @Test
    void aMissingSectionIsAddedToABlockResource() {
        String edited = PhaseYamlEditor.edit(BLOCK, "other", new PhaseYamlEditor.Changes(set(), set("team", "ops")));
        assertEquals(BLOCK.replace("    name: other\n", "    name: other\n    tags: {team: ops}\n"), edited);
    }

    @Test
    void anUnknownResourceIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PhaseYamlEditor.edit(BLOCK, "nope", new PhaseYamlEditor.Changes(set("A", "1"), set())));
        assertTrue(e.getMessage().contains("resources.nope not found"), e.getMessage());
    }

    @Test
    void plainScalarsStayPlainWhenTheyReadBackTheSame() {
        assertEquals("30", PhaseYamlEditor.scalar("30"));
        assertEquals("payments", PhaseYamlEditor.scalar("payments"));
        assertEquals("\"007\"", PhaseYamlEditor.scalar("007"), "a leading zero would be read as another number");
        assertEquals("\"true\"", PhaseYamlEditor.scalar("true"));
        assertEquals("\"\"", PhaseYamlEditor.scalar(""));
    }
}
