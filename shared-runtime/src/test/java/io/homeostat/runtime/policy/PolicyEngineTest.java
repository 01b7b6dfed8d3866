package io.homeostat.runtime.policy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.homeostat.model.events.Classification;
import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.PlannedAction;
import io.homeostat.model.events.PolicyDecision;
import io.homeostat.model.events.PolicyDecision.Effect;
import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.desired.DriftMode;
import io.homeostat.runtime.provider.Observation;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The policy guard over built-in, configured and phase rules: which steps each rule denies or holds, and why. */
class PolicyEngineTest {

    private static final String SG = "aws.ec2.security-group";
    private static final Classification DRIFT = new Classification(Classification.Kind.DRIFT, 4, 0.85, "scan", "rules");
    private static final Classification TAMPERING = new Classification(Classification.Kind.TAMPERING, 7, 0.9, "ct", "rules");

    private static DesiredResource resource(String type, String phase, Map<String, String> tags) {
        return new DesiredResource("r-1", phase, type, "thing", "123456789012", "us-east-1", Map.of(), tags, DriftMode.AUTO_HEAL);
    }

    private static PlannedAction step(String action, Map<String, String> parameters) {
        return new PlannedAction(1, action, parameters, "test step");
    }

    private static Observation items(String count) {
        return new Observation(true, List.of(new FieldDiff("properties.BillingMode", "PAY_PER_REQUEST", "PROVISIONED")),
                count == null ? Map.of() : Map.of("itemCount", count));
    }

    private static final PolicyRule PROD_APPROVAL = new PolicyRule("prod-needs-approval", PolicyRule.CONFIG,
            Effect.REQUIRE_APPROVAL, "'env' in resource.tags && resource.tags['env'] == 'prod'", "changes in prod wait for a person");
    private static final PolicyRule SEVERE_TAMPERING = new PolicyRule("severe-tampering", PolicyRule.CONFIG,
            Effect.REQUIRE_APPROVAL, "classification.kind == 'TAMPERING' && classification.severity >= 7", null);
    private static final PolicyRule PAYMENTS_ONLY = new PolicyRule("payments-no-untag", "10-payments.yaml",
            Effect.DENY, "action.verb.startsWith('Untag')", "never untag in payments", "payments");
    private static final PolicyRule NEEDS_MISSING_KEY = new PolicyRule("broken-at-runtime", PolicyRule.CONFIG,
            Effect.DENY, "action.parameters['no-such-parameter'] == 'x'", "reads a parameter steps do not have");

