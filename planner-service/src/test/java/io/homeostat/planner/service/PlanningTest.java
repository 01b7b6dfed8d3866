package io.homeostat.planner.service;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.homeostat.model.events.Classification;
import io.homeostat.model.events.Classification.Kind;
import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.IncidentAnalyzed;
import io.homeostat.model.events.PlanReady.Strategy;
import io.homeostat.model.events.PlannedAction;
import io.homeostat.model.events.PolicyDecision.Effect;
import io.homeostat.model.events.ResourceRef;
import io.homeostat.planner.policy.PolicyGuard;
import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.desired.DesiredState;
import io.homeostat.runtime.desired.DriftMode;
import io.homeostat.runtime.policy.PolicyEngine;
import io.homeostat.runtime.policy.PolicyRule;
import io.homeostat.runtime.provider.Observation;
import io.homeostat.runtime.provider.ProviderRegistry;
import io.homeostat.runtime.store.DriftFlags;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Restore plan → policy → approval gate: which plans run at once, which wait and why, which policy turns down. */
class PlanningTest {

    private static final String TYPE = "test.thing";
    private static final Observation DRIFTED = new Observation(true, List.of(new FieldDiff("attributes.Size", "3", "1")),
            Map.of("attributes.Size", "1"));
    private static final List<PlannedAction> ACTIONS = List.of(
            new PlannedAction(1, TYPE + "/SetSize", Map.of("name", "widget", "Size", "3"), "set Size 1 → 3"));
    private static final PolicyRule HOLD_PROD = new PolicyRule("prod-needs-approval", PolicyRule.CONFIG, Effect.REQUIRE_APPROVAL,
            "'env' in resource.tags && resource.tags['env'] == 'prod'", "prod waits for a person");
    private static final PolicyRule DENY_SIZE = new PolicyRule("no-resize", "10-e2e.yaml", Effect.DENY,
            "action.verb == 'SetSize'", "sizes are changed by hand", "phase-1");

    private static DesiredResource resource(DriftMode mode, Map<String, String> tags) {
        return new DesiredResource("widget-1", "phase-1", TYPE, "widget", "123456789012", "us-east-1", Map.of("Size", 3), tags, mode);
    }

    private static IncidentAnalyzed analyzed(Kind kind, double confidence) {
        ResourceRef ref = new ResourceRef(TYPE, "widget-1", "phase-1", "widget", "123456789012", "us-east-1");
        return new IncidentAnalyzed(IncidentAnalyzed.CURRENT_VERSION, "inc-1", "inc-1", null, ref,
                new Classification(kind, 5, confidence, "test", "rules"), DRIFTED.diff());
    }

    private static Planning.Outcome plan(Kind kind, double confidence, DriftMode mode, Map<String, String> tags,
                                         DriftFlags.Mode flag, List<PolicyRule> rules) {
        RestorePlannerTest.FakeProvider provider = new RestorePlannerTest.FakeProvider(DRIFTED, ACTIONS, false);
        Planning planning = new Planning(new RestorePlanner(new ProviderRegistry(List.of(provider))), new ApprovalGate(0.8));
        return planning.plan(analyzed(kind, confidence), DesiredState.of(List.of(resource(mode, tags)), List.of()),
                new PolicyGuard(rules), r -> flag);
    }

