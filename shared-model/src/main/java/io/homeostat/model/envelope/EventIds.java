package io.homeostat.model.envelope;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic event ids. A step retried after a crash must republish the same id, so that the next consumer's
 * idempotency claim drops the duplicate; so output ids are name-based UUIDs of what caused them.
 */
public final class EventIds {

    private EventIds() {}

    /**
     * The id of an incident's event of one type. Each stage runs once per incident, so (incident, type) names the
     * event whatever transport carried it: EventBridge assigns envelope ids of its own, so consumers deduplicate on
     * this, and {@code causationId} refers to it.
     */
    public static String forIncident(String incidentId, io.homeostat.model.events.EventType type) {
        return derive(incidentId, type.detailType());
    }

    public static String derive(String... parts) {
        return UUID.nameUUIDFromBytes(String.join("\u001f", parts).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
