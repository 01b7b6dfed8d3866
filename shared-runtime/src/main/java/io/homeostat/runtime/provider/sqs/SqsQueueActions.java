package io.homeostat.runtime.provider.sqs;

import io.homeostat.runtime.provider.TypedAction;
import java.util.Map;
import java.util.Set;

/** The fixed catalogue of actions the SQS queue provider can run. Nothing else can be executed against a queue. */
public final class SqsQueueActions {

    public static final String TYPE = "aws.sqs.queue";
    public static final String CREATE_QUEUE = TYPE + "/CreateQueue";
    public static final String SET_QUEUE_ATTRIBUTES = TYPE + "/SetQueueAttributes";
    public static final String TAG_QUEUE = TYPE + "/TagQueue";
    public static final String UNTAG_QUEUE = TYPE + "/UntagQueue";

    /** Parameter keys: {@code queueName}, {@code region}, {@code attribute.<Name>}, {@code tag.<Key>}, {@code untag.<Key>}. */
    public static final String QUEUE_NAME = "queueName";
    public static final String REGION = "region";
    public static final String ATTRIBUTE = "attribute.";
    public static final String TAG = "tag.";
    public static final String UNTAG = "untag.";

    private SqsQueueActions() {}

    public record CreateQueue(String region, String queueName, Map<String, String> attributes, Map<String, String> tags) implements TypedAction {
        public String name() {
            return CREATE_QUEUE;
        }
    }

    public record SetQueueAttributes(String region, String queueName, Map<String, String> attributes) implements TypedAction {
        public String name() {
            return SET_QUEUE_ATTRIBUTES;
        }
    }

    public record TagQueue(String region, String queueName, Map<String, String> tags) implements TypedAction {
        public String name() {
            return TAG_QUEUE;
        }
    }

    public record UntagQueue(String region, String queueName, Set<String> tagKeys) implements TypedAction {
        public String name() {
            return UNTAG_QUEUE;
        }
    }
}
