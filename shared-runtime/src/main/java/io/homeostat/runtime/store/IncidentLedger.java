package io.homeostat.runtime.store;

import static io.homeostat.runtime.store.Attrs.s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The append-only ledger of cloud calls on an incident ({@code ledger}, a list of JSON strings). Each call is appended
 * with {@code list_append} before it is made and completed in place afterwards — on the condition that the element at
 * that index is still exactly what was appended, so a completion can never overwrite another call's entry. Entries
 * are never removed or reordered.
 *
 * <p>These writes are not part of the consumer's transaction on purpose: the ledger must record what was attempted
 * even when the decision that follows is never committed (a crash, a lost race).
 */
public final class IncidentLedger {

    static final String ATTRIBUTE = "ledger";

    private final DynamoDbClient dynamo;
    private final String table;
    private final ObjectMapper json;

    public IncidentLedger(DynamoDbClient dynamo, String table, ObjectMapper json) {
        this.dynamo = dynamo;
        this.table = table;
        this.json = json;
    }

    /** A call about to be made, recorded at the end of the ledger. */
    public record Pending(String incidentId, int index, String written) {}

    /** Appends {@code entry} (usually {@link LedgerEntry#CALLING}) and returns where it landed. */
    public Pending append(String incidentId, LedgerEntry entry) {
        String written = write(entry);
        Map<String, AttributeValue> after = dynamo.updateItem(b -> b.tableName(table)
                .key(Map.of(IncidentStore.KEY, s(incidentId)))
                .updateExpression("SET #l = list_append(if_not_exists(#l, :empty), :entry)")
                .conditionExpression("attribute_exists(" + IncidentStore.KEY + ")")
                .expressionAttributeNames(Map.of("#l", ATTRIBUTE))
                .expressionAttributeValues(Map.of(":empty", AttributeValue.fromL(List.of()), ":entry", Attrs.list(List.of(written))))
                .returnValues(ReturnValue.UPDATED_NEW)).attributes();
        List<AttributeValue> ledger = after.get(ATTRIBUTE).l();
        // Find our element from the end: another writer may append concurrently (a redelivered plan on a second replica).
        for (int i = ledger.size() - 1; i >= 0; i--) {
            if (written.equals(ledger.get(i).s())) {
                return new Pending(incidentId, i, written);
            }
        }
        throw new IllegalStateException("ledger entry " + entry.callId() + " not found after appending it");
    }

    /** Replaces the pending entry with its outcome. */
    public void complete(Pending pending, LedgerEntry outcome) {
        String index = "#l[" + pending.index() + "]";
        dynamo.updateItem(b -> b.tableName(table)
                .key(Map.of(IncidentStore.KEY, s(pending.incidentId())))
                .updateExpression("SET " + index + " = :done")
                .conditionExpression(index + " = :pending")
                .expressionAttributeNames(Map.of("#l", ATTRIBUTE))
                .expressionAttributeValues(Map.of(":done", s(write(outcome)), ":pending", s(pending.written()))));
    }

    private String write(LedgerEntry entry) {
        try {
            return json.writeValueAsString(entry);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise ledger entry " + entry.callId(), e);
        }
    }
}
