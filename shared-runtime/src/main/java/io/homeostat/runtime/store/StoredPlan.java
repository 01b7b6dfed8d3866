package io.homeostat.runtime.store;

import io.homeostat.model.events.PlanReady;
import io.homeostat.model.events.PlannedAction;
import io.homeostat.model.events.PolicyDecision;
import java.util.List;

/**
 * The plan as kept on the incident.
 *
 * @param policy the policy guard's decision and the rules that made it (ALLOW when none matched, or for plans stored
 *     before the guard existed)
 */
public record StoredPlan(String planId, PlanReady.Strategy strategy, List<PlannedAction> actions, PolicyDecision policy) {

    public StoredPlan {
        actions = actions == null ? List.of() : List.copyOf(actions);
        policy = policy == null ? PolicyDecision.ALLOW : policy;
    }

    public StoredPlan(String planId, PlanReady.Strategy strategy, List<PlannedAction> actions) {
        this(planId, strategy, actions, PolicyDecision.ALLOW);
    }
}
