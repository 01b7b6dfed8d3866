package io.homeostat.model.envelope;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic event ids. A step retried after a crash must republish the same id, so that the next consumer's
 * idempotency claim drops the duplicate; so output ids are name-based UUIDs of what caused them.
 */
public final class EventIds {

    private EventIds() {}

    public static String derive(String... parts) {
        return UUID.nameUUIDFromBytes(String.join("\u001f", parts).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
