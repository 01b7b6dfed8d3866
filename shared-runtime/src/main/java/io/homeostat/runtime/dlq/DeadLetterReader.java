package io.homeostat.runtime.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.homeostat.runtime.store.FailureLog;
import io.homeostat.runtime.transport.DeadLetters;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Reads what an operator needs from a DLQ message: the reason and its context from the attributes our consumers
 * attach ({@link DeadLetters}), or — for a message the redrive policy moved, which carries none — from the
 * {@code homeostat-failures} record under its id; the event type and ids from the body when it is a readable envelope
 * (a body is never trusted to be one: it may be the very input that was rejected).
 */
final class DeadLetterReader {

    private final ObjectMapper json;
    private final FailureLog failures;

    DeadLetterReader(ObjectMapper json, FailureLog failures) {
        this.json = json;
        this.failures = failures;
    }

    DeadLetter read(Message m, String logicalQueue, String dlqName) {
        Body body = body(m.body());
        String reason = attr(m, DeadLetters.REASON);
        if (reason != null) {
            String original = Optional.ofNullable(attr(m, DeadLetters.ORIGINAL_MESSAGE_ID)).orElse(m.messageId());
            Instant last = instant(attr(m, DeadLetters.FAILED_AT));
            Instant first = Optional.ofNullable(instant(attr(m, DeadLetters.FIRST_FAILED_AT))).orElse(last);
            return new DeadLetter(m.messageId(), original, logicalQueue, dlqName, DeadLetter.Origin.DEAD_LETTERED,
                    nonNull(attr(m, DeadLetters.SERVICE)), integer(attr(m, DeadLetters.ATTEMPT)), reason, first, last,
                    body.type, body.id, body.incidentId);
        }
        // Moved by the redrive policy: SQS keeps the message id, under which a consumer may have logged a reason.
        Optional<FailureLog.Failure> logged = failures.find(m.messageId());
        Instant sent = sentAt(m);
        String why = logged.map(FailureLog.Failure::reason).orElse("moved by the queue's redrive policy without a reason:"
                + " its consumer crashed or timed out on it every time (or it was put on the DLQ by hand); no failure record");
        Instant at = logged.map(f -> Instant.ofEpochMilli(f.at())).orElse(sent);
        return new DeadLetter(m.messageId(), m.messageId(), logicalQueue, dlqName, DeadLetter.Origin.REDRIVE,
                logged.map(FailureLog.Failure::service).orElse(""), logged.map(FailureLog.Failure::attempt).orElse(0), why,
                at, at, body.type, body.id, body.incidentId);
    }

    private record Body(String type, String id, String incidentId) {}

    private Body body(String text) {
        try {
            JsonNode n = json.readTree(text);
            if (n == null || !n.isObject()) {
                return new Body(null, null, null);
            }
            return new Body(textOrNull(n.get("detail-type")), textOrNull(n.get("id")), textOrNull(n.path("detail").get("incidentId")));
        } catch (Exception e) {
            return new Body(null, null, null); // unreadable: the reason says why
        }
    }

    private static String textOrNull(JsonNode n) {
        return n != null && n.isTextual() && !n.asText().isEmpty() ? n.asText() : null;
    }

    static String attr(Message m, String name) {
        MessageAttributeValue v = m.messageAttributes().get(name);
        return v == null ? null : v.stringValue();
    }

    private static Instant sentAt(Message m) {
        String v = m.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
        try {
            return v == null ? null : Instant.ofEpochMilli(Long.parseLong(v));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Instant instant(String v) {
        try {
            return v == null ? null : Instant.parse(v);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static int integer(String v) {
        try {
            return v == null ? 0 : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String nonNull(String v) {
        return v == null ? "" : v;
    }
}
