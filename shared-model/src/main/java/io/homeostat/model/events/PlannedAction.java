package io.homeostat.model.events;

import java.util.Map;
import java.util.TreeMap;

/**
 * One step of a plan, naming an action from a provider's fixed catalogue ({@code aws.sqs.queue/SetQueueAttributes})
 * and its parameters as data. The executor binds the name to a typed action and validates every parameter; nothing
 * here is ever run as free text.
 */
public record PlannedAction(int step, String action, Map<String, String> parameters, String description) {

    public PlannedAction {
        Required.field(action, "action.action");
        parameters = parameters == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(parameters));
    }
}
