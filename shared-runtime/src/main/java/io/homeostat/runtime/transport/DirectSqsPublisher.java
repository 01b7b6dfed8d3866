package io.homeostat.runtime.transport;

import io.homeostat.model.envelope.EventCodec;
import io.homeostat.model.envelope.EventEnvelope;
import io.homeostat.runtime.tracing.MessageTracing;
import java.util.LinkedHashMap;
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

    /** detail-type, the correlation id, and the current trace context (W3C) so the consumer's span joins the trace. */
    static Map<String, MessageAttributeValue> attributes(EventEnvelope envelope) {
        Map<String, MessageAttributeValue> attrs = new LinkedHashMap<>();
        attrs.put("detail-type", text(envelope.detailType()));
        var correlation = envelope.detail().path("correlationId").asText("");
        if (!correlation.isEmpty()) {
            attrs.put("correlationId", text(correlation));
        }
        attrs.putAll(MessageTracing.currentContextAttributes());
        return attrs;
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
