package io.homeostat.verifier.service;

import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.PlanReady;
import io.homeostat.model.events.RecoveryExecuted;
import io.homeostat.model.events.StepResult;
import io.homeostat.runtime.provider.Observation;
import io.homeostat.runtime.store.StoredPlan;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides what a recovery achieved, from a fresh observation of the resource compared with desired, what the executor
 * reported and the drift the incident started from. Pure: no cloud call, no store.
 */
public final class Verification {

    /** The verifier's judgement of one recovery. */
    public enum Verdict {
        /** The resource matches desired. */
        VERIFIED,
        /** Every step succeeded and the resource is strictly closer to desired, but something still differs. */
        PARTIAL,
        /** The recovery failed: the saga puts back what the steps changed. */
        FAILED,
        /** Reported only (drift mode notify/approve): nothing was meant to change. */
        NOTIFIED
    }

    private Verification() {}

    /**
     * @param live the resource as observed now
     * @param executed what each step did
     * @param plan the plan as stored on the incident ({@code null}: none stored)
     * @param original the drift the incident was opened for
     */
    public static Verdict verdict(Observation live, RecoveryExecuted executed, StoredPlan plan, List<FieldDiff> original) {
        if (live.upToDate()) {
            // A step may have failed while the resource still reached desired (an idempotent retry, or someone fixed
            // it meanwhile): rolling back would move it away from desired, so it is verified.
            return Verdict.VERIFIED;
        }
        if (plan != null && plan.strategy() == PlanReady.Strategy.NOTIFY_ONLY) {
            return Verdict.NOTIFIED;
        }
        boolean noneFailed = executed.steps().stream().noneMatch(s -> s.status() == StepResult.Status.FAILED);
        boolean someSucceeded = executed.steps().stream().anyMatch(s -> s.status() == StepResult.Status.SUCCEEDED);
        if (plan != null && noneFailed && someSucceeded && live.exists() && strictlyCloser(live.diff(), original)) {
            return Verdict.PARTIAL;
        }
        return Verdict.FAILED;
    }

    /** Nothing differs now that did not differ before, and at least one difference is gone. */
    static boolean strictlyCloser(List<FieldDiff> remaining, List<FieldDiff> original) {
        Set<String> before = original.stream().map(FieldDiff::path).collect(Collectors.toSet());
        Set<String> now = remaining.stream().map(FieldDiff::path).collect(Collectors.toSet());
        return before.containsAll(now) && now.size() < before.size();
    }
}
