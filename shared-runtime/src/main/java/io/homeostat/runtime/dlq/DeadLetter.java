package io.homeostat.runtime.dlq;

import java.time.Instant;

/**
 * One message in a DLQ, as an operator sees it. Everything but the ids and times comes from the message or its body,
 * so it is untrusted data: render it through {@code UntrustedText} when showing it to a person.
 *
 * @param messageId         the id of the message on the DLQ (what a replay names)
 * @param originalMessageId the id it had on its source queue, under which {@code homeostat-failures} keeps the reason
 * @param queue             the logical consumer queue it came from ({@code analyzer}, …) and is replayed to
 * @param dlq               the DLQ's physical name
 * @param origin            {@link Origin#DEAD_LETTERED} by a consumer, or {@link Origin#REDRIVE} by the queue's redrive policy
 * @param service           the service that gave up (empty if unknown)
 * @param attempt           on which delivery it gave up (0 if unknown)
 * @param reason            why
 * @param firstFailedAt     when it was first dead-lettered (kept across replays); null if unknown
 * @param lastFailedAt      when it was dead-lettered this time; null if unknown
 * @param eventType         the envelope's detail-type, or null when the body is not a readable envelope
 * @param eventId           the envelope's id, or null
 * @param incidentId        the incident it belongs to, or null
 */
public record DeadLetter(String messageId, String originalMessageId, String queue, String dlq, Origin origin, String service,
                         int attempt, String reason, Instant firstFailedAt, Instant lastFailedAt, String eventType,
                         String eventId, String incidentId) {

    public enum Origin {
        /** Moved by a consumer (unreadable input, or failing {@code max-attempts} times), with the reason attached. */
        DEAD_LETTERED,
        /** Moved by the queue's redrive policy: its consumer crashed on it (or could not move it itself). */
        REDRIVE
    }
}
