package io.homeostat.detector.cloudtrail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.homeostat.runtime.provider.sqs.SqsQueueProvider;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.homeostat.model.envelope.EventCodec;
import io.homeostat.model.envelope.EventEnvelope;
import io.homeostat.model.envelope.InvalidEventException;
import io.homeostat.model.events.EventType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real CloudTrail events from public rule suites ({@code shared/testdata/cloudtrail}, beside the clone): every record
 * either maps, does not map, or is rejected with {@link InvalidEventException} — never any other exception.
 */
class CloudTrailCorpusTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SQS = "aws.sqs.queue";
    private static final String FLATIRON = "flatironhealth-aws-remediation-framework.jsonl";

    private static Path dir;

    private final CloudTrailMapper mapper = new CloudTrailMapper(Map.of("aws.sqs.queue", SqsQueueProvider.CLOUDTRAIL));
    private final EventCodec codec = new EventCodec();

    @BeforeAll
    static void locate() {
        Path module = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        dir = module.resolve(Path.of("..", "..", "shared", "testdata", "cloudtrail")).normalize();
        if (!Files.isDirectory(dir) || !Files.isRegularFile(dir.resolve(FLATIRON))) {
            fail("CloudTrail test corpus not found at " + dir + " (resolved from module dir " + module
                    + " as ../../shared/testdata/cloudtrail). It lives in the 'shared' folder beside the clone; "
                    + "check it out there to run this test.");
        }
    }

    static Stream<String> files() throws IOException {
        locate();
        try (Stream<Path> s = Files.list(dir)) {
            List<String> names = s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".jsonl") && !n.equals("labels.jsonl"))
                    .sorted()
                    .toList();
            assertTrue(names.size() >= 6, "expected at least 6 event files in " + dir + ", found " + names);
            return names.stream();
        }
    }

    /** One corpus line. */
    record Line(String file, int lineNo, String id, String kind, JsonNode event) {
        String where() {
            return file + ":" + lineNo + " " + id + " (" + kind + ")";
        }
    }

    private static List<Line> lines(String file) {
        List<Line> out = new ArrayList<>();
        try {
            List<String> raw = Files.readAllLines(dir.resolve(file));
            for (int i = 0; i < raw.size(); i++) {
                if (raw.get(i).isBlank()) {
                    continue;
                }
                JsonNode line = JSON.readTree(raw.get(i));
                out.add(new Line(file, i + 1, line.path("id").asText(), line.path("kind").asText(), line.get("event")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("corpus file " + file + " is not JSON lines", e);
        }
        return out;
    }

    /** The record(s) inside one corpus event, as the README describes each kind. */
    private static List<JsonNode> records(Line line) {
        JsonNode e = line.event();
        return switch (line.kind()) {
            case "cloudtrail_records_file" -> {
                JsonNode recs = e.path("Records");
                assertTrue(recs.isArray(), line.where() + ": Records is not an array");
                List<JsonNode> list = new ArrayList<>();
                recs.forEach(list::add);
                yield list;
            }
            case "eventbridge_event" -> List.of(e.path("detail"));
            // cloudtrail_record, lookalike_non_cloudtrail, partial_or_other, sns_notification, ...: the event itself
            default -> List.of(e);
        };
    }

    enum Result { MAPPED, UNMAPPED, INVALID }

    record Tally(Map<Result, Integer> results, int envelopes, List<String> problems) {}

    private Tally run(String file) {
        Map<Result, Integer> results = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        int envelopes = 0;
        for (Line line : lines(file)) {
            if (line.kind().equals("raw_string")) {
                assertTrue(line.event().isTextual(), line.where() + ": raw_string event is not a string");
                String raw = line.event().asText();
                // what the consumer does with a message body: a clean InvalidEventException, nothing else
                try {
                    codec.readEnvelope(raw);
                    problems.add(line.where() + ": invalid JSON was accepted as an envelope");
                } catch (InvalidEventException expected) {
                    results.merge(Result.INVALID, 1, Integer::sum);
                } catch (RuntimeException e) {
                    problems.add(line.where() + ": envelope parse threw " + describe(e));
                }
                assertThrows(JsonProcessingException.class, () -> JSON.readTree(raw), line.where());
                continue;
            }
            if (line.kind().equals("eventbridge_event")) {
                envelopes++;
                checkEnvelope(line, problems);
            }
            for (JsonNode record : records(line)) {
                try {
                    CloudTrailRecord r = CloudTrailRecord.from(record);
                    Optional<CloudTrailMapper.Target> target = mapper.map(r);
                    if (target.isPresent()) {
                        String name = target.get().name();
                        if (!SQS.equals(target.get().type()) || name.isBlank() || name.contains("/")) {
                            problems.add(line.where() + ": odd target " + target.get());
                        }
                        if (!"sqs.amazonaws.com".equals(r.eventSource())) {
                            problems.add(line.where() + ": " + r.eventSource() + " mapped to " + target.get());
                        }
                    }
                    results.merge(target.isPresent() ? Result.MAPPED : Result.UNMAPPED, 1, Integer::sum);
                } catch (InvalidEventException e) {
                    if (record.path("eventSource").isTextual() && record.path("eventName").isTextual()) {
                        problems.add(line.where() + ": a record with eventSource and eventName was rejected: " + e.getMessage());
                    }
                    results.merge(Result.INVALID, 1, Integer::sum);
                } catch (RuntimeException e) {
                    problems.add(line.where() + ": " + describe(e));
                }
            }
        }
        return new Tally(results, envelopes, problems);
    }

    /** The whole EventBridge event through the consumer's strict envelope parser, then the detail as the handler reads it. */
    private void checkEnvelope(Line line, List<String> problems) {
        try {
            EventEnvelope env = codec.readEnvelope(JSON.writeValueAsString(line.event()));
            if (EventType.CLOUDTRAIL_DETAIL_TYPE.equals(env.detailType())) {
                CloudTrailRecord r = CloudTrailRecord.from(env.detail());
                mapper.map(r);
            }
        } catch (InvalidEventException expected) {
            // dead-lettered with a reason: fine
        } catch (JsonProcessingException | RuntimeException e) {
            problems.add(line.where() + ": envelope path threw " + describe(e));
        }
    }

    private static String describe(Exception e) {
        StackTraceElement top = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
        return e.getClass().getName() + ": " + e.getMessage() + (top == null ? "" : " at " + top);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void everyRecordMapsOrIsRejectedCleanly(String file) {
        Tally t = run(file);
        int processed = t.results().values().stream().mapToInt(Integer::intValue).sum();

        assertTrue(t.problems().isEmpty(), file + ": " + t.problems().size() + " problem(s):\n  "
                + String.join("\n  ", t.problems()));
        assertTrue(processed > 0, file + ": no records processed");
    }

    @Test
    void theCorpusIsBigEnoughForThisToMeanSomething() throws IOException {
        Map<Result, Integer> all = new LinkedHashMap<>();
        int envelopes = 0;
        for (String f : files().toList()) {
            Tally t = run(f);
            t.results().forEach((k, v) -> all.merge(k, v, Integer::sum));
            envelopes += t.envelopes();
        }
        int processed = all.values().stream().mapToInt(Integer::intValue).sum();
        String summary = all + ", " + envelopes + " envelopes";

        assertTrue(processed >= 650, "expected >= 650 records, processed " + processed + ": " + summary);
        assertTrue(all.getOrDefault(Result.UNMAPPED, 0) >= 500, "most real records are not SQS writes: " + summary);
        assertTrue(all.getOrDefault(Result.MAPPED, 0) >= 3, "the corpus has SQS writes that must map: " + summary);
        assertTrue(all.getOrDefault(Result.INVALID, 0) >= 5, "the corpus has unreadable inputs: " + summary);
        assertTrue(envelopes >= 40, "expected >= 40 EventBridge envelopes: " + summary);
    }

    /**
     * The S3 and security-group labels: a write the S3 provider manages (CreateBucket) maps to the labelled bucket,
     * while writes to aspects no provider compares (bucket policy, ACL) map to nothing; security-group calls map to the
     * labelled group id, or to the group name for CreateSecurityGroup (whose id only exists in the response).
     */
    @Test
    void flatironLabelledBucketAndSecurityGroupEventsMapAsTheProvidersDeclare() throws IOException {
        CloudTrailMapper all = new CloudTrailMapper(Map.of(
                "aws.sqs.queue", SqsQueueProvider.CLOUDTRAIL,
                "aws.s3.bucket", io.homeostat.runtime.provider.s3.S3BucketProvider.CLOUDTRAIL,
                "aws.ec2.security-group", io.homeostat.runtime.provider.ec2.SecurityGroupProvider.CLOUDTRAIL));
        Map<String, Line> byId = new LinkedHashMap<>();
        lines(FLATIRON).forEach(l -> byId.put(l.id(), l));
        int buckets = 0, groups = 0;
        for (String raw : Files.readAllLines(dir.resolve("labels.jsonl"))) {
            JsonNode label = raw.isBlank() ? null : JSON.readTree(raw);
            if (label == null || !label.path("file").asText().endsWith(FLATIRON)) {
                continue;
            }
            for (JsonNode res : label.path("expected_resources")) {
                String type = res.path("type").asText();
                if (!type.equals("s3_bucket") && !type.equals("security_group")) {
                    continue;
                }
                CloudTrailRecord r = CloudTrailRecord.from(records(byId.get(label.path("event_id").asText())).get(0));
                String why = label.path("test_name").asText() + " (" + r.eventName() + ")";
                Optional<CloudTrailMapper.Target> target = all.map(r);
                if (type.equals("s3_bucket")) {
                    buckets++;
                    if (r.eventName().equals("CreateBucket")) {
                        assertEquals(Optional.of(new CloudTrailMapper.Target("aws.s3.bucket", res.path("id").asText())), target, why);
                    } else {
                        assertEquals(Optional.empty(), target, why + ": not an aspect the S3 provider compares");
                    }
                } else {
                    groups++;
                    String expected = r.eventName().equals("CreateSecurityGroup")
                            ? r.requestParameters().path("groupName").asText() : res.path("id").asText();
                    assertEquals(Optional.of(new CloudTrailMapper.Target("aws.ec2.security-group", expected)), target, why);
                }
            }
        }
        assertEquals(3, buckets, "three labelled bucket events");
        assertEquals(2, groups, "two labelled security-group events");
    }

    /**
     * labels.jsonl says which resource each flatironhealth translator test maps to; where that is an SQS queue (its
     * URL), our mapper must name the same queue.
     */
    @Test
    void flatironLabelledSqsEventsMapToTheLabelledQueue() throws IOException {
        Map<String, Line> byId = new LinkedHashMap<>();
        lines(FLATIRON).forEach(l -> byId.put(l.id(), l));

        int checked = 0;
        for (String raw : Files.readAllLines(dir.resolve("labels.jsonl"))) {
            if (raw.isBlank()) {
                continue;
            }
            JsonNode label = JSON.readTree(raw);
            if (!label.path("file").asText().endsWith(FLATIRON)) {
                continue;
            }
            for (JsonNode res : label.path("expected_resources")) {
                if (!"sqs".equals(res.path("type").asText())) {
                    continue;
                }
                String eventId = label.path("event_id").asText();
                Line line = byId.get(eventId);
                assertTrue(line != null, "label names event " + eventId + " which is not in " + FLATIRON);
                String url = res.path("id").asText();
                String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
                String expected = trimmed.substring(trimmed.lastIndexOf('/') + 1);

                CloudTrailRecord r = CloudTrailRecord.from(records(line).get(0));
                String why = eventId + " (" + label.path("test_name").asText() + ", " + r.eventName() + ")";
                assertEquals(Optional.of(new CloudTrailMapper.Target(SQS, expected)), mapper.map(r), why);
                assertEquals(res.path("region").asText(), r.region(), why + " region");
                assertFalse(r.readOnly(), why + " is a write");
                checked++;
            }
        }
        assertTrue(checked >= 3, "expected at least 3 SQS labels for " + FLATIRON + ", checked " + checked);
    }

    /**
     * Every corpus event exactly as it could arrive on the detector's queue (an EventBridge event, a raw record, a
     * {"Records":[...]} file, or a broken string): it decodes into an envelope, or is rejected with a reason — never
     * any other exception. Log files decode whole (the handler splits them).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void everyEventAsAQueueBodyDecodesOrIsRejectedWithAReason(String file) {
        int decoded = 0, rejected = 0, logFiles = 0;
        for (Line line : lines(file)) {
            String body = line.event().isTextual() ? line.event().asText() : line.event().toString();
            try {
                EventEnvelope e = CloudTrailInput.decode(body, codec);
                decoded++;
                if (CloudTrailInput.isLogFile(e)) {
                    logFiles++;
                    assertTrue(e.detail().get("Records").isArray(), line.where());
                } else if (!line.kind().equals("eventbridge_event")) {
                    assertEquals(EventType.CLOUDTRAIL_DETAIL_TYPE, e.detailType(), line.where());
                    assertFalse(e.id().isBlank(), line.where() + ": wrapped record needs an id");
                }
            } catch (InvalidEventException expected) {
                rejected++;
                assertFalse(expected.getMessage().isBlank(), line.where() + ": rejection without a reason");
            } catch (RuntimeException e) {
                fail(line.where() + ": decode threw " + e + " instead of decoding or rejecting with a reason");
            }
        }
        assertTrue(decoded + rejected > 0, file + ": nothing read");
        if (file.equals("aws-cloudtrail-processing-library.jsonl")) {
            assertTrue(rejected >= 1, file + ": its broken JSON must be rejected");
        }
        if (lines(file).stream().anyMatch(l -> l.kind().equals("cloudtrail_records_file"))) {
            assertTrue(logFiles >= 1, file + ": has log files, none decoded as one");
        }
    }
}
