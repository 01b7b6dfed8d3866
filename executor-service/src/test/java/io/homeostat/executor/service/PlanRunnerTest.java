package io.homeostat.executor.service;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.homeostat.runtime.ratelimit.RateBudgets;
import io.homeostat.runtime.store.LedgerEntry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
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
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

class PlanRunnerTest {

    private static final String TYPE = "test.thing";
    private static final String SET = TYPE + "/Set";
    private static final String TAG = TYPE + "/Tag";
    private static final String UNTAG = TYPE + "/Untag";
    private static final String NOT_IN_CATALOGUE = TYPE + "/DeleteEverything";
    private static final String INCIDENT = "inc-1";

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
        ListLedger ledger = new ListLedger();
        final List<String> bound = new ArrayList<>();
        /** The result of the newest ledger entry at the moment each apply began. */
        final List<String> callingWhenApplied = new ArrayList<>();

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
            callingWhenApplied.add(ledger.entries.isEmpty() ? null : ledger.entries.get(ledger.entries.size() - 1).result());
            int call = applies.merge(action.name(), 1, Integer::sum);
            List<Step> script = scripts.getOrDefault(action.name(), List.of(Step.OK));
            Step s = script.get(Math.min(call, script.size()) - 1);
            return switch (s) {
                case OK -> action.name() + " done on call " + call;
                case RETRYABLE -> throw new CloudCallException("throttled (call " + call + ")", true, awsError("ThrottlingException", 400));
                case FATAL -> throw new CloudCallException("access denied (call " + call + ")", false, awsError("AccessDenied", 403));
                case BUG -> throw new IllegalStateException("provider bug (call " + call + ")");
            };
        }

        int applies(String name) {
            return applies.getOrDefault(name, 0);
        }
    }

    /** The ledger as a list, completed in place like the DynamoDB one. */
    static final class ListLedger implements CallLedger {
        final List<LedgerEntry> entries = new ArrayList<>();

        @Override
        public Recorded begin(LedgerEntry calling) {
            int index = entries.size();
            entries.add(calling);
            return outcome -> entries.set(index, outcome);
        }
    }

    private final ListLedger ledger = new ListLedger();
    private final List<Long> sleeps = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private static AwsServiceException awsError(String code, int status) {
        return AwsServiceException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
    }

    private PlanRunner runner(FakeProvider provider, int maxAttempts) {
        return runner(provider, new RetryPolicy(maxAttempts, Duration.ofMillis(1), Duration.ofSeconds(1)),
                new RateBudgets(1000, 1000));
    }

    private PlanRunner runner(FakeProvider provider, RetryPolicy retry, RateBudgets budgets) {
        return new PlanRunner(new ProviderRegistry(List.of(provider)), retry, new CallBudget(budgets, registry), sleeps::add,
                Clock.systemUTC());
    }

    private List<StepResult> run(PlanRunner runner, List<PlannedAction> steps) {
        return run(runner, steps, Map.of());
    }

    private List<StepResult> run(PlanRunner runner, List<PlannedAction> steps, Map<String, String> beforeImage) {
        return runner.run(new PlanRunner.Execution(INCIDENT, "123456789012", "us-east-1", steps, null, beforeImage, ledger));
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
        provider.ledger = ledger;
        PlanRunner runner = runner(provider, maxAttempts);

        List<StepResult> results = run(runner, steps);
        int applies = provider.applies.values().stream().mapToInt(Integer::intValue).sum();

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
                () -> assertEquals(applies, ledger.entries.size(), "one ledger entry per cloud call"),
                () -> assertEquals(applies, results.stream().mapToInt(r -> r.attempts() == null ? 0 : r.attempts()).sum(),
                        "attempts per step add up to the calls made"),
                () -> assertTrue(provider.callingWhenApplied.stream().allMatch(LedgerEntry.CALLING::equals),
                        "every call was in the ledger as CALLING before it was made"),
                () -> assertTrue(ledger.entries.stream().noneMatch(e -> e.result().equals(LedgerEntry.CALLING)), "every call completed"),
                () -> assertEquals(IntStream.range(1, ledger.entries.size())
                                .filter(i -> ledger.entries.get(i).step() == ledger.entries.get(i - 1).step()).count(),
                        sleeps.size(), "one backoff before each retry, none after giving up"),
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
        PlanRunner runner = runner(provider, 5);

        StepResult refused = run(runner, plan(NOT_IN_CATALOGUE)).get(0);
        StepResult fatal = run(runner, plan(TAG)).get(0);

        assertEquals(Status.FAILED, refused.status());
        assertTrue(refused.message().contains("not in the test.thing catalogue"), refused.message());
        assertEquals(0, refused.durationMillis(), "a refused step never ran");
        assertEquals(0, refused.attempts());
        assertEquals(StepResult.REFUSED, refused.errorCode());
        assertEquals("AccessDenied", fatal.errorCode());
        assertEquals(Status.FAILED, fatal.status());
        assertTrue(!fatal.message().contains("gave up"), fatal.message());
    }

    @Test
    void anUnexpectedProviderExceptionFailsItsStepAndSkipsTheRestInsteadOfLosingThePlan() {
        FakeProvider provider = new FakeProvider(Map.of(SET, List.of(Step.BUG)));
        PlanRunner runner = runner(provider, 3);

        List<StepResult> results = run(runner, plan(SET, TAG));

        assertEquals(List.of(Status.FAILED, Status.SKIPPED), results.stream().map(StepResult::status).toList());
        assertTrue(results.get(0).message().contains("IllegalStateException: provider bug"), results.get(0).message());
        assertEquals(1, provider.applies(SET), "not retried: only cloud errors marked retryable are");
        assertEquals(0, provider.applies(TAG));
    }

    @Test
    void aParameterThatStillRefersToTheDesiredStateIsNeverAppliedLiterally() {
        FakeProvider provider = new FakeProvider(Map.of());
        PlanRunner runner = runner(provider, 3);
        PlannedAction secret = new PlannedAction(1, SET, Map.of("value", ResourceProvider.DESIRED_REF + "Value"), "secret");

        StepResult r = run(runner, List.of(secret)).get(0);

        assertEquals(Status.FAILED, r.status());
        assertTrue(r.message().startsWith("refused: ") && r.message().contains("refers to the desired state"), r.message());
        assertEquals(0, provider.applies(SET), "never applied");
    }

    @Test
    void throttledTwiceThenSucceedsLeavesThreeLedgerEntriesWithDeterministicTokens() {
        FakeProvider provider = new FakeProvider(Map.of(SET, List.of(Step.RETRYABLE, Step.RETRYABLE, Step.OK)));
        provider.ledger = ledger;

        StepResult r = run(runner(provider, 5), plan(SET)).get(0);

        assertEquals(Status.SUCCEEDED, r.status());
        assertEquals(3, r.attempts());
        assertEquals(List.of(LedgerEntry.FAILED, LedgerEntry.FAILED, LedgerEntry.SUCCEEDED), ledger.entries.stream().map(LedgerEntry::result).toList());
        assertEquals(List.of(1, 2, 3), ledger.entries.stream().map(LedgerEntry::attempt).toList());
        assertEquals(List.of("ThrottlingException", "ThrottlingException"),
                ledger.entries.subList(0, 2).stream().map(LedgerEntry::errorCode).toList());
        assertTrue(ledger.entries.get(0).retryable());
        assertEquals(List.of(PlanRunner.clientToken(INCIDENT, 1, 1), PlanRunner.clientToken(INCIDENT, 1, 2), PlanRunner.clientToken(INCIDENT, 1, 3)),
                ledger.entries.stream().map(LedgerEntry::clientToken).toList());
        assertEquals(3, ledger.entries.stream().map(LedgerEntry::clientToken).distinct().count(), "one token per try");
        assertEquals(Map.of("value", "v0"), ledger.entries.get(0).parameters());
    }

    @Test
    void accessDeniedStopsAtOnceWithOneLedgerEntryAndNoBackoff() {
        FakeProvider provider = new FakeProvider(Map.of(SET, List.of(Step.FATAL)));
        provider.ledger = ledger;

        List<StepResult> results = run(runner(provider, 5), plan(SET, TAG));

        assertEquals(List.of(Status.FAILED, Status.SKIPPED), results.stream().map(StepResult::status).toList());
        assertEquals(1, ledger.entries.size());
        assertEquals("AccessDenied", ledger.entries.get(0).errorCode());
        assertFalse(ledger.entries.get(0).retryable());
        assertEquals(List.of(), sleeps);
        assertTrue(results.get(0).failedInTheCloud());
        assertFalse(results.get(1).failedInTheCloud());
    }

    @Test
    void tokensAreTheSameForARedeliveredPlanAndDifferPerIncidentStepAndAttempt() {
        assertEquals(PlanRunner.clientToken("inc-1", 2, 1), PlanRunner.clientToken("inc-1", 2, 1));
        assertEquals(4, java.util.Set.of(PlanRunner.clientToken("inc-1", 2, 1), PlanRunner.clientToken("inc-2", 2, 1),
                PlanRunner.clientToken("inc-1", 3, 1), PlanRunner.clientToken("inc-1", 2, 2)).size());
    }

    @Test
    void secretsResolvedFromTheDesiredStateNeverReachTheLedger() {
        Map<String, String> masked = PlanRunner.masked(Map.of("name", "/app/db", "Value", ResourceProvider.DESIRED_REF + "Value"));
        assertEquals(Map.of("name", "/app/db", "Value", "****(desired-ref:Value)"), masked);
    }

    static Stream<Arguments> preconditions() {
        return Stream.of(
                arguments("no preconditions: runs", Map.of(), Map.of("attributes.X", "1"), true),
                arguments("value still as planned: runs", Map.of("attributes.X", "99"), Map.of("attributes.X", "99"), true),
                arguments("numbers compare normalised", Map.of("attributes.X", "30"), Map.of("attributes.X", "30.0"), true),
                arguments("value changed since planning: refused", Map.of("attributes.X", "99"), Map.of("attributes.X", "45"), false),
                arguments("field gone since planning: refused", Map.of("tags.team", "a"), Map.of("attributes.X", "1"), false),
                arguments("planned as missing, still missing: runs", Map.of("exists", "false"), Map.of(), true),
                arguments("planned as missing, now exists: refused", Map.of("exists", "false"), Map.of("attributes.X", "1"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void preconditions(String reason, Map<String, String> expected, Map<String, String> beforeImage, boolean runs) {
        FakeProvider provider = new FakeProvider(Map.of());
        provider.ledger = ledger;
        PlannedAction guarded = new PlannedAction(1, SET, Map.of("value", "v"), "set").guarded(expected, null);

        List<StepResult> results = run(runner(provider, 3), List.of(guarded, plan(TAG).get(0)), beforeImage);

        if (runs) {
            assertEquals(Status.SUCCEEDED, results.get(0).status(), reason + ": " + results.get(0).message());
            assertEquals(1, provider.applies(SET), reason);
        } else {
            assertEquals(List.of(Status.FAILED, Status.SKIPPED), results.stream().map(StepResult::status).toList(), reason);
            assertTrue(results.get(0).message().startsWith("refused: precondition failed"), results.get(0).message());
            assertEquals(StepResult.STALE, results.get(0).errorCode(), "a moved precondition makes the plan stale");
            assertTrue(results.get(0).stale());
            assertEquals(0, provider.applies(SET), reason + ": never applied");
            assertEquals(0, ledger.entries.size(), reason + ": no call, no ledger entry");
        }
    }

    @Test
    void backoffIsExponentialWithFullJitterBelowACap() {
        // random = the bound itself: the sleeps show the ceilings, 1, 2, 4, 8 ms capped at 5 ms.
        FakeProvider provider = new FakeProvider(Map.of(SET, List.of(Step.RETRYABLE)));
        provider.ledger = ledger;
        PlanRunner runner = runner(provider, new RetryPolicy(6, Duration.ofMillis(1), Duration.ofMillis(5), bound -> bound),
                new RateBudgets(1000, 1000));

        run(runner, plan(SET));

        assertEquals(List.of(1L, 2L, 4L, 5L, 5L), sleeps);
        RetryPolicy jittered = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), bound -> 0);
        assertEquals(0, jittered.delayMillis(3), "full jitter may retry at once");
        assertEquals(400, jittered.ceilingMillis(3));
    }

    @Test
    void everyCallWaitsForItsAccountRegionServiceBudgetAndWaitingIsCounted() {
        FakeProvider provider = new FakeProvider(Map.of());
        provider.ledger = ledger;
        List<Long> budgetSleeps = new ArrayList<>();
        long[] now = {0};
        // 1 call per second, burst 1, and a clock that never moves: the second and third call must wait.
        RateBudgets budgets = new RateBudgets(1, 1, () -> now[0], budgetSleeps::add);

        run(runner(provider, new RetryPolicy(3, Duration.ofMillis(1), Duration.ofSeconds(1)), budgets), plan(SET, TAG, UNTAG));

        assertEquals(List.of(1_000_000_000L, 2_000_000_000L), budgetSleeps);
        var waits = registry.find("homeostat.executor.budget.waits").tag("budget", "123456789012/us-east-1/test").counter();
        assertEquals(2, waits == null ? 0 : waits.count());
        assertEquals(0, registry.find("homeostat.executor.budget.waiting").gauge().value(), "nobody waiting any more");
    }
}
