package io.homeostat.analyzer.service;

import io.homeostat.model.events.Classification;
import io.homeostat.model.events.Classification.Kind;
import io.homeostat.model.events.DriftDetected;
import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.Trigger;
import io.homeostat.runtime.untrusted.UntrustedText;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Deterministic classification: works with no model at all, and is what any model answer is checked against. First
 * match wins:
 *
 * <ol>
 *   <li>the resource is gone → FAILURE, severity 8;</li>
 *   <li>a CloudTrail call by an allowed principal ({@code homeostat.analyzer.allowed-principals}) → NORMAL, severity 2
 *       (reported, not healed);</li>
 *   <li>a CloudTrail call by an AWS service on its own (service principal, service-linked role, "AWS Internal") →
 *       ANOMALY, severity 5, confidence 0.6: nobody decided it, a person should look before Homeostat fights AWS;</li>
 *   <li>a CloudTrail call by the account's root user → TAMPERING, severity 9;</li>
 *   <li>any other CloudTrail call → TAMPERING, severity 6 (confidence 0.95 when clicked in the console, else 0.9);</li>
 *   <li>the desired state moved → DRIFT with cause "desired changed", severity 3;</li>
 *   <li>the scan found a difference nobody announced → DRIFT, severity 4;</li>
 *   <li>an error pattern in the logs left its baseline → ANOMALY, severity 5–7 by the failure likelihood
 *       ({@link AnomalyRule}). ANOMALY never auto-executes: the planner holds it for approval.</li>
 * </ol>
 *
 * A TAMPERING or DRIFT that touches access or encryption settings (ingress/egress rules, policies, public access,
 * encryption, KMS keys, ACLs) is one severity higher.
 */
public final class RuleClassifier {

    public static final String NAME = "rules";

    private static final Pattern SENSITIVE = Pattern.compile("ingress|egress|policy|publicaccess|encryption|kms|acl|sse");
    /** Field paths made of these characters are shown as they are; anything else is quoted as untrusted text. */
    private static final Pattern PLAIN_PATH = Pattern.compile("[A-Za-z0-9._:/\\-\\[\\]]{1,120}");

    private final Principals principals;

    /** No allowed principals: every outside change is tampering. */
    public RuleClassifier() {
        this(List.of());
    }

    public RuleClassifier(List<String> allowedPrincipals) {
        this.principals = new Principals(allowedPrincipals);
    }

    public Classification classify(DriftDetected drift) {
        if (drift.trigger().kind() == Trigger.Kind.LOG_ANOMALY) {
            return AnomalyRule.classify(drift.trigger().evidence());
        }
        String name = drift.resource().type() + " " + drift.resource().name();
        Trigger t = drift.trigger();
        if (drift.resourceMissing()) {
            return verdict(Kind.FAILURE, 8, 0.95, name + " no longer exists" + by(t));
        }
        String fields = fields(drift.diff());
        int sensitive = touchesAccessOrEncryption(drift.diff()) ? 1 : 0;
        String why = sensitive == 1 ? " (access or encryption settings)" : "";
        return switch (t.kind()) {
            case CLOUDTRAIL -> {
                if (principals.isAllowed(t.principal())) {
                    yield verdict(Kind.NORMAL, 2, 0.9, name + ": " + fields + " changed by an allowed principal" + by(t)
                            + "; reported, not healed");
                }
                if (Principals.isAwsService(t.principal(), t.userAgent())) {
                    yield verdict(Kind.ANOMALY, 5 + sensitive, 0.6, name + ": " + fields + why
                            + " changed by an AWS service, not by a person" + by(t) + "; look before healing");
                }
                if (Principals.isRoot(t.principal())) {
                    yield verdict(Kind.TAMPERING, 9, 0.95, name + ": " + fields + why
                            + " changed outside Homeostat with the account's root user" + by(t));
                }
                boolean console = Principals.isConsole(t.userAgent());
                yield verdict(Kind.TAMPERING, 6 + sensitive, console ? 0.95 : 0.9, name + ": " + fields + why
                        + " changed outside Homeostat" + (console ? " by hand in the console" : "") + by(t));
            }
            case DESIRED_CHANGED -> verdict(Kind.DRIFT, 3 + sensitive, 0.9,
                    name + ": desired changed (" + fields + ")" + why + "; the live resource has not followed yet");
            case SCAN -> verdict(Kind.DRIFT, 4 + sensitive, 0.85,
                    name + ": " + fields + why + " differ from desired (found by the scheduled scan)");
            case LOG_ANOMALY -> throw new IllegalStateException("classified above");
        };
    }

    private static Classification verdict(Kind kind, int severity, double confidence, String rationale) {
        return new Classification(kind, severity, confidence, rationale, NAME);
    }

    static boolean touchesAccessOrEncryption(List<FieldDiff> diff) {
        return diff.stream().anyMatch(d -> SENSITIVE.matcher(d.path().toLowerCase(Locale.ROOT)).find());
    }

    /** Paths can hold tag keys someone else chose: plain ones read as they are, anything odd is quoted. */
    private static String fields(List<FieldDiff> diff) {
        return diff.stream().map(FieldDiff::path)
                .map(p -> PLAIN_PATH.matcher(p).matches() ? p : UntrustedText.quote(p, 80))
                .collect(Collectors.joining(", "));
    }

    private static String by(Trigger t) {
        if (t.kind() != Trigger.Kind.CLOUDTRAIL) {
            return "";
        }
        // Principal, address and agent are untrusted text from the event: quoted, never interpreted.
        return " by " + UntrustedText.quote(t.principal()) + " via " + UntrustedText.quote(t.eventName())
                + (t.sourceIp() != null ? " from " + UntrustedText.quote(t.sourceIp()) : "")
                + (t.userAgent() != null ? " using " + UntrustedText.quote(t.userAgent()) : "");
    }
}
