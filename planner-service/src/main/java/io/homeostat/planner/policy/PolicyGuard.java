package io.homeostat.planner.policy;

import io.homeostat.model.events.PlanReady;
import io.homeostat.model.events.PlannedAction;
import io.homeostat.model.events.PolicyDecision;
import io.homeostat.model.events.PolicyDecision.Effect;
import io.homeostat.model.events.PolicyDecision.Match;
import io.homeostat.runtime.policy.PolicyEngine;
import io.homeostat.runtime.policy.PolicyInput;
import io.homeostat.runtime.policy.PolicyRule;
import io.homeostat.runtime.store.StoredPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts a plan through the policy rules: the decision and the rules that made it are recorded on the plan. A DENY
 * turns the plan into NOTIFY_ONLY (nothing of it runs; a half-run repair is worse than none). A compensation a rule
 * denies is dropped (undo would re-open what a rule forbids, e.g. put back an attacker's SSH rule); the drop is
 * recorded as a match but does not change the plan's effect.
 */
public final class PolicyGuard {

    /** The plan after policy, and a sentence for the timeline when policy changed anything. */
    public record Guarded(StoredPlan plan, String note) {}

    private final PolicyEngine engine;

    public PolicyGuard(List<PolicyRule> rules) {
        this.engine = new PolicyEngine(rules);
    }

    public List<PolicyRule> rules() {
        return engine.rules();
    }

    public Guarded apply(StoredPlan plan, PolicyInput input) {
        if (plan.strategy() != PlanReady.Strategy.RESTORE || plan.actions().isEmpty()) {
            return new Guarded(plan, null);
        }
        PolicyDecision steps = engine.decide(plan.actions(), input);
        List<Match> matches = new ArrayList<>(steps.matches());
        List<PlannedAction> actions = new ArrayList<>();
        for (PlannedAction a : plan.actions()) {
            PlannedAction kept = a;
            if (a.compensation() != null) {
                List<Match> denied = engine.evaluate(a.compensation(), input).stream()
                        .filter(m -> m.effect() == Effect.DENY).toList();
                if (!denied.isEmpty()) {
                    denied.forEach(m -> matches.add(new Match(m.rule(), m.source(), m.effect(), a.step(), a.compensation().action(),
                            "compensation of step " + a.step() + " dropped: " + m.description())));
                    kept = a.guarded(a.preconditions(), null);
                }
            }
            actions.add(kept);
        }
        PolicyDecision decision = new PolicyDecision(steps.effect(), matches);
        if (steps.effect() == Effect.DENY) {
            Match m = decision.decisive();
            return new Guarded(new StoredPlan(plan.planId(), PlanReady.Strategy.NOTIFY_ONLY, List.of(), decision),
                    "policy rule '" + m.rule() + "' (" + m.source() + ") denies step " + m.step() + " " + m.action() + ": "
                            + m.description() + "; nothing runs");
        }
        return new Guarded(new StoredPlan(plan.planId(), plan.strategy(), actions, decision), null);
    }
}
