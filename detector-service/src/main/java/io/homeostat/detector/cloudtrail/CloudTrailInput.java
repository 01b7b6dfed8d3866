package io.homeostat.detector.cloudtrail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.homeostat.model.envelope.EventCodec;
import io.homeostat.model.envelope.EventEnvelope;
import io.homeostat.model.envelope.EventIds;
import io.homeostat.model.envelope.InvalidEventException;
import io.homeostat.model.events.EventType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The three shapes CloudTrail reaches the detector's queue in, read into one envelope shape:
 * <ul>
 *   <li>an EventBridge event ("AWS API Call via CloudTrail"), as the rule forwards it — used as is;</li>
 *   <li>a raw CloudTrail record (someone piping records straight to the queue) — wrapped;</li>
 *   <li>a CloudTrail log file, {@code {"Records":[…]}} — wrapped whole; the handler fans it out, one message per
 *       record, so each record is then handled (and deduplicated by its eventID) on its own.</li>
 * </ul>
 */
public final class CloudTrailInput {

    /** Source of the envelope that carries a whole log file. */
    public static final String LOG_FILE_SOURCE = "homeostat.cloudtrail-file";

    private CloudTrailInput() {}

    public static EventEnvelope decode(String body, EventCodec codec) {
        JsonNode tree;
        try {
            tree = codec.mapper().readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new InvalidEventException("malformed JSON" + (loc == null ? "" : " at line " + loc.getLineNr() + ", column "
                    + loc.getColumnNr()) + ": " + e.getOriginalMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidEventException("message must be a JSON object (an EventBridge event, a CloudTrail record or a "
                    + "{\"Records\":[...]} file), got " + (tree == null ? "nothing" : tree.getNodeType()));
        }
        if (tree.has("detail-type")) {
            return codec.readEnvelope(body);
        }
        if (tree.has("Records")) {
            if (!tree.get("Records").isArray()) {
                throw new InvalidEventException("'Records' must be an array of CloudTrail records");
            }
            return new EventEnvelope(EventEnvelope.ENVELOPE_VERSION, EventIds.derive("cloudtrail-file", body),
                    EventType.CLOUDTRAIL_DETAIL_TYPE, LOG_FILE_SOURCE, null, Instant.now(), null, List.of(), (ObjectNode) tree);
        }
        if (tree.has("eventSource") && tree.has("eventName")) {
            return wrap((ObjectNode) tree, body);
        }
        throw new InvalidEventException("not CloudTrail: expected an EventBridge event, a record with eventSource and "
                + "eventName, or a {\"Records\":[...]} file");
    }

    /** One record in the EventBridge shape, so it is handled and deduplicated like a forwarded event. */
    public static EventEnvelope wrap(ObjectNode record, String rawForId) {
        String eventId = text(record, "eventID");
        String source = text(record, "eventSource");
        String service = source == null ? "unknown" : source.replace(".amazonaws.com", "");
        return new EventEnvelope(EventEnvelope.ENVELOPE_VERSION,
                eventId != null ? eventId : EventIds.derive("cloudtrail-record", rawForId),
                EventType.CLOUDTRAIL_DETAIL_TYPE, "aws." + service, text(record, "recipientAccountId"),
                time(text(record, "eventTime")), text(record, "awsRegion"), List.of(), record);
    }

    public static boolean isLogFile(EventEnvelope envelope) {
        return LOG_FILE_SOURCE.equals(envelope.source()) && envelope.detail().has("Records");
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
    }

    private static Instant time(String value) {
        try {
            return value == null ? Instant.now() : Instant.parse(value);
        } catch (DateTimeParseException e) {
            return Instant.now();
        }
    }
}
