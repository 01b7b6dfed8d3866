package io.homeostat.runtime.transport;

import io.homeostat.model.envelope.EventCodec;
import io.homeostat.model.envelope.EventEnvelope;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** Sends each envelope straight to the queue of the consumer the routing table names. */
public final class DirectSqsPublisher implements EventPublisher {

    private final SqsClient sqs;
    private final QueueDirectory queues;
    private final EventCodec codec;

    public DirectSqsPublisher(SqsClient sqs, QueueDirectory queues, EventCodec codec) {
        this.sqs = sqs;
        this.queues = queues;
        this.codec = codec;
    }

    @Override
    public void publish(EventEnvelope envelope) {
        String queue = Routes.queueFor(envelope.detailType())
                .orElseThrow(() -> new IllegalArgumentException("no route for detail-type '" + envelope.detailType() + "'"));
        sqs.sendMessage(b -> b.queueUrl(queues.url(queue))
                .messageBody(codec.write(envelope))
                .messageAttributes(attributes(envelope)));
    }

    static Map<String, MessageAttributeValue> attributes(EventEnvelope envelope) {
        var correlation = envelope.detail().path("correlationId").asText("");
        return correlation.isEmpty()
                ? Map.of("detail-type", text(envelope.detailType()))
                : Map.of("detail-type", text(envelope.detailType()), "correlationId", text(correlation));
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
