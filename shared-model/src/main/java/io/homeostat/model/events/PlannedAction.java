package io.homeostat.model.events;

import java.util.Map;
import java.util.TreeMap;

/**
 * One step of a plan, naming an action from a provider's fixed catalogue ({@code aws.sqs.queue/SetQueueAttributes})
 * and its parameters as data. The executor binds the name to a typed action and validates every parameter; nothing
 * here is ever run as free text.
 *
 * @param preconditions what the live resource must still show for this step to run, as observed when the plan was
 *     made: field key (the keys of {@link FieldDiff#field()}, e.g. {@code attributes.VisibilityTimeout}, or
 *     {@code exists}) → expected actual value; a {@code null} value means the field must be absent (a tag the step
 *     adds). The executor compares them with the before-image it takes just before
 *     the step and refuses the step when the world has moved since planning. Empty = no precondition (schema v1).
 * @param compensation the action from the same catalogue that undoes this step (put back what was observed before
 *     it), run by the verifier in reverse step order when the recovery fails verification (saga); {@code null} when
 *     the step cannot be undone safely (a failed verification then escalates to people instead)
 */
public record PlannedAction(int step, String action, Map<String, String> parameters, String description,
                            Map<String, String> preconditions, PlannedAction compensation) {

    public PlannedAction {
        Required.field(action, "action.action");
        parameters = sorted(parameters);
        preconditions = sorted(preconditions);
    }

    /** A step with no preconditions and no compensation. */
    public PlannedAction(int step, String action, Map<String, String> parameters, String description) {
        this(step, action, parameters, description, Map.of(), null);
    }

    /** This step with its preconditions and compensation. */
    public PlannedAction guarded(Map<String, String> preconditions, PlannedAction compensation) {
        return new PlannedAction(step, action, parameters, description, preconditions, compensation);
    }

    private static Map<String, String> sorted(Map<String, String> values) {
        return values == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(values));
    }
}
