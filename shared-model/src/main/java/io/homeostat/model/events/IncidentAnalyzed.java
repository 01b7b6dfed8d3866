package io.homeostat.model.events;

import java.util.List;

/** analyzer → planner: the incident classified, with the drift it is about. */
public record IncidentAnalyzed(
        int schemaVersion,
        String incidentId,
        String correlationId,
        String causationId,
        ResourceRef resource,
        Classification classification,
        List<FieldDiff> diff)
        implements IncidentEvent {

    public static final int CURRENT_VERSION = 1;

    public IncidentAnalyzed {
        Required.schemaVersion(schemaVersion);
        Required.field(incidentId, "incidentId");
        Required.field(correlationId, "correlationId");
        Required.field(resource, "resource");
        Required.field(classification, "classification");
        diff = diff == null ? List.of() : List.copyOf(diff);
    }
}
