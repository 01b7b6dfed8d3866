package io.homeostat.e2e;

import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** An outside user changing managed queues, and AWS reporting each change to the detector as a CloudTrail event. */
public final class Tampering implements AutoCloseable {

    private final SqsClient cloud;
    private final SqsClient control;
    private final String detectorQueue;

    public Tampering(Pipeline pipeline) {
        this.cloud = Clients.sqs(pipeline.endpoints.cloud(), "mallory");
        this.control = Clients.sqs(pipeline.endpoints.controlSqs(), "aws-eventbridge");
        this.detectorQueue = control.getQueueUrl(b -> b.queueName("homeostat-detector")).queueUrl();
    }

    /** Sets the queue's VisibilityTimeout to 99 (desired: 30) and delivers the CloudTrail event once. */
    public void tamperAndReport(String queue) {
        tamperAndReport(queue, 1);
    }

    /** The same, with the one CloudTrail event delivered {@code deliveries} times (same body, same eventID). */
    void tamperAndReport(String queue, int deliveries) {
        String url = cloud.getQueueUrl(b -> b.queueName(queue)).queueUrl();
        cloud.setQueueAttributes(b -> b.queueUrl(url).attributesWithStrings(Map.of("VisibilityTimeout", "99")));
        String event = CloudTrailEvents.sqsCall("SetQueueAttributes", url, CloudTrailEvents.MALLORY_ARN, "AKIAMALLORY");
        for (int i = 0; i < deliveries; i++) {
            control.sendMessage(b -> b.queueUrl(detectorQueue).messageBody(event));
        }
    }

    String visibilityTimeout(String queue) {
        String url = cloud.getQueueUrl(b -> b.queueName(queue)).queueUrl();
        return cloud.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT))
                .attributes().get(QueueAttributeName.VISIBILITY_TIMEOUT);
    }

    @Override
    public void close() {
        cloud.close();
        control.close();
    }
}
