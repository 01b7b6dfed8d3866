package io.homeostat.analyzer.service;

import io.homeostat.model.events.Classification;
import io.homeostat.model.events.DriftDetected;
import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.Trigger;
import io.homeostat.runtime.untrusted.UntrustedText;
import java.util.stream.Collectors;

/**
 * Deterministic classification: works with no model at all, and is what any model answer is checked against.
 *
 * <ul>
 *   <li>the resource is gone → FAILURE, severity 8;</li>
 *   <li>a CloudTrail call by a principal outside Homeostat changed it → TAMPERING, severity 6;</li>
 *   <li>the desired state moved → DRIFT with cause "desired changed", severity 3;</li>
 *   <li>the scan found a difference nobody announced → DRIFT, severity 4;</li>
 *   <li>an error pattern in the logs left its baseline → ANOMALY, severity 5–7 by the failure likelihood
 *       ({@link AnomalyRule}). ANOMALY never auto-executes: the planner holds it for approval.</li>
 * </ul>
 */
public final class RuleClassifier {

    public static final String NAME = "rules";

    public Classification classify(DriftDetected drift) {
        if (drift.trigger().kind() == Trigger.Kind.LOG_ANOMALY) {
            return AnomalyRule.classify(drift.trigger().evidence());
        }
        String name = drift.resource().type() + " " + drift.resource().name();
        if (drift.resourceMissing()) {
            return new Classification(Classification.Kind.FAILURE, 8, 0.95,
                    name + " no longer exists" + by(drift.trigger()), NAME);
        }
        String fields = drift.diff().stream().map(FieldDiff::path).collect(Collectors.joining(", "));
        Trigger t = drift.trigger();
        return switch (t.kind()) {
            case CLOUDTRAIL -> new Classification(Classification.Kind.TAMPERING, 6, 0.9,
                    name + ": " + fields + " changed outside Homeostat" + by(t), NAME);
            case DESIRED_CHANGED -> new Classification(Classification.Kind.DRIFT, 3, 0.9,
                    name + ": desired changed (" + fields + "); the live resource has not followed yet", NAME);
            case SCAN -> new Classification(Classification.Kind.DRIFT, 4, 0.85,
                    name + ": " + fields + " differ from desired (found by the scheduled scan)", NAME);
            case LOG_ANOMALY -> throw new IllegalStateException("classified above");
        };
    }

    private static String by(Trigger t) {
        if (t.kind() != Trigger.Kind.CLOUDTRAIL) {
            return "";
        }
        // Principal, address and agent are untrusted text from the event: quoted, never interpreted.
        return " by " + quote(t.principal()) + " via " + quote(t.eventName())
                + (t.sourceIp() != null ? " from " + quote(t.sourceIp()) : "")
                + (t.userAgent() != null ? " using " + quote(t.userAgent()) : "");
    }

    private static String quote(String s) {
        return UntrustedText.quote(s);
    }
}
