package io.homeostat.planner.service;

import io.homeostat.model.events.IncidentAnalyzed;
import io.homeostat.model.events.PlanReady;
import io.homeostat.planner.policy.PolicyGuard;
import io.homeostat.runtime.desired.DesiredState;
import io.homeostat.runtime.policy.PolicyInput;
import io.homeostat.runtime.store.DriftFlags;
import io.homeostat.runtime.store.StoredPlan;
import java.util.List;
import java.util.function.Function;

/**
 * One incident's plan, start to end: the provider's restore actions (guarded), then the policy rules, then whether a
 * person must approve. Pure decision logic; the handler does the I/O.
 */
public final class Planning {

    /**
     * @param approvalReasons why the plan waits for a person; empty = it is emitted at once
     */
    public record Outcome(StoredPlan plan, String why, List<String> approvalReasons) {

        public boolean waits() {
            return !approvalReasons.isEmpty();
        }
    }

    private final RestorePlanner restore;
    private final ApprovalGate gate;

    public Planning(RestorePlanner restore, ApprovalGate gate) {
        this.restore = restore;
        this.gate = gate;
    }

    /** @param flags the effective drift flag of a declared resource */
    public Outcome plan(IncidentAnalyzed incident, DesiredState desired, PolicyGuard policy,
                        Function<io.homeostat.runtime.desired.DesiredResource, DriftFlags.Mode> flags) {
        RestorePlanner.Decision d = restore.plan(incident, desired);
        StoredPlan plan = d.plan();
        if (plan.strategy() != PlanReady.Strategy.RESTORE || plan.actions().isEmpty() || d.resource().isEmpty()) {
            return new Outcome(plan, d.why(), List.of());
        }
        var resource = d.resource().get();
        PolicyGuard.Guarded guarded = policy.apply(plan, new PolicyInput(resource, incident.classification(), d.observed()));
        if (guarded.note() != null) {
            return new Outcome(guarded.plan(), guarded.note(), List.of());
        }
        List<String> reasons = gate.reasons(incident.classification(), resource.drift(), flags.apply(resource),
                guarded.plan().policy());
        return new Outcome(guarded.plan(), d.why(), reasons);
    }
}
