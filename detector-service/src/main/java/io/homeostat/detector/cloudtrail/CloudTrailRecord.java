package io.homeostat.detector.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import io.homeostat.model.envelope.InvalidEventException;

/**
 * The fields of a CloudTrail record the detector uses, read leniently (AWS adds fields over time; real logs have
 * nulls and odd shapes). Every value is untrusted text from whoever made the call: shown, compared, never run.
 */
public record CloudTrailRecord(
        String eventId,
        String eventSource,
        String eventName,
        boolean readOnly,
        String errorCode,
        String principalArn,
        String accessKeyId,
        String sourceIp,
        String userAgent,
        String eventTime,
        String region,
        String account,
        JsonNode requestParameters) {

    public static CloudTrailRecord from(JsonNode detail) {
        if (detail == null || !detail.isObject()) {
            throw new InvalidEventException("CloudTrail detail is not a JSON object");
        }
        String source = text(detail, "eventSource");
        String name = text(detail, "eventName");
        if (source == null || name == null) {
            throw new InvalidEventException("CloudTrail detail lacks eventSource/eventName");
        }
        JsonNode identity = detail.path("userIdentity");
        JsonNode readOnly = detail.path("readOnly");
        return new CloudTrailRecord(
                text(detail, "eventID"),
                source,
                name,
                readOnly.isBoolean() ? readOnly.asBoolean() : "true".equalsIgnoreCase(readOnly.asText("")) || looksReadOnly(name),
                text(detail, "errorCode"),
                text(identity, "arn"),
                text(identity, "accessKeyId"),
                text(detail, "sourceIPAddress"),
                text(detail, "userAgent"),
                text(detail, "eventTime"),
                text(detail, "awsRegion"),
                text(detail, "recipientAccountId"),
                detail.path("requestParameters"));
    }

    /** Records without a readOnly flag (older logs): go by the verb, as CloudTrail itself does. */
    private static boolean looksReadOnly(String eventName) {
        return eventName.startsWith("Get") || eventName.startsWith("List") || eventName.startsWith("Describe")
                || eventName.startsWith("Head") || eventName.startsWith("Lookup");
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
    }
}
