package io.homeostat.verifier.notify;

import java.util.Map;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/** Publishes to the control plane's SNS topic, the transition as a message attribute (for subscription filters). */
public final class SnsChannel implements NotificationChannel {

    /** SNS refuses messages over 256 KB; ours are far smaller, but a huge timeline must not block the queue. */
    private static final int MAX_CHARS = 200_000;

    private final SnsClient sns;
    private final String topicArn;

    public SnsChannel(SnsClient sns, String topicArn) {
        this.sns = sns;
        this.topicArn = topicArn;
    }

    @Override
    public String name() {
        return "sns";
    }

    @Override
    public void send(Notification n) {
        String text = n.text().length() <= MAX_CHARS ? n.text() : n.text().substring(0, MAX_CHARS) + "\n… (cut)";
        sns.publish(b -> b.topicArn(topicArn).subject(n.subject()).message(text)
                .messageAttributes(Map.of("transition", MessageAttributeValue.builder().dataType("String").stringValue(n.transition()).build())));
    }
}
