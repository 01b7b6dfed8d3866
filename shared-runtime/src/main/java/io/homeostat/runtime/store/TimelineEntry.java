package io.homeostat.runtime.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** One step of an incident's history: which service moved it to which state, on which event, and why. */
public record TimelineEntry(Instant at, IncidentState state, String service, String eventId, String note) {

    public TimelineEntry {
        at = at == null ? null : at.truncatedTo(ChronoUnit.MILLIS);
    }
}
