package io.homeostat.model.events;

import java.time.Instant;
import java.util.List;

/**
 * verifier → subscribers: the incident's final word. {@code remaining} lists what still differs when the outcome is
 * not RESOLVED.
 */
public record IncidentClosed(
        int schemaVersion,
        String incidentId,
        String correlationId,
        String causationId,
        ResourceRef resource,
        Outcome outcome,
        List<FieldDiff> remaining,
        Instant detectedAt,
        Instant closedAt)
        implements IncidentEvent {

    public static final int CURRENT_VERSION = 1;

    public enum Outcome {
        /** Verified back at desired. */
        RESOLVED,
        /** Reported only: the resource's drift mode says not to heal it. */
        NOTIFIED,
        /** Still differs from desired after the recovery ran. */
        FAILED
    }

    public IncidentClosed {
        Required.schemaVersion(schemaVersion);
        Required.field(incidentId, "incidentId");
        Required.field(correlationId, "correlationId");
        Required.field(resource, "resource");
        Required.field(outcome, "outcome");
        Required.field(closedAt, "closedAt");
        remaining = remaining == null ? List.of() : List.copyOf(remaining);
    }
}
