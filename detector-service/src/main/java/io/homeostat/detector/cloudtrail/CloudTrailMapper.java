package io.homeostat.detector.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Maps a CloudTrail write call to the managed resource it touched: {@code (type, physical name)}. Only calls that can
 * change what a provider observes are mapped; everything else is not ours to look at.
 */
public final class CloudTrailMapper {

    /** A resource named by an event. */
    public record Target(String type, String name) {}

    private static final Map<String, Set<String>> SQS_WRITES = Map.of(
            "sqs.amazonaws.com", Set.of("CreateQueue", "DeleteQueue", "SetQueueAttributes", "TagQueue", "UntagQueue",
                    "AddPermission", "RemovePermission"));

    public Optional<Target> map(CloudTrailRecord record) {
        if (SQS_WRITES.getOrDefault(record.eventSource(), Set.of()).contains(record.eventName())) {
            return queueName(record.requestParameters()).map(n -> new Target("aws.sqs.queue", n));
        }
        return Optional.empty();
    }

    /** {@code queueUrl} (https://sqs.region.amazonaws.com/account/name) or {@code queueName}. */
    private static Optional<String> queueName(JsonNode params) {
        if (params == null || !params.isObject()) {
            return Optional.empty();
        }
        String url = params.path("queueUrl").asText(params.path("QueueUrl").asText(""));
        if (!url.isEmpty()) {
            String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
            return Optional.of(trimmed.substring(trimmed.lastIndexOf('/') + 1)).filter(s -> !s.isEmpty());
        }
        String name = params.path("queueName").asText(params.path("QueueName").asText(""));
        return name.isEmpty() ? Optional.empty() : Optional.of(name);
    }
}
