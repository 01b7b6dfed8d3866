package io.homeostat.runtime.execution;

import io.homeostat.model.events.PlannedAction;
import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.provider.ResourceProvider;
import io.homeostat.runtime.provider.TypedAction;

/**
 * Turns a planned action into the typed action its provider will apply, the one way both the executor (plan steps)
 * and the verifier (compensations) do it: references to the desired state are resolved first, and a parameter that
 * still refers to it is refused — a {@code desired-ref:} is never applied literally.
 */
public final class ActionBinder {

    private ActionBinder() {}

    /**
     * @param desired the resource as declared, to resolve {@link ResourceProvider#DESIRED_REF} parameters; {@code null}:
     *     nothing is resolved
     * @throws RuntimeException when a reference is left unresolved or the provider does not bind the action
     */
    public static TypedAction bind(ResourceProvider provider, PlannedAction planned, DesiredResource desired) {
        PlannedAction action = desired == null ? planned : provider.resolveReferences(planned, desired);
        if (action.parameters().values().stream().anyMatch(v -> v != null && v.startsWith(ResourceProvider.DESIRED_REF))) {
            throw new IllegalArgumentException("a parameter still refers to the desired state; it is never applied literally");
        }
        return provider.bind(action);
    }
}
