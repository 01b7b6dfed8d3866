package io.homeostat.model.events;

import java.time.Instant;
import java.util.List;

/** detector → analyzer: a managed resource differs from its desired state. */
public record DriftDetected(
        int schemaVersion,
        String incidentId,
        String correlationId,
        String causationId,
        ResourceRef resource,
        Trigger trigger,
        List<FieldDiff> diff,
        Instant detectedAt)
        implements IncidentEvent {

    /** v2: trigger kind LOG_ANOMALY with its evidence (v1 payloads decode unchanged: they never carry either). */
    public static final int CURRENT_VERSION = 2;

    public DriftDetected {
        Required.schemaVersion(schemaVersion);
        Required.field(incidentId, "incidentId");
        Required.field(correlationId, "correlationId");
        Required.field(resource, "resource");
        Required.field(trigger, "trigger");
        Required.field(detectedAt, "detectedAt");
        diff = diff == null ? List.of() : List.copyOf(diff);
    }

    /** True when the resource itself is gone, not just different. */
    public boolean resourceMissing() {
        return diff.stream().anyMatch(d -> FieldDiff.EXISTS.equals(d.path()) && "false".equals(d.actual()));
    }
}
