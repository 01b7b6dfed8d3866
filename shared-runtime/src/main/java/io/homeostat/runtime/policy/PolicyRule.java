package io.homeostat.runtime.policy;

import io.homeostat.model.events.PolicyDecision;
import java.util.Locale;

/**
 * One policy rule as declared: a CEL expression that, when true for a planned step, denies it or requires a person's
 * approval.
 *
 * @param name unique among the rules in force; a configured or phase rule with a built-in's name replaces it
 * @param source where it was declared: {@code built-in}, {@code config}, or the phase file
 * @param effect {@code DENY} or {@code REQUIRE_APPROVAL}
 * @param when the CEL expression (variables: see {@link PolicyInput})
 * @param description what it protects, in words
 * @param phase the phase whose resources it applies to (a rule from a phase file); {@code null} = every resource
 */
public record PolicyRule(String name, String source, PolicyDecision.Effect effect, String when, String description,
                         String phase) {

    /** A rule for every resource (built-in or configured). */
    public PolicyRule(String name, String source, PolicyDecision.Effect effect, String when, String description) {
        this(name, source, effect, when, description, null);
    }

    public boolean appliesTo(String resourcePhase) {
        return phase == null || phase.equals(resourcePhase);
    }

    public static final String BUILT_IN = "built-in";
    public static final String CONFIG = "config";

    /** Reads an effect as written in configuration or a phase file ({@code deny}, {@code require-approval}, any case). */
    public static PolicyDecision.Effect effect(String written, String where) {
        String e = written == null ? "" : written.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        if (e.equals("DENY") || e.equals("REQUIRE_APPROVAL")) {
            return PolicyDecision.Effect.valueOf(e);
        }
        throw new PolicyRuleException(where + ": effect must be DENY or REQUIRE_APPROVAL, not '" + written + "'");
    }
}
