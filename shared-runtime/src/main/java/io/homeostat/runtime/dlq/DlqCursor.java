package io.homeostat.runtime.dlq;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Walks the messages of one DLQ without consuming them.
 *
 * <p>SQS has no "peek": a message is only seen by receiving it, which hides it for a visibility timeout. So each
 * message is received with a short {@link #HOLD_SECONDS hold} — long enough that the walk does not meet it twice, so
 * every receive brings new ones — and at the end every message the visitor did not take is made visible again at
 * once. If the process dies mid-walk, the hold simply runs out and the messages reappear: nothing is ever deleted
 * except by a visitor that took a message (replay: after its copy was sent). Nothing else consumes a DLQ, so hiding
 * its messages for a few seconds disturbs no one; a concurrent walk (another list or replay) may miss the messages
 * this one holds, which is why a replay by id says "not found" rather than guessing.
 *
 * <p>A walk visits only what was on the DLQ when it started: a message sent to it later (by SQS's own
 * {@code SentTimestamp}) is held and released like one not taken. Without that, a replayed message that fails again
 * comes back to the DLQ as a new message and the same replay meets it again, and again. (A clock far behind SQS's
 * can leave a just-arrived message for the next walk, never take one twice.)
 */
final class DlqCursor {

    private static final Logger LOG = Logger.getLogger(DlqCursor.class);
    /** Seconds a seen message stays hidden from this walk. */
    static final int HOLD_SECONDS = 30;

    /** What to do with each message; return true when the message was taken (deleted) and must not be released. */
    interface Visitor {
        boolean visit(Message message);
    }

    private final SqsClient sqs;
    private final String url;

    DlqCursor(SqsClient sqs, String url) {
        this.sqs = sqs;
        this.url = url;
    }

    /** Approximate number of visible messages; 0 lets a walk skip the queue without a receive. */
    long visibleDepth() {
        String v = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
        return v == null ? 0 : Long.parseLong(v);
    }

    /**
     * Visits messages until the queue shows no more or {@code keepGoing} says stop, then releases what was not taken.
     *
     * @return how many messages were visited
     */
    int walk(Visitor visitor, java.util.function.BooleanSupplier keepGoing) {
        if (visibleDepth() == 0) {
            return 0;
        }
        long startedAt = System.currentTimeMillis();
        Set<String> seen = new HashSet<>();
        List<Message> held = new ArrayList<>();
        try {
            while (keepGoing.getAsBoolean()) {
                // A one-second long poll asks every SQS server; a short poll samples some and may answer empty early.
                List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                        .visibilityTimeout(HOLD_SECONDS).messageAttributeNames("All")
                        .messageSystemAttributeNames(MessageSystemAttributeName.SENT_TIMESTAMP,
                                MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
                if (batch.isEmpty()) {
                    break;
                }
                boolean fresh = false;
                for (Message m : batch) {
                    if (!seen.add(m.messageId())) {
                        held.add(m); // met again (its hold ran out): release this receipt too
                        continue;
                    }
                    if (sentAfter(m, startedAt)) {
                        held.add(m); // arrived during this walk (a replayed message that failed again): not ours
                        continue;
                    }
                    fresh = true;
                    if (!keepGoing.getAsBoolean() || !visitor.visit(m)) {
                        held.add(m);
                    }
                }
                if (!fresh) {
                    break;
                }
            }
        } finally {
            release(held);
        }
        return seen.size();
    }

    private static boolean sentAfter(Message m, long millis) {
        String sent = m.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
        return sent != null && Long.parseLong(sent) > millis;
    }

    /** Makes held messages visible again now instead of after the hold. */
    private void release(List<Message> held) {
        for (int i = 0; i < held.size(); i += 10) {
            List<Message> chunk = held.subList(i, Math.min(held.size(), i + 10));
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (int j = 0; j < chunk.size(); j++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(j))
                        .receiptHandle(chunk.get(j).receiptHandle()).visibilityTimeout(0).build());
            }
            try {
                sqs.changeMessageVisibilityBatch(b -> b.queueUrl(url).entries(entries));
            } catch (RuntimeException e) {
                LOG.debugf("could not release %d message(s) on %s (%s); they reappear after %d s", chunk.size(), url,
                        e.getMessage(), HOLD_SECONDS);
            }
        }
    }
}
