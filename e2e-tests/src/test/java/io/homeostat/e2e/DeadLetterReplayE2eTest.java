package io.homeostat.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Dead letters end to end, with the five services as processes and the CLI as an operator runs it. The detector
 * starts with the managed cloud unreachable (a bad endpoint), so a CloudTrail event about a tampered queue fails on
 * every attempt and is dead-lettered with the reason. The cause is fixed (the detector restarted with the right
 * endpoint), the message is replayed with {@code homeostat dlq replay --id}, and the queue is healed by exactly one
 * incident. A leftover copy of the same message — what a replay that crashed between send and delete leaves —
 * replayed again has no second effect.
 */
class DeadLetterReplayE2eTest {

    private static final String QUEUE = "dlq-orders";
    private static final String CLOUDTRAIL = "AWS API Call via CloudTrail";

    private static Pipeline pipeline;
    private static Probe probe;
    private static SqsClient cloud;
    private static SqsClient control;
    private static Path tokenFile;
    private static Map<String, String> detectorProps;

    @BeforeAll
    static void start() throws Exception {
        Path phases = Pipeline.phasesWithQueues("phases-dlq", List.of(QUEUE));
        pipeline = Pipeline.start("dlq", phases);
        detectorProps = new LinkedHashMap<>(Map.of(
                "homeostat.detector.scan-interval", "3600s",
                "homeostat.consumer.max-attempts", "2",
                "homeostat.consumer.backoff-base", "200ms",
                "homeostat.consumer.backoff-max", "1s",
                "homeostat.dlq.depth-interval", "1s"));
        Map<String, String> broken = new LinkedHashMap<>(detectorProps);
        broken.put("homeostat.local.cloud", "http://127.0.0.1:" + deadPort()); // the cause: the cloud is unreachable
        pipeline.startAll(Map.of(), broken);
        probe = new Probe(pipeline);
        cloud = Clients.sqs(pipeline.endpoints.cloud(), "mallory");
        control = Clients.sqs(pipeline.endpoints.controlSqs(), "aws-eventbridge");
        // The declared queue exists as declared (the broken detector could not provision it), then is tampered with.
        String url = cloud.createQueue(b -> b.queueName(QUEUE).attributesWithStrings(Map.of("VisibilityTimeout", "30",
                "DelaySeconds", "2")).tags(Map.of("team", "payments", "env", "e2e"))).queueUrl();
        cloud.setQueueAttributes(b -> b.queueUrl(url).attributesWithStrings(Map.of("VisibilityTimeout", "99")));
        tokenFile = Pipeline.WORK.resolve("dlq-token");
        Files.writeString(tokenFile, Pipeline.API_TOKEN + "\n");
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void aPoisonMessageIsDeadLetteredWithItsReasonThenReplayedAfterTheFixAndHasExactlyOneEffect() throws Exception {
        String body = CloudTrailEvents.sqsCall("SetQueueAttributes", cloud.getQueueUrl(b -> b.queueName(QUEUE)).queueUrl(),
                CloudTrailEvents.MALLORY_ARN, "AKIAMALLORY");
        control.sendMessage(b -> b.queueUrl(queueUrl("homeostat-detector")).messageBody(body));

        // 1. On the DLQ with the reason, seen through the API (and the depth gauge), not consumed by looking.
        JsonNode dead = Await.until("the CloudTrail event on the detector's DLQ", Duration.ofSeconds(60), () -> {
            JsonNode listing = api("/api/dlq?queue=detector");
            return listing.path("messages").size() == 1 ? Optional.of(listing.path("messages").get(0)) : Optional.empty();
        });
        String id = dead.path("messageId").asText();
        assertEquals("detector", dead.path("queue").asText());
        assertEquals("homeostat-detector-dlq", dead.path("dlq").asText());
        assertEquals("DEAD_LETTERED", dead.path("origin").asText());
        assertEquals("detector", dead.path("service").asText());
        assertEquals(CLOUDTRAIL, dead.path("eventType").asText());
        assertTrue(dead.path("reason").asText().contains("CloudCallException"), dead.toString());
        assertTrue(dead.path("attempt").asInt() >= 1, dead.toString());
        assertEquals(0, probe.incidentsFor(QUEUE).size(), "no effect while the cause is there");
        Await.until("homeostat_dlq_depth{queue=detector} = 1", Duration.ofSeconds(15),
                () -> probe.metric("detector", "homeostat_dlq_depth", Map.of("queue", "detector")) == 1 ? Optional.of(true) : Optional.empty());

        // 2. The CLI lists it too (JSON), and its exit codes tell a script what went wrong.
        String api = "http://127.0.0.1:" + pipeline.service("detector").port;
        var list = CliProcess.run("dlq", "list", "--api", api, "--token-file", tokenFile.toString(), "--output", "json");
        assertEquals(0, list.exitCode(), list.err());
        JsonNode listed = Probe.json(list.out());
        assertEquals(id, listed.path("messages").get(0).path("messageId").asText());
        assertEquals(1, listed.path("queues").get(0).path("depth").asLong(), "the detector's DLQ comes first");
        Path badToken = Pipeline.WORK.resolve("dlq-bad-token");
        Files.writeString(badToken, "not-a-token");
        var refused = CliProcess.run("dlq", "list", "--api", api, "--token-file", badToken.toString());
        assertEquals(3, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("HTTP 401"), refused.err());
        var unreachable = CliProcess.run("dlq", "list", "--api", "http://127.0.0.1:" + deadPort(), "--token-file", tokenFile.toString());
        assertEquals(4, unreachable.exitCode(), unreachable.err());
        var missing = CliProcess.run("dlq", "replay", "--id", "no-such-message", "--api", api, "--token-file", tokenFile.toString());
        assertEquals(1, missing.exitCode(), missing.err());
        assertTrue(missing.err().contains("not found"), missing.err());

        // 3. Fix the cause (the detector gets the right cloud endpoint) and replay the one message.
        pipeline.startServices(Map.of("detector", detectorProps));
        var replay = CliProcess.run("dlq", "replay", "--id", id, "--api", "http://127.0.0.1:" + pipeline.service("detector").port,
                "--token-file", tokenFile.toString(), "--output", "json");
        assertEquals(0, replay.exitCode(), replay.out() + replay.err());
        JsonNode report = Probe.json(replay.out());
        assertEquals(1, report.path("replayed").asInt(), report.toString());
        assertEquals("e2e", report.path("by").asText());

        JsonNode incident = Await.until("the replayed event heals " + QUEUE, Duration.ofSeconds(60), () -> probe.incidentsFor(QUEUE).stream()
                .filter(i -> "RESOLVED".equals(i.path("state").asText())).findFirst());
        // On an idle machine the restarted detector's first scan can see the tamper before the replayed event is
        // handled; the replayed event then folds into that incident. Either way there is exactly one repair.
        assertTrue(java.util.Set.of("CLOUDTRAIL", "SCAN").contains(incident.path("trigger").path("kind").asText()),
                incident.toString());
        assertEquals(1, probe.incidentsFor(QUEUE).size(), "exactly one incident for " + QUEUE);
        assertEquals("30", cloud.getQueueAttributes(b -> b.queueUrl(cloud.getQueueUrl(q -> q.queueName(QUEUE)).queueUrl())
                .attributeNamesWithStrings("VisibilityTimeout")).attributesAsStrings().get("VisibilityTimeout"));
        assertEquals(0, api("/api/dlq").path("messages").size(), "the DLQ is empty");
        String log = Files.readString(Pipeline.LOG_DIR.resolve("dlq/detector.log"));
        assertTrue(log.contains("replayed by e2e: message " + id), "who replayed is logged");

        // 4. A leftover copy (a replay that crashed after sending) replayed again: a duplicate with no second effect.
        double duplicatesBefore = probe.metric("detector", "homeostat_messages_total", Map.of("outcome", "duplicate"));
        control.sendMessage(b -> b.queueUrl(queueUrl("homeostat-detector-dlq")).messageBody(body));
        var again = CliProcess.run("dlq", "replay", "--queue", "detector", "--type", CLOUDTRAIL, "--api",
                "http://127.0.0.1:" + pipeline.service("detector").port, "--token-file", tokenFile.toString());
        assertEquals(0, again.exitCode(), again.out() + again.err());
        assertTrue(again.out().startsWith("replayed 1 of 1 selected"), again.out());
        Await.until("the copy is dropped as a duplicate", Duration.ofSeconds(30), () ->
                probe.metric("detector", "homeostat_messages_total", Map.of("outcome", "duplicate")) > duplicatesBefore
                        ? Optional.of(true) : Optional.empty());
        List<JsonNode> incidents = probe.incidentsFor(QUEUE);
        assertEquals(1, incidents.size(), "exactly one incident");
        assertEquals(incident.path("suppressed").asInt(), incidents.get(0).path("suppressed").asInt(), "not even folded in again");
        assertEquals(incident.path("timeline").size(), incidents.get(0).path("timeline").size());
    }

    private static JsonNode api(String path) {
        var r = pipeline.service("detector").get(path).orElseThrow(() -> new AssertionError("detector did not answer " + path));
        assertEquals(200, r.statusCode(), r.body());
        return Probe.json(r.body());
    }

    private static String queueUrl(String name) {
        return control.getQueueUrl(b -> b.queueName(name)).queueUrl();
    }

    private static int deadPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
