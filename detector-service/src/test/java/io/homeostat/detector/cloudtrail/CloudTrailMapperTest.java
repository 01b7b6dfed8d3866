package io.homeostat.detector.cloudtrail;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.homeostat.runtime.provider.sqs.SqsQueueProvider;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.homeostat.model.envelope.InvalidEventException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Hand-written CloudTrail records: what {@link CloudTrailRecord#from} reads and what {@link CloudTrailMapper#map} names. */
class CloudTrailMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String URL = "https://sqs.us-east-1.amazonaws.com/123456789012/";

    private final CloudTrailMapper mapper = new CloudTrailMapper(Map.of("aws.sqs.queue", SqsQueueProvider.CLOUDTRAIL));

    /** A record with the given source, name, readOnly (raw JSON or null to omit) and requestParameters (raw JSON or null to omit). */
    private static String record(String source, String name, String readOnly, String params) {
        return record(source, name, readOnly, params, null);
    }

    private static String record(String source, String name, String readOnly, String params, String errorCode) {
        StringBuilder b = new StringBuilder("{\"eventVersion\":\"1.08\",\"eventID\":\"e-1\",\"eventTime\":\"2025-01-01T00:00:00Z\"");
        b.append(",\"eventSource\":\"").append(source).append("\",\"eventName\":\"").append(name).append('"');
        if (readOnly != null) {
            b.append(",\"readOnly\":").append(readOnly);
        }
        if (params != null) {
            b.append(",\"requestParameters\":").append(params);
        }
        if (errorCode != null) {
            b.append(",\"errorCode\":\"").append(errorCode).append('"');
        }
        return b.append('}').toString();
    }

    private static String url(String queue) {
        return "{\"queueUrl\":\"" + URL + queue + "\"}";
    }

    static Stream<Arguments> records() {
        String sqs = "sqs.amazonaws.com";
        return Stream.of(
                // reason, record, expected queue (null = not mapped), readOnly, errorCode
                arguments("SetQueueAttributes by queueUrl", record(sqs, "SetQueueAttributes", "false",
                        "{\"queueUrl\":\"" + URL + "orders\",\"attributes\":{\"VisibilityTimeout\":\"5\"}}"), "orders", false, null),
                arguments("DeleteQueue, no readOnly flag", record(sqs, "DeleteQueue", null, url("orders")), "orders", false, null),
                arguments("TagQueue", record(sqs, "TagQueue", "false", url("orders")), "orders", false, null),
                arguments("UntagQueue", record(sqs, "UntagQueue", "false", url("orders")), "orders", false, null),
                arguments("AddPermission", record(sqs, "AddPermission", "false", url("orders")), "orders", false, null),
                arguments("RemovePermission", record(sqs, "RemovePermission", "false", url("orders")), "orders", false, null),
                arguments("queueUrl with trailing slash", record(sqs, "SetQueueAttributes", "false", url("orders/")), "orders", false, null),
                arguments("FIFO queue name keeps its suffix", record(sqs, "SetQueueAttributes", "false", url("orders.fifo")),
                        "orders.fifo", false, null),
                arguments("QueueUrl spelled with a capital Q", record(sqs, "DeleteQueue", "false",
                        "{\"QueueUrl\":\"" + URL + "orders\"}"), "orders", false, null),
                arguments("CreateQueue names only queueName", record(sqs, "CreateQueue", "false",
                        "{\"queueName\":\"new-queue\",\"attributes\":{\"DelaySeconds\":\"0\"}}"), "new-queue", false, null),
                arguments("CreateQueue with QueueName capitalised", record(sqs, "CreateQueue", "false",
                        "{\"QueueName\":\"new-queue\"}"), "new-queue", false, null),
                arguments("errored write: errorCode carried, resource still named", record(sqs, "SetQueueAttributes", "false",
                        url("orders"), "AccessDenied"), "orders", false, "AccessDenied"),

                arguments("GetQueueAttributes readOnly=true", record(sqs, "GetQueueAttributes", "true", url("orders")), null, true, null),
                arguments("GetQueueAttributes with readOnly absent: read-only by its verb",
                        record(sqs, "GetQueueAttributes", null, url("orders")), null, true, null),
                arguments("ListQueues with readOnly absent", record(sqs, "ListQueues", null, "{}"), null, true, null),
                arguments("GetQueueUrl readOnly as string \"true\"", record(sqs, "GetQueueUrl", "\"true\"",
                        "{\"queueName\":\"orders\"}"), null, true, null),
                arguments("ReceiveMessage (data plane) is not a config write", record(sqs, "ReceiveMessage", "false", url("orders")),
                        null, false, null),

                arguments("s3 PutBucketPolicy is not ours", record("s3.amazonaws.com", "PutBucketPolicy", "false",
                        "{\"bucketName\":\"b\"}"), null, false, null),
                arguments("ec2 AuthorizeSecurityGroupIngress is not ours", record("ec2.amazonaws.com",
                        "AuthorizeSecurityGroupIngress", "false", "{\"groupId\":\"sg-1\"}"), null, false, null),
                arguments("SQS verb from another service is not ours", record("s3.amazonaws.com", "DeleteQueue", "false",
                        url("orders")), null, false, null),

                arguments("SQS write with requestParameters null", record(sqs, "SetQueueAttributes", "false", "null"), null, false, null),
                arguments("SQS write with requestParameters missing", record(sqs, "DeleteQueue", "false", null), null, false, null),
                arguments("SQS write with requestParameters a string", record(sqs, "DeleteQueue", "false", "\"" + URL + "orders\""),
                        null, false, null),
                arguments("SQS write with requestParameters an array", record(sqs, "DeleteQueue", "false", "[1,2]"), null, false, null),
                arguments("SQS write with queueUrl null", record(sqs, "DeleteQueue", "false", "{\"queueUrl\":null}"), null, false, null),
                arguments("SQS write with queueUrl an object", record(sqs, "DeleteQueue", "false", "{\"queueUrl\":{\"a\":1}}"),
                        null, false, null),
                arguments("SQS write with empty queueUrl and no name", record(sqs, "DeleteQueue", "false", "{\"queueUrl\":\"\"}"),
                        null, false, null),
                arguments("SQS write with queueUrl just a slash", record(sqs, "DeleteQueue", "false", "{\"queueUrl\":\"/\"}"),
                        null, false, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void records(String reason, String json, String expectedQueue, boolean readOnly, String errorCode) throws Exception {
        CloudTrailRecord record = CloudTrailRecord.from(JSON.readTree(json));
        Optional<CloudTrailMapper.Target> target = mapper.map(record);

        assertAll(reason,
                () -> assertEquals(Optional.ofNullable(expectedQueue).map(q -> new CloudTrailMapper.Target("aws.sqs.queue", q)),
                        target, "target"),
                () -> assertEquals(readOnly, record.readOnly(), "readOnly"),
                () -> assertEquals(errorCode, record.errorCode(), "errorCode"));
    }

    @Test
    void readsTheFieldsTheDetectorUses() throws Exception {
        CloudTrailRecord r = CloudTrailRecord.from(JSON.readTree("""
                {"eventVersion":"1.08","eventID":"3f1c","eventTime":"2025-01-01T12:00:00Z",
                 "eventSource":"sqs.amazonaws.com","eventName":"SetQueueAttributes","awsRegion":"eu-west-1",
                 "sourceIPAddress":"203.0.113.9","userAgent":"aws-cli/2.15.0","recipientAccountId":"123456789012",
                 "userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::123456789012:user/alice","accessKeyId":"AKIAEXAMPLE"},
                 "readOnly":false,"requestParameters":{"queueUrl":"https://sqs.eu-west-1.amazonaws.com/123456789012/orders"},
                 "someFieldAwsAddsLater":{"x":[1,2,3]}}
                """));

        assertAll(
                () -> assertEquals("3f1c", r.eventId()),
                () -> assertEquals("sqs.amazonaws.com", r.eventSource()),
                () -> assertEquals("SetQueueAttributes", r.eventName()),
                () -> assertEquals(false, r.readOnly()),
                () -> assertNull(r.errorCode()),
                () -> assertEquals("arn:aws:iam::123456789012:user/alice", r.principalArn()),
                () -> assertEquals("AKIAEXAMPLE", r.accessKeyId()),
                () -> assertEquals("203.0.113.9", r.sourceIp()),
                () -> assertEquals("aws-cli/2.15.0", r.userAgent()),
                () -> assertEquals("2025-01-01T12:00:00Z", r.eventTime()),
                () -> assertEquals("eu-west-1", r.region()),
                () -> assertEquals("123456789012", r.account()),
                () -> assertEquals(Optional.of(new CloudTrailMapper.Target("aws.sqs.queue", "orders")), mapper.map(r)));
    }

    static Stream<Arguments> oddIdentities() {
        return Stream.of(
                arguments("userIdentity missing", ""),
                arguments("userIdentity null", ",\"userIdentity\":null"),
                arguments("userIdentity a string", ",\"userIdentity\":\"root\""),
                arguments("userIdentity an array", ",\"userIdentity\":[{\"arn\":\"x\"}]"),
                arguments("arn an object", ",\"userIdentity\":{\"arn\":{\"nested\":true},\"accessKeyId\":null}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void oddIdentities(String reason, String identity) throws Exception {
        CloudTrailRecord r = CloudTrailRecord.from(JSON.readTree(
                "{\"eventSource\":\"sqs.amazonaws.com\",\"eventName\":\"DeleteQueue\"" + identity
                        + ",\"requestParameters\":" + url("orders") + "}"));
        assertNull(r.principalArn(), reason);
        assertNull(r.accessKeyId(), reason);
        assertEquals(Optional.of(new CloudTrailMapper.Target("aws.sqs.queue", "orders")), mapper.map(r), reason);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                arguments("eventSource missing", "{\"eventName\":\"DeleteQueue\",\"requestParameters\":" + url("orders") + "}"),
                arguments("eventName missing", "{\"eventSource\":\"sqs.amazonaws.com\"}"),
                arguments("eventSource null", "{\"eventSource\":null,\"eventName\":\"DeleteQueue\"}"),
                arguments("eventSource an object", "{\"eventSource\":{\"s\":1},\"eventName\":\"DeleteQueue\"}"),
                arguments("lower-cased keys (eventsource/eventname)",
                        "{\"eventsource\":\"sqs.amazonaws.com\",\"eventname\":\"DeleteQueue\"}"),
                arguments("empty object", "{}"),
                arguments("an array, not an object", "[{\"eventSource\":\"sqs.amazonaws.com\",\"eventName\":\"DeleteQueue\"}]"),
                arguments("a string", "\"eventSource\""),
                arguments("JSON null", "null"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void invalid(String reason, String json) throws Exception {
        JsonNode node = JSON.readTree(json);
        assertThrows(InvalidEventException.class, () -> CloudTrailRecord.from(node), reason);
    }

    @Test
    void javaNullDetailIsInvalidNotANullPointer() {
        assertThrows(InvalidEventException.class, () -> CloudTrailRecord.from(null));
        assertThrows(InvalidEventException.class, () -> CloudTrailRecord.from(JsonNodeFactory.instance.missingNode()));
    }

    // ------------------------------------------------------------- several resources per call: mapAll

    private final CloudTrailMapper all = new CloudTrailMapper(Map.of(
            "aws.sqs.queue", SqsQueueProvider.CLOUDTRAIL,
            "aws.ssm.parameter", io.homeostat.runtime.provider.ssm.SsmParameterProvider.CLOUDTRAIL,
            "aws.ec2.security-group", io.homeostat.runtime.provider.ec2.SecurityGroupProvider.CLOUDTRAIL));

    static Stream<Arguments> several() {
        String ssm = "ssm.amazonaws.com";
        String ec2 = "ec2.amazonaws.com";
        String ssmType = "aws.ssm.parameter";
        String sgType = "aws.ec2.security-group";
        return Stream.of(
                // reason, record, expected targets as type/name
                arguments("DeleteParameters names every parameter, in order", record(ssm, "DeleteParameters", "false",
                        "{\"names\":[\"/app/b\",\"/app/a\",\"/app/b\",\"\",\"/app/c\"]}"),
                        List.of(ssmType + "/" + "/app/b", ssmType + "/" + "/app/a", ssmType + "/" + "/app/c")),
                arguments("DeleteParameter names one", record(ssm, "DeleteParameter", "false", "{\"name\":\"/app/a\"}"),
                        List.of(ssmType + "//app/a")),
                arguments("CreateTags names every security group", record(ec2, "CreateTags", "false",
                        "{\"resourcesSet\":{\"items\":[{\"resourceId\":\"sg-0abc1234\"},{\"resourceId\":\"i-0123\"},"
                                + "{\"resourceId\":\"sg-0def5678\"}]},\"tagSet\":{}}"),
                        List.of(sgType + "/sg-0abc1234", sgType + "/sg-0def5678")),
                arguments("DeleteTags on one group", record(ec2, "DeleteTags", "false",
                        "{\"resourcesSet\":{\"items\":[{\"resourceId\":\"sg-0abc1234\"}]}}"), List.of(sgType + "/sg-0abc1234")),
                arguments("CreateTags on instances only", record(ec2, "CreateTags", "false",
                        "{\"resourcesSet\":{\"items\":[{\"resourceId\":\"i-0123\"}]}}"), List.of()),
                arguments("an SQS call still names one queue", record("sqs.amazonaws.com", "DeleteQueue", "false", url("orders")),
                        List.of("aws.sqs.queue/orders")),
                arguments("a call nobody maps", record("s3.amazonaws.com", "PutBucketPolicy", "false", "{\"bucketName\":\"b\"}"),
                        List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void several(String reason, String json, List<String> expected) throws Exception {
        CloudTrailRecord record = CloudTrailRecord.from(JSON.readTree(json));
        List<CloudTrailMapper.Target> targets = all.mapAll(record);
        assertEquals(expected, targets.stream().map(t -> t.type() + "/" + t.name()).toList(), reason);
        assertEquals(targets.stream().findFirst(), all.map(record), "map is the first of mapAll");
    }
}
