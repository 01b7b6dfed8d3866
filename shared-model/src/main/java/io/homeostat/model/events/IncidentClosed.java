package io.homeostat.model.events;

import java.time.Instant;
import java.util.List;

/**
 * verifier → subscribers: the incident's final word. {@code remaining} lists what still differs when the outcome is
 * not RESOLVED (for ROLLED_BACK: what differed from desired when verification failed). {@code compensations} are the
 * results of the saga's compensating steps, in the order they ran (reverse step order); empty unless ROLLED_BACK.
 *
 * <p>An incident whose rollback itself failed is ESCALATED: it stays open for people and emits no incident.closed.
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
        Instant closedAt,
        List<StepResult> compensations)
        implements IncidentEvent {

    /** v2: outcomes PARTIAL and ROLLED_BACK, and {@code compensations} (v1 events decode with none). */
    public static final int CURRENT_VERSION = 2;

    public enum Outcome {
        /** Verified back at desired. */
        RESOLVED,
        /** Reported only: the resource's drift mode says not to heal it. */
        NOTIFIED,
        /** Still differs from desired after the recovery ran, and nothing could be put back. */
        FAILED,
        /**
         * Every step succeeded and the resource is closer to desired, but some fields still differ (listed in
         * {@code remaining}). Not rolled back: undoing would make it worse.
         */
        PARTIAL,
        /** Verification failed and the compensations of the steps that succeeded put the resource back as it was. */
        ROLLED_BACK
    }

    public IncidentClosed {
        Required.schemaVersion(schemaVersion);
        Required.field(incidentId, "incidentId");
        Required.field(correlationId, "correlationId");
        Required.field(resource, "resource");
        Required.field(outcome, "outcome");
        Required.field(closedAt, "closedAt");
        remaining = remaining == null ? List.of() : List.copyOf(remaining);
        compensations = compensations == null ? List.of() : List.copyOf(compensations);
    }

    /** A v1-shaped close: no compensations. */
    public IncidentClosed(int schemaVersion, String incidentId, String correlationId, String causationId, ResourceRef resource,
                          Outcome outcome, List<FieldDiff> remaining, Instant detectedAt, Instant closedAt) {
        this(schemaVersion, incidentId, correlationId, causationId, resource, outcome, remaining, detectedAt, closedAt, List.of());
    }
}
