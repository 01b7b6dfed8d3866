package io.homeostat.e2e;

import java.time.Instant;
import java.util.UUID;

/** CloudTrail management events as EventBridge forwards them ("AWS API Call via CloudTrail"). */
final class CloudTrailEvents {

    static final String MALLORY_ARN = "arn:aws:iam::123456789012:user/mallory";

    private CloudTrailEvents() {}

    static String sqsCall(String eventName, String queueUrl, String principalArn, String accessKeyId) {
        String now = Instant.now().toString();
        return """
                {"version":"0","id":"%s","detail-type":"AWS API Call via CloudTrail","source":"aws.sqs",
                 "account":"123456789012","time":"%s","region":"us-east-1","resources":[],
                 "detail":{"eventVersion":"1.08","eventID":"%s","eventTime":"%s","eventSource":"sqs.amazonaws.com",
                   "eventName":"%s","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.7","userAgent":"aws-cli/2.15.0",
                   "userIdentity":{"type":"IAMUser","arn":"%s","accessKeyId":"%s","accountId":"123456789012"},
                   "requestParameters":{"queueUrl":"%s"},"responseElements":null,"readOnly":false,
                   "eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"123456789012"}}"""
                .formatted(UUID.randomUUID(), now, UUID.randomUUID(), now, eventName, principalArn, accessKeyId, queueUrl);
    }
}
