package io.homeostat.analyzer.service;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.homeostat.model.events.Classification;
import io.homeostat.model.events.Classification.Kind;
import io.homeostat.model.events.DriftDetected;
import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.ResourceRef;
import io.homeostat.model.events.Trigger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules over every write call in the real CloudTrail corpus ({@code shared/testdata/cloudtrail} beside the clone),
 * one case per record, as if the call had changed a managed queue. The expected class comes from the record's own
 * structure — {@code userIdentity.type}, the agent — not from the principal string the rules read, so the two
 * readings check each other:
 *
 * <table>
 *   <tr><th>record</th><th>expected</th></tr>
 *   <tr><td>userIdentity.type Root with a root ARN</td><td>TAMPERING 9</td></tr>
 *   <tr><td>userIdentity.type AWSService, a session issued by a service-linked role ({@code /aws-service-role/}), agent
 *       "AWS Internal", or an ARN-less service principal</td><td>ANOMALY 5</td></tr>
 *   <tr><td>any other write call</td><td>TAMPERING 6 (0.95 when the agent is the console)</td></tr>
 *   <tr><td>the same call when the principal is allowed</td><td>NORMAL 2</td></tr>
 *   <tr><td>the same call where the resource is gone</td><td>FAILURE 8</td></tr>
 * </table>
 *
 * Panther's labels are used as a hint only: a call its root-activity rules flag must come out as severity 9.
 */
class CloudTrailCorpusClassificationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern READ_VERB = Pattern.compile("(Get|List|Describe|Head|Lookup).*");
    private static final Pattern ROOT_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:root");
    private static final ResourceRef QUEUE =
            new ResourceRef("aws.sqs.queue", "orders-queue", "messaging", "orders", "123456789012", "us-east-1");
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<FieldDiff> CHANGED = List.of(new FieldDiff("attributes.VisibilityTimeout", "30", "99"));
    private static final List<FieldDiff> GONE = List.of(new FieldDiff(FieldDiff.EXISTS, "true", "false"));

    /** One write call from the corpus: where it is, its trigger as the detector builds it, and the record. */
    record Call(String where, String id, Trigger trigger, JsonNode record) {
        @Override
        public String toString() {
            return where;
        }
    }

    static Path corpus() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath().resolve("../../shared/testdata/cloudtrail").normalize();
        if (!Files.isRegularFile(dir.resolve("labels.jsonl"))) {
            fail("CloudTrail test corpus not found at " + dir + "; it lives in the 'shared' folder beside the clone");
        }
        return dir;
    }

    static List<Call> calls() throws IOException {
        List<Call> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(corpus())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl") && !f.endsWith("labels.jsonl")).sorted().toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int n = 0; n < lines.size(); n++) {
                    JsonNode line = JSON.readTree(lines.get(n));
                    JsonNode event = line.path("event");
                    List<JsonNode> records = new ArrayList<>();
                    switch (line.path("kind").asText()) {
                        case "cloudtrail_records_file" -> event.path("Records").forEach(records::add);
                        case "eventbridge_event" -> records.add(event.path("detail"));
                        case "cloudtrail_record" -> records.add(event);
                        default -> { } // not a CloudTrail call: the detector's own corpus test covers those
                    }
                    for (int r = 0; r < records.size(); r++) {
                        JsonNode rec = records.get(r);
                        if (isWriteCall(rec)) {
                            out.add(new Call(file.getFileName() + ":" + (n + 1) + "#" + r, line.path("id").asText(), trigger(rec), rec));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** What the detector passes on: successful calls that are not reads. */
    private static boolean isWriteCall(JsonNode rec) {
        String name = text(rec, "eventName");
        if (!rec.isObject() || name == null || text(rec, "eventSource") == null || text(rec, "errorCode") != null) {
            return false;
        }
        JsonNode ro = rec.path("readOnly");
        return !(ro.isBoolean() ? ro.asBoolean() : "true".equalsIgnoreCase(ro.asText("")) || READ_VERB.matcher(name).matches());
    }

    /** As the detector builds it: the ARN, else the access key id, as the principal. */
    private static Trigger trigger(JsonNode rec) {
        JsonNode who = rec.path("userIdentity");
        String principal = text(who, "arn") != null ? text(who, "arn") : text(who, "accessKeyId");
        return new Trigger(Trigger.Kind.CLOUDTRAIL, text(rec, "eventID"), text(rec, "eventName"), principal,
                text(rec, "sourceIPAddress"), text(rec, "userAgent"), T);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
    }

    /** The expected verdict, read from the record's structure (see the class comment). */
    private static Expected expected(Call call) {
        JsonNode who = call.record().path("userIdentity");
        String type = text(who, "type");
        String arn = text(who, "arn");
        String agent = text(call.record(), "userAgent");
        String principal = call.trigger().principal();
        // Service-linked roles live under the IAM path /aws-service-role/; a service acting with a person's role
        // (CloudFormation, invokedBy) is that person's change.
        String issuer = text(who.path("sessionContext").path("sessionIssuer"), "arn");
        if ("AWSService".equals(type) || "AWS Internal".equals(agent) || principal != null && principal.endsWith(".amazonaws.com")
                || issuer != null && issuer.contains(":role/aws-service-role/")) {
            return new Expected(Kind.ANOMALY, 5, 0.6);
        }
        if ("Root".equals(type) && arn != null && ROOT_ARN.matcher(arn).matches()) {
            return new Expected(Kind.TAMPERING, 9, 0.95);
        }
        boolean console = agent != null && (agent.contains("console.amazonaws.com") || agent.contains("signin.amazonaws.com")
                || agent.contains("Console/"));
        return new Expected(Kind.TAMPERING, 6, console ? 0.95 : 0.9);
    }

    record Expected(Kind kind, int severity, double confidence) {}

    static Stream<Arguments> writeCalls() throws IOException {
        return calls().stream().map(c -> arguments(c));
    }

    private static DriftDetected drift(Trigger trigger, List<FieldDiff> diff) {
        return new DriftDetected(DriftDetected.CURRENT_VERSION, "inc", "inc", null, QUEUE, trigger, diff, T);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writeCalls")
    void everyWriteCallIsClassifiedAsItsRecordSays(Call call) {
        Expected want = expected(call);
        Classification c = new RuleClassifier().classify(drift(call.trigger(), CHANGED));
        Classification gone = new RuleClassifier().classify(drift(call.trigger(), GONE));

        assertAll(call.where(),
                () -> assertEquals(want.kind(), c.kind(), "kind; rationale: " + c.rationale()),
                () -> assertEquals(want.severity(), c.severity(), "severity"),
                () -> assertEquals(want.confidence(), c.confidence(), 1e-9, "confidence"),
                () -> assertEquals(Kind.FAILURE, gone.kind(), "a deleted resource is a failure whoever did it"),
                () -> assertEquals(8, gone.severity()),
                () -> assertTrue(c.rationale().chars().noneMatch(ch -> Character.getType(ch) == Character.CONTROL),
                        "control characters in " + c.rationale()),
                () -> assertTrue(c.rationale().length() <= 1000, "rationale unbounded: " + c.rationale().length()),
                () -> assertTrue(c.rationale().contains(" via '"), "the event name is quoted: " + c.rationale()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writeCalls")
    void theSameCallByAnAllowedPrincipalIsNormal(Call call) {
        String principal = call.trigger().principal();
        Classification c = new RuleClassifier(principal == null ? List.of() : List.of(principal)).classify(drift(call.trigger(), CHANGED));
        if (principal == null || principal.isBlank()) {
            assertTrue(c.kind() != Kind.NORMAL, "nobody to allow: " + c);
        } else {
            assertEquals(Kind.NORMAL, c.kind(), call.where());
            assertEquals(2, c.severity());
        }
    }

    @Test
    void theCorpusHoldsEnoughOfEachCaseForTheTableToMean() throws IOException {
        Map<Expected, Integer> counts = new HashMap<>();
        calls().forEach(c -> counts.merge(expected(c), 1, Integer::sum));
        assertTrue(calls().size() >= 400, "write calls found: " + calls().size());
        assertTrue(counts.getOrDefault(new Expected(Kind.TAMPERING, 9, 0.95), 0) >= 40, counts.toString());
        assertTrue(counts.getOrDefault(new Expected(Kind.TAMPERING, 6, 0.95), 0) >= 10, counts.toString());
        assertTrue(counts.getOrDefault(new Expected(Kind.TAMPERING, 6, 0.9), 0) >= 200, counts.toString());
    }

    @Test
    void callsPantherFlagsAsRootActivityComeOutAsSeverityNine() throws IOException {
        Map<String, JsonNode> labels = new HashMap<>();
        for (String line : Files.readAllLines(corpus().resolve("labels.jsonl"))) {
            JsonNode label = JSON.readTree(line);
            labels.put(label.path("event_id").asText(), label);
        }
        int checked = 0;
        for (Call call : calls()) {
            JsonNode label = labels.get(call.id());
            if (label == null || !label.path("expected").asBoolean(false) || !label.path("rule_id").asText().contains("Root")
                    || !"Root".equals(text(call.record().path("userIdentity"), "type"))) {
                continue;
            }
            Classification c = new RuleClassifier().classify(drift(call.trigger(), CHANGED));
            assertEquals(9, c.severity(), call.where() + " (" + label.path("rule_id").asText() + "): " + c.rationale());
            assertFalse(c.kind() == Kind.NORMAL);
            checked++;
        }
        assertTrue(checked >= 3, "root-activity labels matched: " + checked);
    }
}
