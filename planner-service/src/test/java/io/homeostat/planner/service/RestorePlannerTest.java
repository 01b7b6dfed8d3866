package io.homeostat.planner.service;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.homeostat.model.events.Classification;
import io.homeostat.model.events.Classification.Kind;
import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.IncidentAnalyzed;
import io.homeostat.model.events.PlanReady.Strategy;
import io.homeostat.model.events.PlannedAction;
import io.homeostat.model.events.ResourceRef;
import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.desired.DesiredState;
import io.homeostat.runtime.desired.DriftMode;
import io.homeostat.runtime.provider.InvalidActionException;
import io.homeostat.runtime.provider.Observation;
import io.homeostat.runtime.provider.ProviderRegistry;
import io.homeostat.runtime.provider.ResourceProvider;
import io.homeostat.runtime.provider.TypeInfo;
import io.homeostat.runtime.provider.TypedAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RestorePlannerTest {

    private static final String TYPE = "test.thing";
    private static final List<FieldDiff> DIFF = List.of(new FieldDiff("attributes.Size", "3", "1"));
    private static final Observation DRIFTED = new Observation(true, DIFF, Map.of("attributes.Size", "1"));
    private static final Observation UP_TO_DATE = new Observation(true, List.of(), Map.of("attributes.Size", "3"));
    private static final List<PlannedAction> RESTORE_ACTIONS = List.of(
            new PlannedAction(1, TYPE + "/SetSize", Map.of("name", "widget", "Size", "3"), "set Size 1 → 3"),
            new PlannedAction(2, TYPE + "/Tag", Map.of("name", "widget", "team", "core"), "tag team=core"));

    /** Observes what it is told to, plans the given actions when drifted, and records every call. */
    static final class FakeProvider implements ResourceProvider {

        record Action(String name) implements TypedAction {}

        private final Observation observation;
        private final List<PlannedAction> restore;
        private final boolean bindRejects;
        int observed;
        int planned;
        final List<PlannedAction> bound = new ArrayList<>();

        FakeProvider(Observation observation, List<PlannedAction> restore, boolean bindRejects) {
            this.observation = observation;
            this.restore = restore;
            this.bindRejects = bindRejects;
        }

        @Override
        public TypeInfo typeInfo() {
            return new TypeInfo(TYPE, "test", List.of(), List.of(TYPE + "/SetSize", TYPE + "/Tag"));
        }

        @Override
        public Observation observe(DesiredResource desired) {
            observed++;
            return observation;
        }

        @Override
        public List<PlannedAction> planRestore(DesiredResource desired, Observation observed) {
            planned++;
            assertSame(observation, observed, "the planner must plan from the observation it just made");
            return observed.upToDate() ? List.of() : restore;
        }

        @Override
        public TypedAction bind(PlannedAction action) {
            bound.add(action);
            if (bindRejects) {
                throw new InvalidActionException(action.action() + ": parameter 'Size' out of range");
            }
            return new Action(action.action());
        }

        @Override
        public String apply(TypedAction action) {
            throw new AssertionError("the planner must never apply");
        }
    }

    private static DesiredResource resource(String logicalId, DriftMode mode) {
        return new DesiredResource(logicalId, "phase-1", TYPE, "widget", "123456789012", "us-east-1",
                Map.of("Size", 3), Map.of("team", "core"), mode);
    }

    private static DesiredState desired(DesiredResource... resources) {
        return DesiredState.of(List.of(resources), List.of());
    }

    private static IncidentAnalyzed analyzed(String incidentId, Kind kind) {
        ResourceRef ref = new ResourceRef(TYPE, "widget-1", "phase-1", "widget", "123456789012", "us-east-1");
        Classification c = new Classification(kind, 5, 0.9, "test rationale", "rules");
        return new IncidentAnalyzed(IncidentAnalyzed.CURRENT_VERSION, incidentId, incidentId, null, ref, c, DIFF);
    }

    static Stream<Arguments> decisions() {
        return Stream.of(
                // reason, desired state, classification, observation, strategy, actions, provider consulted, why contains
                arguments("resource no longer declared → NOTIFY_ONLY, no actions",
                        desired(resource("something-else", DriftMode.AUTO_HEAL)), Kind.DRIFT, DRIFTED,
                        Strategy.NOTIFY_ONLY, List.of(), false, "widget-1 is no longer declared"),
                arguments("empty desired state → NOTIFY_ONLY",
                        desired(), Kind.TAMPERING, DRIFTED, Strategy.NOTIFY_ONLY, List.of(), false, "no longer declared"),
                arguments("drift mode notify → NOTIFY_ONLY",
                        desired(resource("widget-1", DriftMode.NOTIFY)), Kind.DRIFT, DRIFTED,
                        Strategy.NOTIFY_ONLY, List.of(), false, "drift mode is notify"),
                arguments("drift mode approve → RESTORE (the approval gate holds it)",
                        desired(resource("widget-1", DriftMode.APPROVE)), Kind.TAMPERING, DRIFTED,
                        Strategy.RESTORE, RESTORE_ACTIONS, true, "restore desired"),
                arguments("drift mode ignore → NOTIFY_ONLY",
                        desired(resource("widget-1", DriftMode.IGNORE)), Kind.FAILURE, DRIFTED,
                        Strategy.NOTIFY_ONLY, List.of(), false, "drift mode is ignore"),
                arguments("auto-heal but classified NORMAL → NOTIFY_ONLY",
                        desired(resource("widget-1", DriftMode.AUTO_HEAL)), Kind.NORMAL, DRIFTED,
                        Strategy.NOTIFY_ONLY, List.of(), false, "classified NORMAL"),
                arguments("auto-heal DRIFT with drift → RESTORE with the provider's actions",
                        desired(resource("widget-1", DriftMode.AUTO_HEAL)), Kind.DRIFT, DRIFTED,
                        Strategy.RESTORE, RESTORE_ACTIONS, true, "2 action(s) restore desired"),
                arguments("auto-heal TAMPERING with drift → RESTORE",
                        desired(resource("widget-1", DriftMode.AUTO_HEAL)), Kind.TAMPERING, DRIFTED,
                        Strategy.RESTORE, RESTORE_ACTIONS, true, "restore desired"),
                arguments("auto-heal FAILURE (resource gone) → RESTORE",
                        desired(resource("widget-1", DriftMode.AUTO_HEAL)), Kind.FAILURE, Observation.missing(),
                        Strategy.RESTORE, RESTORE_ACTIONS, true, "restore desired"),
                arguments("auto-heal ANOMALY with drift → RESTORE",
                        desired(resource("widget-1", DriftMode.AUTO_HEAL)), Kind.ANOMALY, DRIFTED,
                        Strategy.RESTORE, RESTORE_ACTIONS, true, "restore desired"),
                arguments("auto-heal, but the fresh observation is up to date → RESTORE with zero actions",
                        desired(resource("widget-1", DriftMode.AUTO_HEAL)), Kind.DRIFT, UP_TO_DATE,
                        Strategy.RESTORE, List.of(), true, "already back at desired"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void decisions(String reason, DesiredState state, Kind kind, Observation observation, Strategy strategy,
                   List<PlannedAction> actions, boolean consultsProvider, String why) {
        FakeProvider provider = new FakeProvider(observation, RESTORE_ACTIONS, false);
        RestorePlanner planner = new RestorePlanner(new ProviderRegistry(List.of(provider)));

        RestorePlanner.Decision d = planner.plan(analyzed("inc-1", kind), state);
        // Every emitted step is guarded from the observation it was planned from.
        List<PlannedAction> guarded = actions.stream().map(a -> a.guarded(provider.preconditions(observation, a), null)).toList();
        String again = new RestorePlanner(new ProviderRegistry(List.of(new FakeProvider(observation, RESTORE_ACTIONS, false))))
                .plan(analyzed("inc-1", kind), state).plan().planId();

        assertAll(reason,
                () -> assertEquals(strategy, d.plan().strategy(), "strategy"),
                () -> assertEquals(guarded, d.plan().actions(), "actions"),
                () -> assertTrue(d.why().contains(why), "why should contain [" + why + "]: " + d.why()),
                () -> assertEquals(consultsProvider ? 1 : 0, provider.observed, "observe calls"),
                () -> assertEquals(consultsProvider ? 1 : 0, provider.planned, "planRestore calls"),
                () -> assertEquals(guarded, provider.bound, "every planned action is bound once, in order"),
                () -> assertEquals(again, d.plan().planId(), "planId is deterministic"));
    }

    @Test
    void stepsCarryTheObservedValuesAsPreconditions() {
        FakeProvider provider = new FakeProvider(DRIFTED, RESTORE_ACTIONS, false);
        RestorePlanner.Decision d = new RestorePlanner(new ProviderRegistry(List.of(provider)))
                .plan(analyzed("inc-pre", Kind.DRIFT), desired(resource("widget-1", DriftMode.AUTO_HEAL)));
        assertEquals(Map.of("exists", "true", "attributes.Size", "1"), d.plan().actions().get(0).preconditions());

        FakeProvider gone = new FakeProvider(Observation.missing(), RESTORE_ACTIONS, false);
        RestorePlanner.Decision missing = new RestorePlanner(new ProviderRegistry(List.of(gone)))
                .plan(analyzed("inc-gone", Kind.FAILURE), desired(resource("widget-1", DriftMode.AUTO_HEAL)));
        assertEquals(Map.of("exists", "false"), missing.plan().actions().get(0).preconditions(), "re-create only what is still gone");
    }

    @Test
    void driftThatNoActionCanRestoreIsNotifyOnlyWithTheReason() {
        // A provider that reports a create-only difference (e.g. a table's key schema) and plans nothing for it.
        FakeProvider provider = new FakeProvider(DRIFTED, List.of(), false);
        RestorePlanner.Decision d = new RestorePlanner(new ProviderRegistry(List.of(provider)))
                .plan(analyzed("inc-create-only", Kind.DRIFT), desired(resource("widget-1", DriftMode.AUTO_HEAL)));

        assertEquals(Strategy.NOTIFY_ONLY, d.plan().strategy());
        assertEquals(List.of(), d.plan().actions());
        assertTrue(d.why().contains("no action can restore") && d.why().contains(DIFF.get(0).path()), d.why());
    }

    @Test
    void planIdIsDeterministicPerIncidentAndDiffersBetweenIncidents() {
        DesiredState state = desired(resource("widget-1", DriftMode.AUTO_HEAL));
        RestorePlanner a = new RestorePlanner(new ProviderRegistry(List.of(new FakeProvider(DRIFTED, RESTORE_ACTIONS, false))));
        RestorePlanner b = new RestorePlanner(new ProviderRegistry(List.of(new FakeProvider(UP_TO_DATE, RESTORE_ACTIONS, false))));

        String first = a.plan(analyzed("inc-1", Kind.DRIFT), state).plan().planId();

        assertEquals(first, a.plan(analyzed("inc-1", Kind.DRIFT), state).plan().planId(), "same planner, same incident");
        assertEquals(first, b.plan(analyzed("inc-1", Kind.DRIFT), state).plan().planId(),
                "another planner instance and another observation: the id still depends on the incident only");
        assertEquals(first, a.plan(analyzed("inc-1", Kind.NORMAL), state).plan().planId(), "a NOTIFY_ONLY plan keeps the id");
        assertNotEquals(first, a.plan(analyzed("inc-2", Kind.DRIFT), state).plan().planId(), "another incident");
        assertTrue(!first.isBlank());
    }

    @Test
    void aPlanTheExecutorCouldNotBindIsNeverEmitted() {
        FakeProvider provider = new FakeProvider(DRIFTED, RESTORE_ACTIONS, true);
        RestorePlanner planner = new RestorePlanner(new ProviderRegistry(List.of(provider)));

        assertThrows(InvalidActionException.class,
                () -> planner.plan(analyzed("inc-1", Kind.DRIFT), desired(resource("widget-1", DriftMode.AUTO_HEAL))));
        assertEquals(1, provider.bound.size(), "stops at the first action that does not bind");
    }
}
