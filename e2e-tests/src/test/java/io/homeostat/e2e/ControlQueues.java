package io.homeostat.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** Homeostat's own queues as an outside party sees them (AWS delivering events, an operator reading DLQs). */
final class ControlQueues implements AutoCloseable {

    private final SqsClient sqs;

    ControlQueues(Pipeline pipeline) {
        this.sqs = Clients.sqs(pipeline.endpoints.controlSqs(), "aws-eventbridge");
    }

    String url(String queue) {
        return sqs.getQueueUrl(b -> b.queueName("homeostat-" + queue)).queueUrl();
    }

    /** Sends each body as one message, ten per batch; returns the message ids in order. */
    List<String> sendAll(String queue, List<String> bodies) {
        String url = url(queue);
        List<String> ids = new ArrayList<>();
        for (int from = 0; from < bodies.size(); from += 10) {
            List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
            for (int i = from; i < Math.min(bodies.size(), from + 10); i++) {
                batch.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(bodies.get(i)).build());
            }
            var r = sqs.sendMessageBatch(b -> b.queueUrl(url).entries(batch));
            if (!r.failed().isEmpty()) {
                throw new AssertionError("sending to " + queue + " failed: " + r.failed());
            }
            r.successful().stream().sorted((a, b) -> Integer.compare(Integer.parseInt(a.id().substring(1)),
                    Integer.parseInt(b.id().substring(1)))).forEach(e -> ids.add(e.messageId()));
        }
        return ids;
    }

    String send(String queue, String body) {
        return sqs.sendMessage(b -> b.queueUrl(url(queue)).messageBody(body)).messageId();
    }

    /** Messages waiting plus messages being processed (or waiting out a backoff). */
    long inFlightOrWaiting(String queue) {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url(queue)).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return a.values().stream().mapToLong(Long::parseLong).sum();
    }

    /** Reads and deletes everything in {@code queue}'s DLQ, with message attributes. */
    List<Message> drainDeadLetters(String queue) {
        String url = url(queue + "-dlq");
        List<Message> all = new ArrayList<>();
        while (true) {
            List<Message> got = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(0)
                    .visibilityTimeout(60).messageAttributeNames("All")).messages();
            if (got.isEmpty()) {
                return all;
            }
            for (Message m : got) {
                all.add(m);
                sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        }
    }

    @Override
    public void close() {
        sqs.close();
    }
}
