package io.homeostat.runtime.store;

import java.time.Instant;

/**
 * An earlier incident with the same change signature, as the analyzer saw it: which resource, when, how it was
 * classified and how it ended ({@code outcome} is the incident's state name at the time, e.g. RESOLVED or FAILED, or a
 * state that is not terminal yet). Kept on the incident so a person sees the history that weighed on the verdict.
 */
public record SimilarIncident(String incidentId, String resourceName, Instant createdAt, String kind, String outcome,
                              boolean sameResource) {
}
