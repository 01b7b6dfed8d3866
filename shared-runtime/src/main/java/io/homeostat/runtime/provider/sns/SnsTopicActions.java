package io.homeostat.runtime.provider.sns;

import io.homeostat.runtime.provider.TypedAction;
import java.util.Map;
import java.util.Set;

/** The fixed catalogue of actions the SNS topic provider can run. Nothing else can be executed against a topic. */
public final class SnsTopicActions {

    public static final String TYPE = "aws.sns.topic";
    public static final String CREATE_TOPIC = TYPE + "/CreateTopic";
    public static final String SET_TOPIC_ATTRIBUTES = TYPE + "/SetTopicAttributes";
    public static final String TAG_RESOURCE = TYPE + "/TagResource";
    public static final String UNTAG_RESOURCE = TYPE + "/UntagResource";

    /** Parameter keys: {@code topicName}, {@code region}, {@code attribute.<Name>}, {@code tag.<Key>}, {@code untag.<Key>}. */
    public static final String TOPIC_NAME = "topicName";
    public static final String REGION = "region";
    public static final String ATTRIBUTE = "attribute.";
    public static final String TAG = "tag.";
    public static final String UNTAG = "untag.";

    private SnsTopicActions() {}

    /** Creates the topic with its attributes and tags; an existing topic gets the attributes and tags set instead. */
    public record CreateTopic(String region, String topicName, Map<String, String> attributes, Map<String, String> tags) implements TypedAction {
        public CreateTopic {
            attributes = Map.copyOf(attributes);
            tags = Map.copyOf(tags);
        }

        public String name() {
            return CREATE_TOPIC;
        }
    }

    /** One attribute, as the SetTopicAttributes API takes them. */
    public record SetTopicAttributes(String region, String topicName, String attributeName, String attributeValue) implements TypedAction {
        public String name() {
            return SET_TOPIC_ATTRIBUTES;
        }
    }

    public record TagResource(String region, String topicName, Map<String, String> tags) implements TypedAction {
        public TagResource {
            tags = Map.copyOf(tags);
        }

        public String name() {
            return TAG_RESOURCE;
        }
    }

    public record UntagResource(String region, String topicName, Set<String> tagKeys) implements TypedAction {
        public UntagResource {
            tagKeys = Set.copyOf(tagKeys);
        }

        public String name() {
            return UNTAG_RESOURCE;
        }
    }
}