    static Stream<Arguments> decisions() {
        List<PolicyRule> builtIns = PolicyEngine.merge(true, List.of(), List.of());
        List<PolicyRule> all = PolicyEngine.merge(true, List.of(PROD_APPROVAL, SEVERE_TAMPERING), List.of(PAYMENTS_ONLY));
        DesiredResource group = resource(SG, "network", Map.of());
        DesiredResource table = resource("aws.dynamodb.table", "data", Map.of());
        DesiredResource bucket = resource("aws.s3.bucket", "data", Map.of());
        DesiredResource prodQueue = resource("aws.sqs.queue", "messaging", Map.of("env", "prod"));
        DesiredResource payQueue = resource("aws.sqs.queue", "payments", Map.of());
        String authorize = SG + "/AuthorizeSecurityGroupIngress";
        return Stream.of(
                // reason, rules, resource, classification, observation, step, effect, rules that matched
                arguments("SSH open to the world is denied", builtIns, group, DRIFT, null,
                        step(authorize, Map.of("groupName", "web", "rule.1", "tcp:22:22:0.0.0.0/0")),
                        Effect.DENY, List.of("no-ssh-from-anywhere")),
                arguments("a port range containing 22, over IPv6, is denied", builtIns, group, DRIFT, null,
                        step(authorize, Map.of("rule.1", "tcp:20:25:::/0")), Effect.DENY, List.of("no-ssh-from-anywhere")),
                arguments("every port to the world is denied by two rules", builtIns, group, DRIFT, null,
                        step(authorize, Map.of("rule.1", "tcp:0:65535:0.0.0.0/0")),
                        Effect.DENY, List.of("no-ssh-from-anywhere", "no-all-ports-to-anywhere")),
                arguments("all protocols to the world is denied", builtIns, group, DRIFT, null,
                        step(authorize, Map.of("rule.1", "tcp:443:443:10.0.0.0/8", "rule.2", "all:-1:-1:0.0.0.0/0")),
                        Effect.DENY, List.of("no-all-ports-to-anywhere")),
                arguments("SSH from a private range is allowed", builtIns, group, DRIFT, null,
                        step(authorize, Map.of("rule.1", "tcp:22:22:10.0.0.0/8")), Effect.ALLOW, List.of()),
                arguments("HTTPS to the world is allowed", builtIns, group, DRIFT, null,
                        step(authorize, Map.of("rule.1", "tcp:443:443:0.0.0.0/0")), Effect.ALLOW, List.of()),
                arguments("revoking SSH from the world is allowed", builtIns, group, DRIFT, null,
                        step(SG + "/RevokeSecurityGroupIngress", Map.of("rule.1", "tcp:22:22:0.0.0.0/0")), Effect.ALLOW, List.of()),
                arguments("deleting a table holding data is denied", builtIns, table, DRIFT, items("42"),
                        step("aws.dynamodb.table/DeleteTable", Map.of("tableName", "orders")),
                        Effect.DENY, List.of("no-delete-table-with-data")),
                arguments("deleting a table of unknown size is denied", builtIns, table, DRIFT, items(null),
                        step("aws.dynamodb.table/DeleteTable", Map.of("tableName", "orders")),
                        Effect.DENY, List.of("no-delete-table-with-data")),
                arguments("deleting an empty table is allowed", builtIns, table, DRIFT, items("0"),
                        step("aws.dynamodb.table/DeleteTable", Map.of("tableName", "orders")), Effect.ALLOW, List.of()),
                arguments("updating a table holding data is allowed", builtIns, table, DRIFT, items("42"),
                        step("aws.dynamodb.table/UpdateTable", Map.of("tableName", "orders")), Effect.ALLOW, List.of()),
                arguments("lifting a public access block waits for approval", builtIns, bucket, DRIFT, null,
                        step("aws.s3.bucket/PutPublicAccessBlock", Map.of("bucketName", "b", "blockPublicAcls", "false",
                                "ignorePublicAcls", "true")), Effect.REQUIRE_APPROVAL, List.of("public-bucket-needs-approval")),
                arguments("a full public access block is allowed", builtIns, bucket, DRIFT, null,
                        step("aws.s3.bucket/PutPublicAccessBlock", Map.of("bucketName", "b", "blockPublicAcls", "true")),
                        Effect.ALLOW, List.of()),
                arguments("a configured rule on tags holds a prod queue", all, prodQueue, DRIFT, null,
                        step("aws.sqs.queue/SetQueueAttributes", Map.of("queueName", "q")),
                        Effect.REQUIRE_APPROVAL, List.of("prod-needs-approval")),
                arguments("a configured rule on the classification", all, payQueue, TAMPERING, null,
                        step("aws.sqs.queue/SetQueueAttributes", Map.of("queueName", "q")),
                        Effect.REQUIRE_APPROVAL, List.of("severe-tampering")),
                arguments("a phase rule applies to its own phase", all, payQueue, DRIFT, null,
                        step("aws.sqs.queue/UntagQueue", Map.of("queueName", "q", "untag.x", "")),
                        Effect.DENY, List.of("payments-no-untag")),
                arguments("a phase rule does not reach another phase", all, prodQueue, DRIFT, null,
                        step("aws.sqs.queue/UntagQueue", Map.of("queueName", "q", "untag.x", "")),
                        Effect.REQUIRE_APPROVAL, List.of("prod-needs-approval")),
                arguments("DENY wins over REQUIRE_APPROVAL", all, resource(SG, "network", Map.of("env", "prod")), DRIFT, null,
                        step(authorize, Map.of("rule.1", "tcp:22:22:0.0.0.0/0")),
                        Effect.DENY, List.of("no-ssh-from-anywhere", "prod-needs-approval")),
                arguments("a rule that fails to evaluate counts as matching", List.of(NEEDS_MISSING_KEY), payQueue, DRIFT, null,
                        step("aws.sqs.queue/TagQueue", Map.of("queueName", "q")), Effect.DENY, List.of("broken-at-runtime")),
                arguments("no rules: everything is allowed", List.of(), group, DRIFT, null,
                        step(authorize, Map.of("rule.1", "tcp:22:22:0.0.0.0/0")), Effect.ALLOW, List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void decisions(String reason, List<PolicyRule> rules, DesiredResource resource, Classification classification,
                   Observation observation, PlannedAction step, Effect effect, List<String> matched) {
        PolicyDecision d = new PolicyEngine(rules).decide(List.of(step), new PolicyInput(resource, classification, observation));
        assertAll(reason,
                () -> assertEquals(effect, d.effect(), "effect: " + d),
                () -> assertEquals(matched, d.matches().stream().map(PolicyDecision.Match::rule).toList(), "rules"),
                () -> d.matches().forEach(m -> assertEquals(step.action(), m.action())));
    }

    @Test
    void aRuleThatYieldsNoBooleanAtRuntimeCountsAsMatching() {
        PolicyRule dyn = new PolicyRule("not-boolean", PolicyRule.CONFIG, Effect.REQUIRE_APPROVAL, "action.parameters['queueName']", null);
        PolicyDecision d = new PolicyEngine(List.of(dyn)).decide(List.of(step("aws.sqs.queue/TagQueue", Map.of("queueName", "q"))),
                new PolicyInput(resource("aws.sqs.queue", "p", Map.of()), DRIFT, null));
        assertEquals(Effect.REQUIRE_APPROVAL, d.effect());
        assertTrue(d.matches().get(0).description().contains("did not yield true or false"), d.toString());
    }

    @Test
    void aRuleThatFailsSaysSoOnThePlan() {
        PolicyDecision d = new PolicyEngine(List.of(NEEDS_MISSING_KEY)).decide(List.of(step("aws.sqs.queue/TagQueue", Map.of())),
                new PolicyInput(resource("aws.sqs.queue", "p", Map.of()), DRIFT, null));
        assertTrue(d.matches().get(0).description().contains("could not be evaluated"), d.toString());
    }

    static Stream<Arguments> invalidRules() {
        return Stream.of(
                arguments("syntax error", "action.name ==", "invalid CEL expression"),
                arguments("not a boolean", "'text' + action.verb", "invalid CEL expression"),
                arguments("unknown variable", "request.user == 'x'", "undeclared reference to 'request'"),
                arguments("empty", " ", "'when' is missing"));
    }

    @ParameterizedTest(name = "{0} is rejected naming the rule and where")
    @MethodSource
    void invalidRules(String reason, String when, String message) {
        PolicyRule rule = new PolicyRule("my-rule", "20-data.yaml", Effect.DENY, when, null);
        PolicyRuleException e = assertThrows(PolicyRuleException.class, () -> new PolicyEngine(List.of(rule)));
        assertTrue(e.getMessage().contains("policy rule 'my-rule' (20-data.yaml)") && e.getMessage().contains(message),
                e.getMessage());
    }

    @Test
    void laterRulesReplaceEarlierOnesOfTheSameNameAndBuiltInsCanBeLeftOut() {
        PolicyRule relaxed = new PolicyRule("no-ssh-from-anywhere", PolicyRule.CONFIG, Effect.REQUIRE_APPROVAL, "false", "relaxed");
        List<PolicyRule> merged = PolicyEngine.merge(true, List.of(relaxed), List.of());
        assertEquals(BuiltInRules.ALL.size(), merged.size());
        assertEquals(relaxed, merged.stream().filter(r -> r.name().equals("no-ssh-from-anywhere")).findFirst().orElseThrow());
        assertEquals(List.of(PROD_APPROVAL), PolicyEngine.merge(false, List.of(PROD_APPROVAL), List.of()));
    }

    @Test
    void effectsAreReadAsWrittenInFiles() {
        assertEquals(Effect.DENY, PolicyRule.effect("deny", "x"));
        assertEquals(Effect.REQUIRE_APPROVAL, PolicyRule.effect("require-approval", "x"));
        PolicyRuleException e = assertThrows(PolicyRuleException.class, () -> PolicyRule.effect("allow", "f.yaml: policy.r.effect"));
        assertTrue(e.getMessage().contains("f.yaml: policy.r.effect") && e.getMessage().contains("DENY or REQUIRE_APPROVAL"));
    }
}
