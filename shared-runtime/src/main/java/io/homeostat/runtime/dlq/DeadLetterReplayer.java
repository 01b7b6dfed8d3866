package io.homeostat.runtime.dlq;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.homeostat.runtime.store.FailureLog;
import io.homeostat.runtime.transport.DeadLetters;
import io.homeostat.runtime.transport.QueueDirectory;
import io.homeostat.runtime.untrusted.UntrustedText;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Sends dead letters back to the queue they came from: SEND the copy first, then DELETE it from the DLQ. A crash in
 * between leaves the message in both places, never in neither; replaying it again is harmless because every consumer
 * deduplicates on the event's id (a second copy finds the claim COMPLETED and has no second effect).
 *
 * <p>The copy carries the original body and the message's own attributes (detail-type, correlation and trace
 * context) but not the failure attributes, so the consumer sees a fresh message with a fresh attempt count; only
 * {@code homeostat-first-failed-at} travels along, so a message that fails again still shows when it first failed.
 * Who replayed it is logged and kept on its {@code homeostat-failures} record.
 */
public final class DeadLetterReplayer {

    private static final Logger LOG = Logger.getLogger(DeadLetterReplayer.class);
    /** A long replay logs a progress line every this many messages. */
    static final int PROGRESS_EVERY = 100;

    private final SqsClient sqs;
    private final QueueDirectory queues;
    private final FailureLog failures;
    private final DeadLetterReader reader;
    private final Clock clock;

    public DeadLetterReplayer(SqsClient sqs, QueueDirectory queues, FailureLog failures, ObjectMapper json, Clock clock) {
        this.sqs = sqs;
        this.queues = queues;
        this.failures = failures;
        this.reader = new DeadLetterReader(json, failures);
        this.clock = clock;
    }

    public ReplayReport replay(DeadLetterFilter filter, String user) {
        AtomicInteger examined = new AtomicInteger();
        AtomicInteger matched = new AtomicInteger();
        AtomicInteger replayed = new AtomicInteger();
        List<String> errors = new ArrayList<>();
        LOG.infof("replay requested by %s: %s", user, filter.describe());
        for (String queue : DeadLetterInspector.selectedQueues(queues, filter)) {
            String dlqName = queues.physicalName(queue + QueueDirectory.DLQ_SUFFIX);
            String target = queues.url(queue);
            new DlqCursor(sqs, queues.dlqUrl(queue)).walk(m -> {
                examined.incrementAndGet();
                DeadLetter d = reader.read(m, queue, dlqName);
                if (!filter.matches(d, clock.instant())) {
                    return false;
                }
                matched.incrementAndGet();
                boolean taken = replayOne(m, d, queue, target, user, errors);
                if (taken && replayed.incrementAndGet() % PROGRESS_EVERY == 0) {
                    LOG.infof("replay by %s: %d replayed so far (%d examined)", user, replayed.get(), examined.get());
                }
                return taken;
            }, () -> filter.ids().isEmpty() || matched.get() < filter.ids().size());
        }
        ReplayReport report = new ReplayReport(user, examined.get(), matched.get(), replayed.get(), errors.size(), List.copyOf(errors));
        LOG.infof("replay by %s done: %d replayed, %d failed, %d matched of %d examined", user, report.replayed(),
                report.failed(), report.matched(), report.examined());
        return report;
    }

    /** Send, then delete. Returns true when the message left the DLQ. */
    private boolean replayOne(Message m, DeadLetter d, String queue, String targetUrl, String user, List<String> errors) {
        try {
            sqs.sendMessage(b -> b.queueUrl(targetUrl).messageBody(m.body()).messageAttributes(replayAttributes(m)));
        } catch (RuntimeException e) {
            errors.add(d.messageId() + ": not sent to " + queues.physicalName(queue) + ", left on the DLQ: " + e.getMessage());
            return false;
        }
        // The type and reason come from the message: quoted, so they cannot pose as our own log text.
        LOG.infof("replayed by %s: message %s (%s, reason: %s) from %s to %s", user, d.messageId(), UntrustedText.quote(d.eventType()),
                UntrustedText.quote(d.reason(), 300), d.dlq(), queues.physicalName(queue));
        try {
            sqs.deleteMessage(b -> b.queueUrl(queues.dlqUrl(queue)).receiptHandle(m.receiptHandle()));
        } catch (RuntimeException e) {
            // Sent but still on the DLQ: a later replay sends it again, which the consumer's idempotency absorbs.
            errors.add(d.messageId() + ": replayed but not removed from the DLQ (a second replay is harmless): " + e.getMessage());
            return false;
        }
        try {
            failures.recordReplay(d.originalMessageId(), user);
        } catch (RuntimeException e) {
            LOG.warnf("message %s replayed by %s, but the failure record could not be updated: %s", d.messageId(), user, e.getMessage());
        }
        return true;
    }

    /** The message's own attributes without the failure ones, keeping when it first failed. */
    static Map<String, MessageAttributeValue> replayAttributes(Message m) {
        Map<String, MessageAttributeValue> out = new LinkedHashMap<>();
        m.messageAttributes().forEach((k, v) -> {
            if (!k.startsWith("homeostat-") || k.equals(DeadLetters.FIRST_FAILED_AT)) {
                out.put(k, v);
            }
        });
        return out;
    }
}
