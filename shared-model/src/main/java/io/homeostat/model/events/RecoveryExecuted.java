package io.homeostat.model.events;

import java.util.List;

/** executor → verifier: what each planned step did. */
public record RecoveryExecuted(
        int schemaVersion,
        String incidentId,
        String correlationId,
        String causationId,
        ResourceRef resource,
        String planId,
        List<StepResult> steps)
        implements IncidentEvent {

    /** v2: each step says how many calls it took and the last error code (see {@link StepResult}). */
    public static final int CURRENT_VERSION = 2;

    public RecoveryExecuted {
        Required.schemaVersion(schemaVersion);
        Required.field(incidentId, "incidentId");
        Required.field(correlationId, "correlationId");
        Required.field(resource, "resource");
        Required.field(planId, "planId");
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    public boolean allSucceeded() {
        return steps.stream().allMatch(s -> s.status() != StepResult.Status.FAILED);
    }
}
