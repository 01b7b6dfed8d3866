package io.homeostat.verifier.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.homeostat.model.events.PlanReady.Strategy;
import io.homeostat.model.events.PlannedAction;
import io.homeostat.model.events.StepResult;
import io.homeostat.model.events.StepResult.Status;
import io.homeostat.runtime.store.StoredPlan;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SagaTest {

    private static PlannedAction step(int n, PlannedAction compensation) {
        return new PlannedAction(n, "aws.sqs.queue/SetQueueAttributes", Map.of("queueName", "q", "attribute.DelaySeconds", "" + n),
                "step " + n).guarded(Map.of(), compensation);
    }

    private static PlannedAction undo(int n) {
        return new PlannedAction(n, "aws.sqs.queue/SetQueueAttributes", Map.of("queueName", "q", "attribute.DelaySeconds", "0"), "undo " + n);
    }

    private static final PlannedAction CREATE_UNDO = new PlannedAction(1, "aws.sqs.queue/CreateQueue", Map.of("queueName", "q"), "re-create");

    private static StoredPlan plan(PlannedAction... actions) {
        return new StoredPlan("plan-1", Strategy.RESTORE, List.of(actions));
    }

    private static List<StepResult> results(Status... statuses) {
        return java.util.stream.IntStream.range(0, statuses.length)
                .mapToObj(i -> new StepResult(i + 1, "aws.sqs.queue/SetQueueAttributes", statuses[i], "", 1)).toList();
    }

    static Stream<Arguments> sagas() {
        return Stream.of(
                // reason, plan, step results, expected compensations (step numbers, in order), escalates
                arguments("steps 1 and 2 succeeded, 3 failed → undo 2 then 1",
                        plan(step(1, undo(1)), step(2, undo(2)), step(3, undo(3))),
                        results(Status.SUCCEEDED, Status.SUCCEEDED, Status.FAILED), List.of(2, 1), false),
                arguments("skipped steps changed nothing → only the succeeded one is undone",
                        plan(step(1, undo(1)), step(2, undo(2)), step(3, undo(3))),
                        results(Status.SUCCEEDED, Status.FAILED, Status.SKIPPED), List.of(1), false),
                arguments("nothing succeeded → nothing to undo",
                        plan(step(1, undo(1))), results(Status.FAILED), List.of(), false),
                arguments("a succeeded step without compensation → escalate, run none (no half rollback)",
                        plan(step(1, undo(1)), step(2, null)), results(Status.SUCCEEDED, Status.SUCCEEDED), List.of(), true),
                arguments("a failed step without compensation needs none → undo the succeeded one",
                        plan(step(1, undo(1)), step(2, null)), results(Status.SUCCEEDED, Status.FAILED), List.of(1), false),
                arguments("a compensation that would create a resource → escalate",
                        plan(step(1, CREATE_UNDO)), results(Status.SUCCEEDED), List.of(), true),
                arguments("no plan stored but a step succeeded → escalate (cannot know how to undo)",
                        null, results(Status.SUCCEEDED), List.of(), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void sagas(String reason, StoredPlan plan, List<StepResult> steps, List<Integer> expected, boolean escalates) {
        Saga saga = Saga.of(plan, steps);
        assertEquals(expected, saga.compensations().stream().map(PlannedAction::step).toList(), reason);
        assertEquals(escalates, saga.escalates(), reason + ": " + saga.escalation());
    }

    private static StepResult stepResult(int n, Status status, String code) {
        return new StepResult(n, "aws.sqs.queue/SetQueueAttributes", status, "", 0, 0, code);
    }

    static Stream<Arguments> stalePlans() {
        return Stream.of(
                arguments("first step refused as stale, the rest skipped → stale",
                        List.of(stepResult(1, Status.FAILED, StepResult.STALE), stepResult(2, Status.SKIPPED, null)), true),
                arguments("refused because it did not bind → not stale (a broken plan is not re-planned in a loop)",
                        List.of(stepResult(1, Status.FAILED, StepResult.REFUSED)), false),
                arguments("a step ran before a later one was stale → not stale (there is something to undo)",
                        List.of(stepResult(1, Status.SUCCEEDED, null), stepResult(2, Status.FAILED, StepResult.STALE)), false),
                arguments("failed in the cloud → not stale",
                        List.of(new StepResult(1, "aws.sqs.queue/SetQueueAttributes", Status.FAILED, "", 5, 3, "AccessDenied")), false),
                arguments("a v1 result without codes → not stale",
                        List.of(new StepResult(1, "aws.sqs.queue/SetQueueAttributes", Status.FAILED, "", 0)), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void stalePlans(String reason, List<StepResult> steps, boolean stale) {
        assertEquals(stale, Saga.stalePlan(steps), reason);
    }
}
