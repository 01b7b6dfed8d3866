package io.homeostat.runtime.store;

import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Commits a set of conditional writes atomically. A state change and the idempotency record that marks the event
 * done always travel together, so a crash can never leave one without the other.
 */
public final class StoreTransactions {

    private final DynamoDbClient dynamo;

    public StoreTransactions(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
    }

    /** @throws ConflictException when a condition failed (someone else moved first); other failures propagate */
    public void commit(List<TransactWriteItem> writes) {
        if (writes.isEmpty()) {
            return;
        }
        try {
            dynamo.transactWriteItems(b -> b.transactItems(writes));
        } catch (TransactionCanceledException e) {
            boolean conditional = e.cancellationReasons().stream()
                    .map(CancellationReason::code)
                    .anyMatch("ConditionalCheckFailed"::equals);
            if (conditional) {
                throw new ConflictException("a conditional write lost a race: " + reasons(e), e);
            }
            throw e;
        }
    }

    private static String reasons(TransactionCanceledException e) {
        return e.cancellationReasons().stream().map(r -> String.valueOf(r.code())).toList().toString();
    }
}
