package io.homeostat.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.homeostat.model.envelope.EventCodec;
import io.homeostat.model.envelope.EventEnvelope;
import io.homeostat.model.envelope.InvalidEventException;
import io.homeostat.model.envelope.UnsupportedSchemaVersionException;
import io.homeostat.model.events.EventType;
import io.homeostat.model.events.IncidentEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every event type, every schema version: the wire format is pinned by files, not by whatever the code writes today. */
class GoldenJsonTest {

    private final EventCodec codec = new EventCodec();

    static Stream<String> goldens() {
        return Samples.goldens().keySet().stream();
    }

    static Stream<EventType> types() {
        return Stream.of(EventType.values());
    }

    @ParameterizedTest(name = "{0} reads into its sample record")
    @MethodSource("goldens")
    void everyGoldenReadsIntoItsRecord(String golden) throws IOException {
        EventEnvelope envelope = codec.readEnvelope(golden(golden + ".json"));
        IncidentEvent payload = codec.readPayload(envelope);
        assertEquals(Samples.goldens().get(golden), payload);
        assertEquals(golden.substring(golden.indexOf('/') + 1), envelope.detailType());
    }

    @ParameterizedTest(name = "{0}: every schema version has a golden, the newest is what the record writes")
    @MethodSource("types")
    void recordWritesTheNewestGolden(EventType type) throws IOException {
        for (int v = 1; v <= type.currentVersion(); v++) {
            assertTrue(Samples.goldens().containsKey("v" + v + "/" + type.detailType()),
                    "missing golden v" + v + "/" + type.detailType() + ".json and its sample");
        }
        String newest = "v" + type.currentVersion() + "/" + type.detailType();
        IncidentEvent sample = Samples.goldens().get(newest);
        EventEnvelope written = codec.wrap(sample, "00000000-0000-0000-0000-000000000001", "homeostat.test",
                "123456789012", "us-east-1", Instant.parse("2026-11-23T01:00:00Z"));
        JsonNode expected = codec.mapper().readTree(golden(newest + ".json"));
        assertEquals(expected, codec.mapper().readTree(codec.write(written)));
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of("future schema version", "invalid/future-version.json", "schemaVersion 99 is not supported"),
                Arguments.of("no schema version", "invalid/no-version.json", "no integer 'schemaVersion'"),
                Arguments.of("unknown payload field", "invalid/unknown-field.json", "at 'resourse'"),
                Arguments.of("missing required field", "invalid/missing-incident.json", "missing required field 'incidentId'"),
                Arguments.of("wrong type", "invalid/wrong-type.json", "at 'classification.severity'"),
                Arguments.of("unknown detail-type", "invalid/unknown-type.json", "unknown detail-type 'drift.exploded'"),
                Arguments.of("unknown envelope field", "invalid/unknown-envelope-field.json", "unknown field(s) [detial]"),
                Arguments.of("malformed JSON", "invalid/malformed.json", "malformed JSON at line 3"));
    }

    @ParameterizedTest(name = "{0} is rejected with a reason")
    @MethodSource("rejected")
    void rejectsWithAReasonNamingWhatAndWhere(String name, String file, String reasonContains) throws IOException {
        String json = golden(file);
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> codec.readPayload(codec.readEnvelope(json)));
        assertTrue(e.getMessage().contains(reasonContains), () -> "reason was: " + e.getMessage());
    }

    @Test
    void futureVersionHasItsOwnExceptionType() throws IOException {
        String json = golden("invalid/future-version.json");
        assertThrows(UnsupportedSchemaVersionException.class, () -> codec.readPayload(codec.readEnvelope(json)));
    }

    @Test
    void cloudTrailEnvelopeParsesWithItsDetailLeftAsData() {
        String json = """
                {"version":"0","id":"6f87d04b-9f74-4f04-a780-7acf4b0a9b38","detail-type":"AWS API Call via CloudTrail",
                 "source":"aws.sqs","account":"123456789012","time":"2026-11-23T01:00:00Z","region":"us-east-1",
                 "resources":[],"detail":{"eventName":"SetQueueAttributes","anything":{"goes":"here"}}}""";
        EventEnvelope e = codec.readEnvelope(json);
        assertEquals(EventType.CLOUDTRAIL_DETAIL_TYPE, e.detailType());
        assertEquals("SetQueueAttributes", e.detail().get("eventName").asText());
        assertThrows(InvalidEventException.class, () -> codec.readPayload(e));
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = GoldenJsonTest.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new IOException("missing golden file " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
