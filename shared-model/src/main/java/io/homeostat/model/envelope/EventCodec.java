package io.homeostat.model.envelope;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.homeostat.model.events.EventType;
import io.homeostat.model.events.IncidentEvent;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Strict reading and writing of envelopes and payloads. Every rejection is an {@link InvalidEventException} whose
 * message names what is wrong and where (line/column for malformed JSON, the field path for a bad value), because
 * that message becomes the dead-letter reason an operator reads.
 */
public final class EventCodec {

    private static final Set<String> ENVELOPE_FIELDS = Set.of(
            "version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail", "replay-name");

    private final ObjectMapper mapper;

    public EventCodec() {
        this.mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
    }

    /** The strict mapper, for callers that write other records the same way (timelines, ledgers). */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** Parses the envelope only; {@code detail} is left as a tree for the consumer to bind. */
    public EventEnvelope readEnvelope(String json) {
        if (json == null || json.isBlank()) {
            throw new InvalidEventException("empty message body");
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("malformed JSON " + where(e) + ": " + e.getOriginalMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidEventException("envelope must be a JSON object, got " + (tree == null ? "nothing" : tree.getNodeType()));
        }
        Set<String> unknown = fieldNames(tree).stream().filter(f -> !ENVELOPE_FIELDS.contains(f)).collect(Collectors.toSet());
        if (!unknown.isEmpty()) {
            throw new InvalidEventException("envelope has unknown field(s) " + unknown + "; expected the EventBridge shape " + ENVELOPE_FIELDS);
        }
        for (String required : List.of("id", "detail-type", "source")) {
            JsonNode v = tree.get(required);
            if (v == null || !v.isTextual() || v.asText().isBlank()) {
                throw new InvalidEventException("envelope field '" + required + "' is missing or not a string");
            }
        }
        if (!(tree.get("detail") instanceof ObjectNode)) {
            throw new InvalidEventException("envelope field 'detail' is missing or not an object (detail-type '"
                    + tree.get("detail-type").asText() + "')");
        }
        try {
            return mapper.treeToValue(tree, EventEnvelope.class);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("invalid envelope " + path(e) + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Binds {@code detail} to the payload record its detail-type names, checking the schema version first. */
    public IncidentEvent readPayload(EventEnvelope envelope) {
        EventType type = EventType.ofDetailType(envelope.detailType())
                .orElseThrow(() -> new InvalidEventException("unknown detail-type '" + envelope.detailType() + "'"));
        return readPayload(envelope, type.payloadType());
    }

    public <T extends IncidentEvent> T readPayload(EventEnvelope envelope, Class<T> payloadType) {
        EventType type = EventType.ofDetailType(envelope.detailType())
                .filter(t -> t.payloadType().equals(payloadType))
                .orElseThrow(() -> new InvalidEventException("detail-type '" + envelope.detailType() + "' does not carry "
                        + payloadType.getSimpleName()));
        JsonNode version = envelope.detail().get("schemaVersion");
        if (version == null || !version.canConvertToExactIntegral() || !version.isNumber()) {
            throw new InvalidEventException(type.detailType() + " detail has no integer 'schemaVersion'");
        }
        if (version.asInt() > type.currentVersion()) {
            throw new UnsupportedSchemaVersionException(type.detailType(), version.asInt(), type.currentVersion());
        }
        // Version 1 is the first of every type; an upcaster per older version goes here when one is bumped.
        try {
            return mapper.treeToValue(envelope.detail(), payloadType);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidEventException("invalid " + type.detailType() + " detail " + path(e) + ": " + rootMessage(e), e);
        }
    }

    /** Wraps a payload in our envelope; the event id must be deterministic (see {@link EventIds}). */
    public EventEnvelope wrap(IncidentEvent payload, String eventId, String source, String account, String region, Instant time) {
        ObjectNode detail = mapper.valueToTree(payload);
        return new EventEnvelope(EventEnvelope.ENVELOPE_VERSION, eventId, EventType.of(payload).detailType(), source,
                account, time, region, List.of(), detail);
    }

    public String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String where(JsonProcessingException e) {
        var loc = e.getLocation();
        return loc == null ? "" : "at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    private static String path(Exception e) {
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            String p = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."))
                    .replace(".[", "[");
            return "at '" + p + "'";
        }
        return "";
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        if (t instanceof JsonProcessingException j) {
            return j.getOriginalMessage();
        }
        return t.getMessage();
    }
}
