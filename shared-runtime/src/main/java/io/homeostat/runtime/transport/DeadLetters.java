package io.homeostat.runtime.transport;

import io.homeostat.runtime.store.FailureLog;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Moves a message to its queue's DLQ with the reason attached as message attributes: send first, then delete, so a
 * crash in between leaves a duplicate in the DLQ, never a lost message.
 */
public final class DeadLetters {

    public static final String REASON = "homeostat-failure-reason";
    public static final String SERVICE = "homeostat-failure-service";
    public static final String ATTEMPT = "homeostat-failure-attempt";
    public static final String SOURCE_QUEUE = "homeostat-source-queue";
    public static final String FAILED_AT = "homeostat-failed-at";
    /** When the message was first dead-lettered; kept across replays, so a message failing again shows its age. */
    public static final String FIRST_FAILED_AT = "homeostat-first-failed-at";
    /** The id the message had on its source queue: the {@code homeostat-failures} record is kept under it. */
    public static final String ORIGINAL_MESSAGE_ID = "homeostat-original-message-id";
    private static final int MAX_REASON = 1024;

    private final SqsClient sqs;
    private final QueueDirectory queues;
    private final FailureLog failures;

    public DeadLetters(SqsClient sqs, QueueDirectory queues, FailureLog failures) {
        this.sqs = sqs;
        this.queues = queues;
        this.failures = failures;
    }

    public void send(String queue, String service, Message message, int attempt, String reason) {
        String shortReason = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "…" : reason;
        Map<String, MessageAttributeValue> attrs = new LinkedHashMap<>(message.messageAttributes());
        attrs.put(REASON, text(shortReason));
        attrs.put(SERVICE, text(service));
        attrs.put(ATTEMPT, MessageAttributeValue.builder().dataType("Number").stringValue(Integer.toString(attempt)).build());
        attrs.put(SOURCE_QUEUE, text(queues.physicalName(queue)));
        String now = Instant.now().toString();
        attrs.put(FAILED_AT, text(now));
        attrs.putIfAbsent(FIRST_FAILED_AT, text(now));
        attrs.put(ORIGINAL_MESSAGE_ID, text(message.messageId()));
        // SQS allows 10 attributes per message; ours come first, then as many of the originals as fit.
        Map<String, MessageAttributeValue> limited = new LinkedHashMap<>();
        attrs.entrySet().stream().sorted((a, b) -> Boolean.compare(!a.getKey().startsWith("homeostat-"), !b.getKey().startsWith("homeostat-")))
                .limit(10).forEach(e -> limited.put(e.getKey(), e.getValue()));
        failures.record(message.messageId(), queues.physicalName(queue), service, attempt, shortReason);
        sqs.sendMessage(b -> b.queueUrl(queues.dlqUrl(queue)).messageBody(message.body()).messageAttributes(limited));
        sqs.deleteMessage(b -> b.queueUrl(queues.url(queue)).receiptHandle(message.receiptHandle()));
    }

    private static MessageAttributeValue text(String v) {
        return MessageAttributeValue.builder().dataType("String").stringValue(v.isEmpty() ? "-" : v).build();
    }
}
