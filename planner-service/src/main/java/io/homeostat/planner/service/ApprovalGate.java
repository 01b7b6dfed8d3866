package io.homeostat.planner.service;

import io.homeostat.model.events.Classification;
import io.homeostat.model.events.PolicyDecision;
import io.homeostat.runtime.desired.DriftMode;
import io.homeostat.runtime.store.DriftFlags;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether a plan with actions must wait for a person, and why. Any one reason is enough: an operator paused the
 * resource, its drift mode asks for approval, the analyzer is not sure enough, the change looks like nothing it knows
 * (ANOMALY never runs by itself), or a policy rule requires approval.
 */
public final class ApprovalGate {

    private final double confidenceThreshold;

    public ApprovalGate(double confidenceThreshold) {
        this.confidenceThreshold = confidenceThreshold;
    }

    /** @return the reasons, in words; empty = the plan may run at once */
    public List<String> reasons(Classification classification, DriftMode mode, DriftFlags.Mode flag, PolicyDecision policy) {
        List<String> reasons = new ArrayList<>();
        if (flag == DriftFlags.Mode.PAUSED) {
            reasons.add("drift flag PAUSED");
        }
        if (mode == DriftMode.APPROVE) {
            reasons.add("drift mode approve");
        }
        if (classification.kind() == Classification.Kind.ANOMALY) {
            reasons.add("classified ANOMALY: anomalies never run without a person");
        }
        if (classification.confidence() < confidenceThreshold) {
            reasons.add(String.format(Locale.ROOT, "confidence %.2f below %.2f", classification.confidence(), confidenceThreshold));
        }
        if (policy.effect() == PolicyDecision.Effect.REQUIRE_APPROVAL) {
            policy.matches().stream().filter(m -> m.effect() == PolicyDecision.Effect.REQUIRE_APPROVAL)
                    .map(m -> "policy rule '" + m.rule() + "' (" + m.source() + ") on step " + m.step() + ": " + m.description())
                    .distinct()
                    .forEach(reasons::add);
        }
        return reasons;
    }
}
