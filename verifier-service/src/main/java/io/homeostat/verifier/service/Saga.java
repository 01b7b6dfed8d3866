package io.homeostat.verifier.service;

import io.homeostat.model.events.PlannedAction;
import io.homeostat.model.events.StepResult;
import io.homeostat.runtime.store.StoredPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which compensations undo a failed recovery: those of the steps that succeeded, in reverse step order. Pure.
 *
 * <p>The saga is all or nothing before it starts: when any step that succeeded has no compensation (the planner
 * judged it impossible to undo safely), or its compensation would create a resource (there is no before-image to
 * return to), nothing is run and the incident is escalated to people — undoing half of a recovery could leave the
 * resource in a state nobody planned.
 *
 * @param compensations what to run, in order; empty when there is nothing to undo or the saga must escalate
 * @param escalation why people must look instead, or {@code null}
 */
public record Saga(List<PlannedAction> compensations, String escalation) {

    public static Saga of(StoredPlan plan, List<StepResult> steps) {
        Map<Integer, PlannedAction> byStep = plan == null ? Map.of()
                : plan.actions().stream().collect(Collectors.toMap(PlannedAction::step, Function.identity(), (a, b) -> a));
        List<PlannedAction> undo = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = steps.size() - 1; i >= 0; i--) {
            StepResult step = steps.get(i);
            if (step.status() != StepResult.Status.SUCCEEDED) {
                continue;
            }
            PlannedAction planned = byStep.get(step.step());
            PlannedAction compensation = planned == null ? null : planned.compensation();
            if (compensation == null) {
                problems.add("step " + step.step() + " (" + step.action() + ") has no compensation");
            } else if (createsResource(compensation)) {
                problems.add("step " + step.step() + ": compensation " + compensation.action() + " would create a resource");
            } else {
                undo.add(compensation);
            }
        }
        return problems.isEmpty() ? new Saga(List.copyOf(undo), null) : new Saga(List.of(), String.join("; ", problems));
    }

    /** Compensations only set, tag and revoke; the verifier's IAM policy has no Create* either. */
    static boolean createsResource(PlannedAction action) {
        String name = action.action().substring(action.action().indexOf('/') + 1);
        return name.startsWith("Create");
    }

    /**
     * Whether the executor ran nothing because the plan was stale (a precondition no longer held): nothing to undo, and
     * the drift it was made for is not what is there now.
     */
    public static boolean stalePlan(List<StepResult> steps) {
        return steps.stream().anyMatch(StepResult::stale)
                && steps.stream().noneMatch(s -> s.status() == StepResult.Status.SUCCEEDED);
    }

    public boolean escalates() {
        return escalation != null;
    }

    public boolean nothingToUndo() {
        return escalation == null && compensations.isEmpty();
    }
}
