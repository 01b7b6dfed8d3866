package io.homeostat.detector.cloudtrail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.homeostat.model.envelope.EventCodec;
import io.homeostat.model.envelope.EventEnvelope;
import io.homeostat.model.envelope.InvalidEventException;
import io.homeostat.model.events.EventType;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CloudTrailInputTest {

    private static final String RECORD = """
            {"eventVersion":"1.08","eventID":"e-1","eventTime":"2026-11-23T01:00:00Z","eventSource":"sqs.amazonaws.com",
             "eventName":"SetQueueAttributes","awsRegion":"eu-west-1","recipientAccountId":"111122223333",
             "requestParameters":{"queueUrl":"https://sqs.eu-west-1.amazonaws.com/111122223333/orders"}}""";

    private final EventCodec codec = new EventCodec();

    @Test
    void aRawRecordIsWrappedWithItsOwnIdsAndPlace() {
        EventEnvelope e = CloudTrailInput.decode(RECORD, codec);
        assertEquals(EventType.CLOUDTRAIL_DETAIL_TYPE, e.detailType());
        assertEquals("e-1", e.id(), "the CloudTrail eventID, so a record seen twice is one event");
        assertEquals("aws.sqs", e.source());
        assertEquals("111122223333", e.account());
        assertEquals("eu-west-1", e.region());
        assertEquals("SetQueueAttributes", e.detail().get("eventName").asText());
        assertFalse(CloudTrailInput.isLogFile(e));
    }

    @Test
    void aLogFileIsCarriedWholeForTheHandlerToSplit() {
        EventEnvelope e = CloudTrailInput.decode("{\"Records\":[" + RECORD + "," + RECORD.replace("e-1", "e-2") + "]}", codec);
        assertTrue(CloudTrailInput.isLogFile(e));
        assertEquals(2, e.detail().get("Records").size());
        assertEquals(EventType.CLOUDTRAIL_DETAIL_TYPE, e.detailType());
    }

    @Test
    void anEventBridgeEventIsReadStrictlyAsAnEnvelope() {
        String wrapped = "{\"version\":\"0\",\"id\":\"eb-1\",\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.sqs\","
                + "\"account\":\"111122223333\",\"time\":\"2026-11-23T01:00:00Z\",\"region\":\"eu-west-1\",\"resources\":[],\"detail\":"
                + RECORD + "}";
        EventEnvelope e = CloudTrailInput.decode(wrapped, codec);
        assertEquals("eb-1", e.id());
        assertEquals("e-1", e.detail().get("eventID").asText());
        InvalidEventException bad = assertThrows(InvalidEventException.class,
                () -> CloudTrailInput.decode(wrapped.replace("\"resources\"", "\"resourcez\""), codec));
        assertTrue(bad.getMessage().contains("resourcez"), bad.getMessage());
    }

    @Test
    void aRecordWithoutAnEventIdGetsAStableOne() {
        String noId = RECORD.replace("\"eventID\":\"e-1\",", "");
        assertEquals(CloudTrailInput.decode(noId, codec).id(), CloudTrailInput.decode(noId, codec).id());
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                arguments("malformed JSON names the place", "{\"eventSource\": oops}", "line 1, column"),
                arguments("an array is not an event", "[1,2]", "must be a JSON object"),
                arguments("empty body", "", "must be a JSON object"),
                arguments("Records that is not an array", "{\"Records\":{}}", "'Records' must be an array"),
                arguments("a lookalike that is not CloudTrail", "{\"hello\":\"world\"}", "not CloudTrail"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void unreadableInputIsRejectedWithAReason(String reason, String body, String expected) {
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> CloudTrailInput.decode(body, codec));
        assertTrue(e.getMessage().contains(expected), reason + ": " + e.getMessage());
    }
}
