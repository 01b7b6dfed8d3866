package io.homeostat.runtime.store;

import java.time.Instant;

/** A notifiable transition of an incident that people have not been told about yet. */
public record PendingNotice(IncidentState state, Instant at) {}