    static Stream<Arguments> outcomes() {
        List<PolicyRule> none = List.of();
        return Stream.of(
                // reason, kind, confidence, drift mode, tags, flag, rules, strategy, actions, waits because (fragments)
                arguments("confident DRIFT, auto-heal, no rule: runs at once", Kind.DRIFT, 0.85, DriftMode.AUTO_HEAL, Map.of(),
                        DriftFlags.Mode.ENABLED, none, Strategy.RESTORE, 1, List.of()),
                arguments("confidence exactly at the threshold runs", Kind.TAMPERING, 0.8, DriftMode.AUTO_HEAL, Map.of(),
                        DriftFlags.Mode.ENABLED, none, Strategy.RESTORE, 1, List.of()),
                arguments("confidence below the threshold waits", Kind.DRIFT, 0.79, DriftMode.AUTO_HEAL, Map.of(),
                        DriftFlags.Mode.ENABLED, none, Strategy.RESTORE, 1, List.of("confidence 0.79 below 0.80")),
                arguments("ANOMALY never runs by itself", Kind.ANOMALY, 0.99, DriftMode.AUTO_HEAL, Map.of(),
                        DriftFlags.Mode.ENABLED, none, Strategy.RESTORE, 1, List.of("classified ANOMALY")),
                arguments("a PAUSED resource waits", Kind.FAILURE, 0.95, DriftMode.AUTO_HEAL, Map.of(),
                        DriftFlags.Mode.PAUSED, none, Strategy.RESTORE, 1, List.of("drift flag PAUSED")),
                arguments("drift mode approve waits", Kind.DRIFT, 0.95, DriftMode.APPROVE, Map.of(),
                        DriftFlags.Mode.ENABLED, none, Strategy.RESTORE, 1, List.of("drift mode approve")),
                arguments("a REQUIRE_APPROVAL rule waits, naming the rule", Kind.DRIFT, 0.95, DriftMode.AUTO_HEAL,
                        Map.of("env", "prod"), DriftFlags.Mode.ENABLED, List.of(HOLD_PROD), Strategy.RESTORE, 1,
                        List.of("policy rule 'prod-needs-approval' (config) on step 1")),
                arguments("every reason is listed", Kind.ANOMALY, 0.5, DriftMode.APPROVE, Map.of("env", "prod"),
                        DriftFlags.Mode.PAUSED, List.of(HOLD_PROD), Strategy.RESTORE, 1,
                        List.of("drift flag PAUSED", "drift mode approve", "classified ANOMALY", "confidence 0.50", "prod-needs-approval")),
                arguments("a DENY rule: nothing runs, nobody is asked", Kind.DRIFT, 0.5, DriftMode.AUTO_HEAL, Map.of("env", "prod"),
                        DriftFlags.Mode.PAUSED, List.of(HOLD_PROD, DENY_SIZE), Strategy.NOTIFY_ONLY, 0, List.of()),
                arguments("notify mode never waits", Kind.ANOMALY, 0.1, DriftMode.NOTIFY, Map.of(),
                        DriftFlags.Mode.PAUSED, List.of(HOLD_PROD), Strategy.NOTIFY_ONLY, 0, List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void outcomes(String reason, Kind kind, double confidence, DriftMode mode, Map<String, String> tags, DriftFlags.Mode flag,
                  List<PolicyRule> rules, Strategy strategy, int actions, List<String> waitsBecause) {
        Planning.Outcome o = plan(kind, confidence, mode, tags, flag, rules);
        assertAll(reason,
                () -> assertEquals(strategy, o.plan().strategy(), "strategy"),
                () -> assertEquals(actions, o.plan().actions().size(), "actions"),
                () -> assertEquals(!waitsBecause.isEmpty(), o.waits(), "waits: " + o.approvalReasons()),
                () -> assertEquals(waitsBecause.size(), o.approvalReasons().size(), "reasons: " + o.approvalReasons()),
                () -> waitsBecause.forEach(w -> assertTrue(o.approvalReasons().stream().anyMatch(r -> r.contains(w)),
                        "no reason containing [" + w + "] in " + o.approvalReasons())));
    }

    @Test
    void aDeniedPlanRecordsTheDecisionAndTheRule() {
        Planning.Outcome o = plan(Kind.DRIFT, 0.9, DriftMode.AUTO_HEAL, Map.of(), DriftFlags.Mode.ENABLED, List.of(DENY_SIZE));
        assertEquals(Effect.DENY, o.plan().policy().effect());
        assertEquals("no-resize", o.plan().policy().decisive().rule());
        assertEquals("10-e2e.yaml", o.plan().policy().decisive().source());
        assertTrue(o.why().contains("policy rule 'no-resize' (10-e2e.yaml) denies step 1 test.thing/SetSize"), o.why());
    }

    @Test
    void aCompensationAPolicyForbidsIsDroppedAndSaidSo() {
        PlannedAction revoke = new PlannedAction(1, TYPE + "/RevokeSecurityGroupIngress", Map.of("rule.1", "tcp:22:22:0.0.0.0/0"),
                "remove the SSH rule someone added");
        PlannedAction reopen = new PlannedAction(1, TYPE + "/AuthorizeSecurityGroupIngress", Map.of("rule.1", "tcp:22:22:0.0.0.0/0"),
                "put the SSH rule back");
        var plan = new io.homeostat.runtime.store.StoredPlan("p", Strategy.RESTORE,
                List.of(revoke.guarded(Map.of("exists", "true"), reopen)));
        PolicyGuard.Guarded g = new PolicyGuard(PolicyEngine.merge(true, List.of(), List.of()))
                .apply(plan, new io.homeostat.runtime.policy.PolicyInput(resource(DriftMode.AUTO_HEAL, Map.of()),
                        new Classification(Kind.TAMPERING, 6, 0.9, "t", "rules"), DRIFTED));

        assertEquals(Strategy.RESTORE, g.plan().strategy(), "the repair itself is allowed");
        assertEquals(Effect.ALLOW, g.plan().policy().effect());
        assertNull(g.plan().actions().get(0).compensation(), "undo would re-open SSH to the world");
        assertEquals(Map.of("exists", "true"), g.plan().actions().get(0).preconditions());
        assertTrue(g.plan().policy().matches().get(0).description().startsWith("compensation of step 1 dropped"),
                g.plan().policy().toString());
    }
}
