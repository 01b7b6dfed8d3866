package io.homeostat.model.events;

import java.util.List;

/**
 * What the policy guard decided about a plan, and which rules made it: the strictest effect of every rule that matched
 * (DENY over REQUIRE_APPROVAL over ALLOW). A plan no rule matched is ALLOW with no matches.
 *
 * @param effect the decision for the plan as a whole
 * @param matches every rule that matched, in step order, so a person can see why
 */
public record PolicyDecision(Effect effect, List<Match> matches) {

    public enum Effect {
        /** No rule objected. */
        ALLOW,
        /** A rule wants a person to approve before anything runs. */
        REQUIRE_APPROVAL,
        /** A rule forbids a step: nothing of the plan runs, people are told. */
        DENY;

        public Effect strictest(Effect other) {
            return other.ordinal() > ordinal() ? other : this;
        }
    }

    /**
     * One rule that matched one step.
     *
     * @param rule the rule's name
     * @param source where the rule was declared: {@code built-in}, {@code config} or the phase file's name
     * @param effect what the rule asks for
     * @param step the step it matched ({@code 0}: the plan as a whole)
     * @param action the step's catalogue action
     * @param description the rule's own words for people
     */
    public record Match(String rule, String source, Effect effect, int step, String action, String description) {

        public Match {
            Required.field(rule, "policy.matches.rule");
            Required.field(effect, "policy.matches.effect");
        }
    }

    public static final PolicyDecision ALLOW = new PolicyDecision(Effect.ALLOW, List.of());

    public PolicyDecision {
        Required.field(effect, "policy.effect");
        matches = matches == null ? List.of() : List.copyOf(matches);
    }

    /** The first match with the decisive effect, for one-line summaries; {@code null} when nothing matched. */
    public Match decisive() {
        return matches.stream().filter(m -> m.effect() == effect).findFirst().orElse(null);
    }
}
