package io.homeostat.runtime.store;

import static io.homeostat.runtime.store.Attrs.n;
import static io.homeostat.runtime.store.Attrs.s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.homeostat.model.events.Classification;
import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.ResourceRef;
import io.homeostat.model.events.StepResult;
import io.homeostat.model.events.Trigger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Incidents in DynamoDB. Structured parts are stored as JSON strings (written by the same strict mapper as the
 * wire), the timeline as a list appended to on every transition. All writes are returned as
 * {@link TransactWriteItem}s so callers commit them together with their idempotency record.
 */
public final class IncidentStore {

    static final String KEY = "incidentId";
    /** Global secondary index: change signature → createdAt, for the analyzer's history of similar incidents. */
    public static final String BY_SIGNATURE = "bySignature";
    static final String SIGNATURE = "signature";
    static final String CREATED_AT = "createdAt";

    /** Attributes a transition may set besides state, version and timeline. */
    public enum Field {
        classification, plan, beforeImage, steps, outcome, remaining, diff, approval, adoption, compensations, signature, similar
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final ObjectMapper json;
    private final Clock clock;

    public IncidentStore(DynamoDbClient dynamo, String table, ObjectMapper json, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.json = json;
        this.clock = clock;
    }

    public TransactWriteItem create(Incident incident) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(KEY, s(incident.incidentId()));
        item.put("correlationId", s(incident.correlationId()));
        item.put("resourceKey", s(incident.resource().key()));
        item.put("resource", s(write(incident.resource())));
        item.put("state", s(incident.state().name()));
        item.put("version", n(incident.version()));
        item.put(CREATED_AT, n(incident.createdAt().toEpochMilli()));
        item.put("updatedAt", n(incident.updatedAt().toEpochMilli()));
        item.put("trigger", s(write(incident.trigger())));
        item.put("diff", s(write(incident.diff())));
        item.put("suppressed", n(incident.suppressed()));
        item.put("timeline", Attrs.list(incident.timeline().stream().map(this::write).toList()));
        if (!incident.ledger().isEmpty()) {
            item.put(IncidentLedger.ATTRIBUTE, Attrs.list(incident.ledger().stream().map(this::write).toList()));
        }
        // The optional parts, stored exactly as transition() stores them, so find() returns what was created.
        putIfPresent(item, Field.classification, incident.classification());
        putIfPresent(item, Field.plan, incident.plan());
        putIfPresent(item, Field.beforeImage, incident.beforeImage());
        putIfPresent(item, Field.steps, incident.steps());
        putIfPresent(item, Field.outcome, incident.outcome());
        putIfPresent(item, Field.remaining, incident.remaining());
        putIfPresent(item, Field.approval, incident.approval());
        putIfPresent(item, Field.adoption, incident.adoption());
        if (!incident.compensations().isEmpty()) {
            putIfPresent(item, Field.compensations, incident.compensations());
        }
        if (NotificationOutbox.NOTIFIABLE.contains(incident.state())) {
            item.putAll(NotificationOutbox.pendingOnCreate(incident.createdAt(), write(
                    new PendingNotice(incident.state(), incident.createdAt()))));
        }
        putIfPresent(item, Field.signature, incident.signature());
        if (!incident.similar().isEmpty()) {
            putIfPresent(item, Field.similar, incident.similar());
        }
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                        .conditionExpression("attribute_not_exists(" + KEY + ")").build())
                .build();
    }

    private void putIfPresent(Map<String, AttributeValue> item, Field field, Object value) {
        if (value != null) {
            item.put(field.name(), s(value instanceof String str ? str : write(value)));
        }
    }

    /**
     * Moves {@code current} to {@code next}, conditional on the version we read.
     *
     * @throws IllegalStateException when {@code next} is not after the current state (a caller bug, not a race)
     */
    public TransactWriteItem transition(Incident current, IncidentState next, TimelineEntry entry, Map<Field, Object> fields) {
        if (!next.isAfter(current.state())) {
            throw new IllegalStateException("incident " + current.incidentId() + " cannot move from " + current.state() + " to " + next);
        }
        StringBuilder update = new StringBuilder("SET #state = :next, version = :newVersion, updatedAt = :now, "
                + "timeline = list_append(if_not_exists(timeline, :empty), :entry)");
        Map<String, String> names = new HashMap<>(Map.of("#state", "state"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":next", s(next.name()),
                ":newVersion", n(current.version() + 1),
                ":version", n(current.version()),
                ":now", n(clock.millis()),
                ":empty", AttributeValue.fromL(List.of()),
                ":entry", Attrs.list(List.of(write(entry)))));
        if (NotificationOutbox.NOTIFIABLE.contains(next)) {
            // Same item, same write: the notification is pending exactly when the state change is durable.
            update.append(NotificationOutbox.PENDING_ON_TRANSITION);
            names.putAll(NotificationOutbox.PENDING_NAMES);
            values.putAll(NotificationOutbox.pendingValues(write(new PendingNotice(next, entry.at() != null ? entry.at()
                    : java.time.Instant.ofEpochMilli(clock.millis()))), clock.millis()));
        }
        fields.forEach((field, value) -> {
            update.append(", #f_").append(field.name()).append(" = :f_").append(field.name());
            names.put("#f_" + field.name(), field.name());
            values.put(":f_" + field.name(), s(value instanceof String str ? str : write(value)));
        });
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                        .key(Map.of(KEY, s(current.incidentId())))
                        .updateExpression(update.toString())
                        .conditionExpression("version = :version")
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(values)
                        .build())
                .build();
    }

    /** Folds one more trigger into an open (or cooling-down) incident. */
    public TransactWriteItem addSuppressed(String incidentId) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                        .key(Map.of(KEY, s(incidentId)))
                        .updateExpression("ADD suppressed :one")
                        .conditionExpression("attribute_exists(" + KEY + ")")
                        .expressionAttributeValues(Map.of(":one", n(1)))
                        .build())
                .build();
    }

    public Optional<Incident> find(String incidentId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(Map.of(KEY, s(incidentId))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(read(item));
    }

    /** Newest first. A scan: fine for an operator's view of a few thousand incidents, not for hot paths. */
    public List<Incident> recent(int limit) {
        List<Incident> all = new ArrayList<>();
        dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(i -> all.add(read(i)));
        all.sort(Comparator.comparing(Incident::createdAt).reversed());
        return all.size() > limit ? all.subList(0, limit) : all;
    }

    /**
     * The newest {@code limit} incidents with this change signature created before {@code before}, newest first — from
     * the {@link #BY_SIGNATURE} index, so the cost does not grow with the table. Index reads are eventually
     * consistent: an incident analyzed a moment ago may be missing, which only makes the history one entry shorter.
     */
    public List<Incident> similar(String signature, Instant before, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        List<Incident> out = new ArrayList<>();
        for (var page : dynamo.queryPaginator(b -> b.tableName(table).indexName(BY_SIGNATURE)
                .keyConditionExpression("#sig = :sig AND #created < :before")
                .expressionAttributeNames(Map.of("#sig", SIGNATURE, "#created", CREATED_AT))
                .expressionAttributeValues(Map.of(":sig", s(signature), ":before", n(before.toEpochMilli())))
                .scanIndexForward(false)
                .limit(limit))) {
            for (Map<String, AttributeValue> item : page.items()) {
                out.add(read(item));
                if (out.size() == limit) {
                    return out;
                }
            }
        }
        return out;
    }

    public List<Incident> forResource(String resourceKey) {
        return recent(Integer.MAX_VALUE).stream().filter(i -> i.resource().key().equals(resourceKey)).toList();
    }

    private Incident read(Map<String, AttributeValue> item) {
        return new Incident(
                Attrs.str(item, KEY).orElseThrow(),
                Attrs.str(item, "correlationId").orElse(null),
                read(item, "resource", new TypeReference<ResourceRef>() {}),
                IncidentState.valueOf(Attrs.str(item, "state").orElseThrow()),
                Attrs.num(item, "version", 0),
                Instant.ofEpochMilli(Attrs.num(item, "createdAt", 0)),
                Instant.ofEpochMilli(Attrs.num(item, "updatedAt", 0)),
                read(item, "trigger", new TypeReference<Trigger>() {}),
                orEmpty(read(item, "diff", new TypeReference<List<FieldDiff>>() {})),
                read(item, "classification", new TypeReference<Classification>() {}),
                read(item, "plan", new TypeReference<StoredPlan>() {}),
                read(item, "beforeImage", new TypeReference<LinkedHashMap<String, String>>() {}),
                orEmpty(read(item, "steps", new TypeReference<List<StepResult>>() {})),
                Attrs.str(item, "outcome").orElse(null),
                orEmpty(read(item, "remaining", new TypeReference<List<FieldDiff>>() {})),
                Attrs.num(item, "suppressed", 0),
                Attrs.strings(item, "timeline").stream().map(t -> parse(t, new TypeReference<TimelineEntry>() {})).toList(),
                Attrs.strings(item, IncidentLedger.ATTRIBUTE).stream().map(t -> parse(t, new TypeReference<LedgerEntry>() {})).toList(),
                read(item, "approval", new TypeReference<Approval>() {}),
                read(item, "adoption", new TypeReference<io.homeostat.runtime.gitops.Proposal>() {}),
                orEmpty(read(item, "compensations", new TypeReference<List<StepResult>>() {})),
                Attrs.str(item, SIGNATURE).orElse(null),
                orEmpty(read(item, "similar", new TypeReference<List<SimilarIncident>>() {})));
    }

    /** The notifications still to send for this incident item (see {@link NotificationOutbox}). */
    List<PendingNotice> pendingNotices(Map<String, AttributeValue> item) {
        return Attrs.strings(item, NotificationOutbox.PENDING).stream().map(t -> parse(t, new TypeReference<PendingNotice>() {})).toList();
    }

    Incident fromItem(Map<String, AttributeValue> item) {
        return read(item);
    }

    String table() {
        return table;
    }

    DynamoDbClient dynamo() {
        return dynamo;
    }

    private <T> T read(Map<String, AttributeValue> item, String name, TypeReference<T> type) {
        return Attrs.str(item, name).map(v -> parse(v, type)).orElse(null);
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private <T> T parse(String value, TypeReference<T> type) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt incident attribute: " + e.getOriginalMessage(), e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value, e);
        }
    }
}
