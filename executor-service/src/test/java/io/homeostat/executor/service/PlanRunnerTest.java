package io.homeostat.executor.service;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.homeostat.model.events.PlannedAction;
import io.homeostat.model.events.StepResult;
import io.homeostat.model.events.StepResult.Status;
import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.provider.CloudCallException;
import io.homeostat.runtime.provider.InvalidActionException;
import io.homeostat.runtime.provider.Observation;
import io.homeostat.runtime.provider.ProviderRegistry;
import io.homeostat.runtime.provider.ResourceProvider;
import io.homeostat.runtime.provider.TypeInfo;
import io.homeostat.runtime.provider.TypedAction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlanRunnerTest {

    private static final String TYPE = "test.thing";
    private static final String SET = TYPE + "/Set";
    private static final String TAG = TYPE + "/Tag";
    private static final String UNTAG = TYPE + "/Untag";
    private static final String NOT_IN_CATALOGUE = TYPE + "/DeleteEverything";

    /** What one apply call does. */
    enum Step { OK, RETRYABLE, FATAL, BUG }

    /**
     * A provider with a three-action catalogue. Each action follows a script of outcomes, one per apply call; the last
     * entry repeats forever. Records every bind and apply.
     */
    static final class FakeProvider implements ResourceProvider {

        record Action(String name, Map<String, String> parameters) implements TypedAction {}

        private final Map<String, List<Step>> scripts;
        final Map<String, Integer> applies = new HashMap<>();
        final List<String> bound = new ArrayList<>();

        FakeProvider(Map<String, List<Step>> scripts) {
            this.scripts = scripts;
        }

        @Override
        public TypeInfo typeInfo() {
            return new TypeInfo(TYPE, "test", List.of(), List.of(SET, TAG, UNTAG));
        }

        @Override
        public Observation observe(DesiredResource desired) {
            throw new AssertionError("the runner must not observe");
        }

        @Override
        public List<PlannedAction> planRestore(DesiredResource desired, Observation observed) {
            throw new AssertionError("the runner must not plan");
        }

        @Override
        public TypedAction bind(PlannedAction action) {
            if (!typeInfo().actions().contains(action.action())) {
                throw new InvalidActionException("'" + action.action() + "' is not in the " + TYPE + " catalogue");
            }
            bound.add(action.action());
            return new Action(action.action(), action.parameters());
        }

        @Override
        public String apply(TypedAction action) {
            int call = applies.merge(action.name(), 1, Integer::sum);
            List<Step> script = scripts.getOrDefault(action.name(), List.of(Step.OK));
            Step s = script.get(Math.min(call, script.size()) - 1);
            return switch (s) {
                case OK -> action.name() + " done on call " + call;
                case RETRYABLE -> throw new CloudCallException("throttled (call " + call + ")", true, null);
                case FATAL -> throw new CloudCallException("access denied (call " + call + ")", false, null);
                case BUG -> throw new IllegalStateException("provider bug (call " + call + ")");
            };
        }

        int applies(String name) {
            return applies.getOrDefault(name, 0);
        }
    }

    private static List<PlannedAction> plan(String... names) {
        return IntStream.range(0, names.length)
                .mapToObj(i -> new PlannedAction(i + 1, names[i], Map.of("value", "v" + i), "step " + (i + 1)))
                .toList();
    }

    static Stream<Arguments> plans() {
        return Stream.of(
                // reason, steps, scripts, maxAttempts, expected statuses, expected apply calls per action, message checks
                arguments("all steps succeed",
                        plan(SET, TAG, UNTAG), Map.of(), 3,
                        List.of(Status.SUCCEEDED, Status.SUCCEEDED, Status.SUCCEEDED),
                        Map.of(SET, 1, TAG, 1, UNTAG, 1),
                        Map.of(1, SET + " done on call 1", 3, UNTAG + " done on call 1")),
                arguments("step not in the catalogue is refused; later steps skipped and never applied",
                        plan(SET, NOT_IN_CATALOGUE, TAG, UNTAG), Map.of(), 3,
                        List.of(Status.SUCCEEDED, Status.FAILED, Status.SKIPPED, Status.SKIPPED),
                        Map.of(SET, 1, TAG, 0, UNTAG, 0),
                        Map.of(2, "refused: '" + NOT_IN_CATALOGUE + "' is not in the test.thing catalogue")),
                arguments("refused first step: nothing at all is applied",
                        plan(NOT_IN_CATALOGUE, SET, TAG), Map.of(), 3,
                        List.of(Status.FAILED, Status.SKIPPED, Status.SKIPPED),
                        Map.of(SET, 0, TAG, 0),
                        Map.of(1, "refused: ")),
                arguments("action naming an unknown type is refused",
                        plan("other.thing/Set", SET), Map.of(), 3,
                        List.of(Status.FAILED, Status.SKIPPED),
                        Map.of(SET, 0),
                        Map.of(1, "refused: action 'other.thing/Set' names unknown type 'other.thing'")),
                arguments("action name without <type>/ is refused",
                        plan("SetQueueAttributes", SET), Map.of(), 3,
                        List.of(Status.FAILED, Status.SKIPPED),
                        Map.of(SET, 0),
                        Map.of(1, "refused: action 'SetQueueAttributes' is not of the form <type>/<Action>")),
                arguments("retryable twice, then success: SUCCEEDED after 3 calls",
                        plan(SET, TAG), Map.of(SET, List.of(Step.RETRYABLE, Step.RETRYABLE, Step.OK)), 5,
                        List.of(Status.SUCCEEDED, Status.SUCCEEDED),
                        Map.of(SET, 3, TAG, 1),
                        Map.of(1, SET + " done on call 3")),
                arguments("success on exactly the last allowed attempt",
                        plan(SET), Map.of(SET, List.of(Step.RETRYABLE, Step.RETRYABLE, Step.OK)), 3,
                        List.of(Status.SUCCEEDED),
                        Map.of(SET, 3),
                        Map.of(1, SET + " done on call 3")),
                arguments("non-retryable: FAILED after exactly 1 call, rest skipped",
                        plan(SET, TAG), Map.of(SET, List.of(Step.FATAL, Step.OK)), 5,
                        List.of(Status.FAILED, Status.SKIPPED),
                        Map.of(SET, 1, TAG, 0),
                        Map.of(1, "access denied (call 1)")),
                arguments("retryable then non-retryable: stops at the non-retryable one",
                        plan(SET, TAG), Map.of(SET, List.of(Step.RETRYABLE, Step.FATAL, Step.OK)), 5,
                        List.of(Status.FAILED, Status.SKIPPED),
                        Map.of(SET, 2, TAG, 0),
                        Map.of(1, "access denied (call 2)")),
                arguments("retryable forever: FAILED 'gave up after 4 attempts' with exactly 4 calls",
                        plan(SET, TAG), Map.of(SET, List.of(Step.RETRYABLE)), 4,
                        List.of(Status.FAILED, Status.SKIPPED),
                        Map.of(SET, 4, TAG, 0),
                        Map.of(1, "gave up after 4 attempts: throttled (call 4)")),
                arguments("maxAttempts 1: a retryable failure is not retried",
                        plan(SET), Map.of(SET, List.of(Step.RETRYABLE, Step.OK)), 1,
                        List.of(Status.FAILED),
                        Map.of(SET, 1),
                        Map.of(1, "gave up after 1 attempts: throttled (call 1)")),
                arguments("a later step fails: earlier successes stand",
                        plan(SET, TAG, UNTAG), Map.of(TAG, List.of(Step.FATAL)), 3,
                        List.of(Status.SUCCEEDED, Status.FAILED, Status.SKIPPED),
                        Map.of(SET, 1, TAG, 1, UNTAG, 0),
                        Map.of(2, "access denied (call 1)", 3, "an earlier step failed")),
                arguments("empty plan: no results", plan(), Map.of(), 3, List.of(), Map.of(SET, 0), Map.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void plans(String reason, List<PlannedAction> steps, Map<String, List<Step>> scripts, int maxAttempts,
               List<Status> statuses, Map<String, Integer> calls, Map<Integer, String> messages) {
        FakeProvider provider = new FakeProvider(scripts);
        PlanRunner runner = new PlanRunner(new ProviderRegistry(List.of(provider)), maxAttempts, 1);

        List<StepResult> results = runner.run(steps);

        assertAll(reason,
                () -> assertEquals(statuses, results.stream().map(StepResult::status).toList(), "statuses"),
                () -> assertEquals(steps.stream().map(PlannedAction::step).toList(),
                        results.stream().map(StepResult::step).toList(), "step numbers"),
                () -> assertEquals(steps.stream().map(PlannedAction::action).toList(),
                        results.stream().map(StepResult::action).toList(), "action names"),
                () -> calls.forEach((action, n) -> assertEquals(n, provider.applies(action), "apply calls of " + action)),
                () -> messages.forEach((step, text) -> {
                    String actual = results.get(step - 1).message();
                    assertTrue(actual != null && actual.startsWith(text),
                            "step " + step + " message should start with [" + text + "] but was [" + actual + "]");
                }),
                () -> results.forEach(r -> assertTrue(r.durationMillis() >= 0, "duration")),
                // bound: every step up to the first failure, the failed one too unless it was refused at binding
                () -> {
                    int firstFailed = statuses.indexOf(Status.FAILED);
                    int expectedBinds = firstFailed < 0 ? steps.size()
                            : firstFailed + (results.get(firstFailed).message().startsWith("refused: ") ? 0 : 1);
                    assertEquals(expectedBinds, provider.bound.size(), "bind calls " + provider.bound);
                });
    }

    @Test
    void refusedMessageSaysWhyAndNonRetryableMessageDoesNotClaimRetries() {
        FakeProvider provider = new FakeProvider(Map.of(TAG, List.of(Step.FATAL)));
        PlanRunner runner = new PlanRunner(new ProviderRegistry(List.of(provider)), 5, 1);

        StepResult refused = runner.run(plan(NOT_IN_CATALOGUE)).get(0);
        StepResult fatal = runner.run(plan(TAG)).get(0);

        assertEquals(Status.FAILED, refused.status());
        assertTrue(refused.message().contains("not in the test.thing catalogue"), refused.message());
        assertEquals(0, refused.durationMillis(), "a refused step never ran");
        assertEquals(Status.FAILED, fatal.status());
        assertTrue(!fatal.message().contains("gave up"), fatal.message());
    }

    @Test
    void anUnexpectedProviderExceptionFailsItsStepAndSkipsTheRestInsteadOfLosingThePlan() {
        FakeProvider provider = new FakeProvider(Map.of(SET, List.of(Step.BUG)));
        PlanRunner runner = new PlanRunner(new ProviderRegistry(List.of(provider)), 3, 1);

        List<StepResult> results = runner.run(plan(SET, TAG));

        assertEquals(List.of(Status.FAILED, Status.SKIPPED), results.stream().map(StepResult::status).toList());
        assertTrue(results.get(0).message().contains("IllegalStateException: provider bug"), results.get(0).message());
        assertEquals(1, provider.applies(SET), "not retried: only cloud errors marked retryable are");
        assertEquals(0, provider.applies(TAG));
    }

    @Test
    void aParameterThatStillRefersToTheDesiredStateIsNeverAppliedLiterally() {
        FakeProvider provider = new FakeProvider(Map.of());
        PlanRunner runner = new PlanRunner(new ProviderRegistry(List.of(provider)), 3, 1);
        PlannedAction secret = new PlannedAction(1, SET, Map.of("value", ResourceProvider.DESIRED_REF + "Value"), "secret");

        StepResult r = runner.run(List.of(secret)).get(0);

        assertEquals(Status.FAILED, r.status());
        assertTrue(r.message().startsWith("refused: ") && r.message().contains("refers to the desired state"), r.message());
        assertEquals(0, provider.applies(SET), "never applied");
    }

    @Test
    void backoffIsBoundedByTheBaseDelay() {
        // 6 attempts at 1 ms base: sleeps of at most 1+2+4+8+16 ms; a runaway backoff would take far longer.
        FakeProvider provider = new FakeProvider(Map.of(SET, List.of(Step.RETRYABLE)));
        PlanRunner runner = new PlanRunner(new ProviderRegistry(List.of(provider)), 6, 1);

        long t0 = System.nanoTime();
        StepResult r = runner.run(plan(SET)).get(0);
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertEquals(Status.FAILED, r.status());
        assertEquals(6, provider.applies(SET));
        assertTrue(ms < 2_000, "took " + ms + " ms");
    }
}
