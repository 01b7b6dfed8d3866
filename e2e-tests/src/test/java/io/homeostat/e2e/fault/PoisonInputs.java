package io.homeostat.e2e.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Inputs that must never crash a consumer: real CloudTrail events from public rule suites (valid, odd, or not JSON at
 * all), malformed JSON, payloads of a schema version no consumer knows, and a message of SQS's maximum size.
 */
public final class PoisonInputs {

    /** SQS's maximum message size (256 KiB). */
    public static final int SQS_MAX_BYTES = 256 * 1024;

    /** Which of our events each consumer takes, by the queue's logical name. */
    public static final Map<String, String> DETAIL_TYPE_BY_QUEUE = Map.of(
            "analyzer", "drift.detected",
            "planner", "incident.analyzed",
            "executor", "plan.ready",
            "verifier", "recovery.executed");

    private static final ObjectMapper JSON = new ObjectMapper();

    private PoisonInputs() {}

    /**
     * Every event of every corpus file in {@code testdata/cloudtrail} (not {@code labels.jsonl}, which holds labels),
     * as the message body it was published as: JSON text, or the raw string for events kept because they are not JSON.
     */
    public static List<String> cloudTrailCorpus(Path corpusDir) {
        List<String> bodies = new ArrayList<>();
        try (Stream<Path> files = Files.list(corpusDir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl") && !f.endsWith("labels.jsonl")).sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode event = JSON.readTree(line).path("event");
                    bodies.add(event.isTextual() ? event.asText() : JSON.writeValueAsString(event));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CloudTrail corpus in " + corpusDir, e);
        }
        if (bodies.isEmpty()) {
            throw new IllegalStateException("no corpus events found in " + corpusDir);
        }
        return bodies;
    }

    /** Broken JSON of a few kinds: cut short, not JSON, an array, empty object. */
    public static List<String> malformed() {
        return List.of("{\"version\":\"0\",\"id\":\"cut-short\",\"detail-type\":", "this is not json", "[1,2,3]", "{}");
    }

    /**
     * The golden v1 envelope of the event {@code queue} consumes, with a fresh incident and {@code schemaVersion} 999:
     * valid in every other respect, so only the version can be the reason it is refused.
     */
    public static String unknownSchemaVersion(Path goldenDir, String queue) {
        String type = DETAIL_TYPE_BY_QUEUE.get(queue);
        try {
            ObjectNode envelope = (ObjectNode) JSON.readTree(goldenDir.resolve("v1").resolve(type + ".json").toFile());
            String incident = UUID.randomUUID().toString();
            envelope.put("id", UUID.randomUUID().toString());
            ObjectNode detail = (ObjectNode) envelope.get("detail");
            detail.put("schemaVersion", 999).put("incidentId", incident).put("correlationId", incident);
            return JSON.writeValueAsString(envelope);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the golden " + type + " in " + goldenDir, e);
        }
    }

    /**
     * A CloudTrail event (EventBridge-shaped) padded with a long user agent to exactly {@code bytes} bytes — valid and
     * about a queue nobody manages, so its right outcome is "ignored", however big.
     */
    public static String maxSizeCloudTrailEvent(int bytes) {
        String head = """
                {"version":"0","id":"%s","detail-type":"AWS API Call via CloudTrail","source":"aws.sqs","account":"123456789012",\
                "time":"2026-11-23T01:00:00Z","region":"us-east-1","resources":[],"detail":{"eventVersion":"1.08","eventID":"%s",\
                "eventTime":"2026-11-23T01:00:00Z","eventSource":"sqs.amazonaws.com","eventName":"SetQueueAttributes",\
                "awsRegion":"us-east-1","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::123456789012:user/big"},\
                "requestParameters":{"queueUrl":"http://127.0.0.1/123456789012/nobody-manages-this"},"userAgent":"\
                """.formatted(UUID.randomUUID(), UUID.randomUUID());
        String tail = "\"}}";
        return head + "x".repeat(bytes - head.length() - tail.length()) + tail;
    }

    /** Not JSON at all, {@code bytes} long: the DLQ copy of it cannot also carry the reason within SQS's limit. */
    public static String maxSizeGarbage(int bytes) {
        return "<" + "x".repeat(bytes - 1);
    }
}
