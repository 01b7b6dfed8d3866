package io.homeostat.runtime.store;

import io.homeostat.model.events.Classification;
import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.ResourceRef;
import io.homeostat.model.events.StepResult;
import io.homeostat.model.events.Trigger;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The incident record: one per detected problem, from detection to close, with its whole timeline under one
 * correlation id. Fields are filled in as services move it forward; {@code version} guards every write.
 *
 * <p>{@code signature} (the change signature the analyzer derives: type, trigger kind, changed field keys) and
 * {@code similar} (earlier incidents with that signature and their outcomes) are set when the incident is analyzed.
 */
public record Incident(
        String incidentId,
        String correlationId,
        ResourceRef resource,
        IncidentState state,
        long version,
        Instant createdAt,
        Instant updatedAt,
        Trigger trigger,
        List<FieldDiff> diff,
        Classification classification,
        StoredPlan plan,
        Map<String, String> beforeImage,
        List<StepResult> steps,
        String outcome,
        List<FieldDiff> remaining,
        long suppressed,
        List<TimelineEntry> timeline,
        String signature,
        List<SimilarIncident> similar) {

    public Incident {
        similar = similar == null ? List.of() : List.copyOf(similar);
    }

    /** A brand-new incident as the detector opens it. */
    public static Incident open(String incidentId, ResourceRef resource, Trigger trigger, List<FieldDiff> diff,
                                Instant now, TimelineEntry first) {
        return new Incident(incidentId, incidentId, resource, IncidentState.DETECTED, 1, now, now, trigger, diff,
                null, null, null, List.of(), null, List.of(), 0, List.of(first), null, List.of());
    }
}
