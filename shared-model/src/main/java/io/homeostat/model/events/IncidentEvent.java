package io.homeostat.model.events;

/**
 * What every payload we emit carries: its own schema version and the three ids that stitch an incident's timeline
 * together. {@code causationId} is the id of the envelope that caused this one.
 */
public sealed interface IncidentEvent
        permits DriftDetected, IncidentAnalyzed, PlanReady, RecoveryExecuted, IncidentClosed {

    int schemaVersion();

    String incidentId();

    String correlationId();

    String causationId();

    ResourceRef resource();
}
