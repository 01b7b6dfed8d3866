package io.homeostat.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * The foundation's promise, end to end: five services as separate processes on the local stack heal a managed
 * queue that was deleted, had an attribute changed, or lost a tag. First triggered by CloudTrail events on the
 * detector's queue (with the scan effectively off), then found by the scheduled scan alone. Changes made by
 * Homeostat's own executor identity, and stale events about in-sync queues, raise nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SelfHealingLoopTest {

    private static final Duration HEAL_TIMEOUT = Duration.ofSeconds(45);
    private static final List<String> FULL_TIMELINE = List.of("DETECTED", "ANALYZED", "PLANNED", "EXECUTING", "EXECUTED", "RESOLVED");
    /** The executor's identity in the local profile (homeostat.executor.principals). */
    private static final String EXECUTOR_KEY = "homeostat-executor";

    private static Pipeline pipeline;
    private static Probe probe;
    private static SqsClient cloud;
    private static SqsClient control;
    private static final Map<String, JsonNode> closedEvents = new ConcurrentHashMap<>();

    @BeforeAll
    static void startEverything() throws Exception {
        Path phases = Pipeline.phasesWithQueues("phases-loop", List.of("ct-delete", "ct-visibility", "ct-tags", "ct-own",
                "ct-stale", "ct-raw", "ct-file", "scan-delete", "scan-visibility", "scan-tags", "flag-paused", "flag-disabled"));
        pipeline = Pipeline.start("loop", phases);
        // CloudTrail scenarios first: the scan runs once at start-up (everything in sync) and then not for an hour.
        pipeline.startAll(Map.of(), Map.of("homeostat.detector.scan-interval", "3600s", "homeostat.detector.provision-on-start", "true"));
        probe = new Probe(pipeline);
        cloud = Clients.sqs(pipeline.endpoints.cloud(), "mallory");
        control = Clients.sqs(pipeline.endpoints.controlSqs(), "aws-eventbridge");
    }

    @AfterAll
    static void stopEverything() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    @Order(1)
    void provisionedEveryDeclaredQueue() {
        for (String q : List.of("ct-delete", "ct-visibility", "ct-tags", "scan-delete")) {
            Map<String, String> attrs = attributes(q);
            assertEquals("30", attrs.get("VisibilityTimeout"), q);
            assertEquals("2", attrs.get("DelaySeconds"), q);
            assertEquals(Map.of("team", "payments", "env", "e2e"), tags(q), q);
        }
        assertEquals(0, incidents().size(), "nothing drifted yet, so no incident");
    }

    @Test
    @Order(2)
    void deletedQueueIsRestoredAfterCloudTrailEvent() {
        String url = url("ct-delete");
        cloud.deleteQueue(b -> b.queueUrl(url));
        sendCloudTrail("DeleteQueue", url, CloudTrailEvents.MALLORY_ARN, "AKIAMALLORY");
        JsonNode incident = awaitResolved("ct-delete");
        assertWholeTimeline(incident, "CLOUDTRAIL");
        assertEquals("FAILURE", incident.path("classification").path("kind").asText());
        assertEquals(CloudTrailEvents.MALLORY_ARN, incident.path("trigger").path("principal").asText());
        assertEquals("203.0.113.7", incident.path("trigger").path("sourceIp").asText());
        assertEquals("30", attributes("ct-delete").get("VisibilityTimeout"));
        assertEquals(Map.of("team", "payments", "env", "e2e"), tags("ct-delete"));
    }

    @Test
    @Order(3)
    void changedVisibilityTimeoutIsRestoredAfterCloudTrailEvent() {
        String url = url("ct-visibility");
        cloud.setQueueAttributes(b -> b.queueUrl(url).attributesWithStrings(Map.of("VisibilityTimeout", "99")));
        sendCloudTrail("SetQueueAttributes", url, CloudTrailEvents.MALLORY_ARN, "AKIAMALLORY");
        JsonNode incident = awaitResolved("ct-visibility");
        assertWholeTimeline(incident, "CLOUDTRAIL");
        assertEquals("TAMPERING", incident.path("classification").path("kind").asText());
        assertEquals("attributes.VisibilityTimeout", incident.path("diff").get(0).path("path").asText());
        assertEquals("99", incident.path("diff").get(0).path("actual").asText());
        assertEquals("99", incident.path("beforeImage").path("attributes.VisibilityTimeout").asText(), "before-image kept");
        assertEquals("30", attributes("ct-visibility").get("VisibilityTimeout"));
    }

    @Test
    @Order(4)
    void removedTagIsRestoredAfterCloudTrailEvent() {
        String url = url("ct-tags");
        cloud.untagQueue(b -> b.queueUrl(url).tagKeys("team"));
        sendCloudTrail("UntagQueue", url, CloudTrailEvents.MALLORY_ARN, "AKIAMALLORY");
        JsonNode incident = awaitResolved("ct-tags");
        assertWholeTimeline(incident, "CLOUDTRAIL");
        assertEquals("tags.team", incident.path("diff").get(0).path("path").asText());
        assertEquals(Map.of("team", "payments", "env", "e2e"), tags("ct-tags"));
    }

    @Test
    @Order(5)
    void changesByTheExecutorItselfRaiseNoIncident() {
        // The executor's own repair of ct-visibility shows up in CloudTrail too: it must not start a loop.
        double before = ignoredEvents("own_change");
        sendCloudTrail("SetQueueAttributes", url("ct-visibility"), "arn:aws:sts::123456789012:assumed-role/homeostat/executor", EXECUTOR_KEY);
        // Even a real difference is not an incident when the executor's identity made it (the loop breaker, not a re-read).
        String own = url("ct-own");
        cloud.setQueueAttributes(b -> b.queueUrl(own).attributesWithStrings(Map.of("DelaySeconds", "7")));
        sendCloudTrail("SetQueueAttributes", own, "arn:aws:sts::123456789012:assumed-role/homeostat/executor", EXECUTOR_KEY);
        Await.until("two own-change events ignored", Duration.ofSeconds(20),
                () -> ignoredEvents("own_change") >= before + 2 ? Optional.of(true) : Optional.empty());
        assertEquals(1, incidentsFor("ct-visibility").size(), "still only the one incident for ct-visibility");
        assertEquals(0, incidentsFor("ct-own").size(), "no incident for a change made by the executor identity");
    }

    @Test
    @Order(6)
    void staleEventAboutAnInSyncQueueRaisesNoIncident() {
        double before = ignoredEvents("in_sync");
        sendCloudTrail("SetQueueAttributes", url("ct-stale"), CloudTrailEvents.MALLORY_ARN, "AKIAMALLORY");
        Await.until("event re-read and found in sync", Duration.ofSeconds(20),
                () -> ignoredEvents("in_sync") > before ? Optional.of(true) : Optional.empty());
        assertEquals(0, incidentsFor("ct-stale").size());
    }

    @Test
    @Order(7)
    void rawCloudTrailRecordsAndLogFilesOnTheQueueAreHandledToo() {
        String raw = url("ct-raw");
        cloud.setQueueAttributes(b -> b.queueUrl(raw).attributesWithStrings(Map.of("VisibilityTimeout", "45")));
        String rawRecord = read(CloudTrailEvents.sqsCall("SetQueueAttributes", raw, CloudTrailEvents.MALLORY_ARN, "AKIAMALLORY"))
                .path("detail").toString();
        sendBody(rawRecord);

        String file = url("ct-file");
        cloud.untagQueue(b -> b.queueUrl(file).tagKeys("env"));
        String unrelated = read(CloudTrailEvents.sqsCall("GetQueueAttributes", file, CloudTrailEvents.MALLORY_ARN, "AKIAMALLORY"))
                .path("detail").toString();
        String untag = read(CloudTrailEvents.sqsCall("UntagQueue", file, CloudTrailEvents.MALLORY_ARN, "AKIAMALLORY"))
                .path("detail").toString();
        sendBody("{\"Records\":[" + unrelated + "," + untag + "]}");

        assertWholeTimeline(awaitResolved("ct-raw"), "CLOUDTRAIL");
        assertWholeTimeline(awaitResolved("ct-file"), "CLOUDTRAIL");
        assertEquals("30", attributes("ct-raw").get("VisibilityTimeout"));
        assertEquals(Map.of("team", "payments", "env", "e2e"), tags("ct-file"));
    }

    @Test
    @Order(8)
    void scheduledScanAloneFindsAndRestoresAllThreeKindsOfDamage() throws Exception {
        cloud.deleteQueue(b -> b.queueUrl(url("scan-delete")));
        cloud.setQueueAttributes(b -> b.queueUrl(url("scan-visibility")).attributesWithStrings(Map.of("VisibilityTimeout", "5")));
        cloud.untagQueue(b -> b.queueUrl(url("scan-tags")).tagKeys("env"));
        // No CloudTrail events this time: a detector that scans every second has to find all of it by itself.
        pipeline.startServices(Map.of("detector", Map.of("homeostat.detector.scan-interval", "1s")));

        for (String q : List.of("scan-delete", "scan-visibility", "scan-tags")) {
            JsonNode incident = awaitResolved(q);
            assertWholeTimeline(incident, "SCAN");
            assertEquals(1, incidentsFor(q).size(), "exactly one incident for " + q);
        }
        assertEquals("30", attributes("scan-visibility").get("VisibilityTimeout"));
        assertEquals(Map.of("team", "payments", "env", "e2e"), tags("scan-tags"));
        assertEquals("2", attributes("scan-delete").get("DelaySeconds"));
        // The executor-identity change to ct-own was left alone by the detector's event path; the scan heals it.
        awaitResolved("ct-own");
        assertEquals("2", attributes("ct-own").get("DelaySeconds"));
    }

    @Test
    @Order(9)
    void editingThePhaseFileIsAppliedThroughTheLoopAsDesiredChanged() throws Exception {
        Path file = Pipeline.WORK.resolve("phases-loop/10-e2e.yaml");
        String before = Files.readString(file);
        String edited = before.replace("name: scan-visibility\n    properties: {VisibilityTimeout: 30,",
                "name: scan-visibility\n    properties: {VisibilityTimeout: 40,");
        assertNotEquals(before, edited, "the edit must change the file");
        // Replace the file in one step, as a git checkout would: no service ever reads half of it.
        Path staged = Pipeline.WORK.resolve("10-e2e.yaml.staged");
        Files.writeString(staged, edited);
        Files.move(staged, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        JsonNode incident = Await.until("desired-changed incident for scan-visibility", HEAL_TIMEOUT, () -> incidentsFor("scan-visibility")
                .stream().filter(i -> i.path("trigger").path("kind").asText().equals("DESIRED_CHANGED"))
                .filter(i -> i.path("state").asText().equals("RESOLVED")).findFirst());
        assertWholeTimeline(incident, "DESIRED_CHANGED");
        assertEquals("DRIFT", incident.path("classification").path("kind").asText());
        assertTrue(incident.path("classification").path("rationale").asText().contains("desired changed"),
                incident.path("classification").path("rationale").asText());
        assertEquals("40", attributes("scan-visibility").get("VisibilityTimeout"), "the new desired value is live");
    }

    @Test
    @Order(10)
    void theOperatorApiNeedsAToken() {
        ServiceProcess detector = pipeline.service("detector");
        assertEquals(401, detector.send("GET", "/api/incidents", null, null).orElseThrow().statusCode());
        assertEquals(401, detector.send("GET", "/api/incidents", null, "not-a-token").orElseThrow().statusCode());
        assertEquals(401, detector.send("PUT", "/api/flags/resource/flag-paused", "{\"mode\":\"DISABLED\"}", null)
                .orElseThrow().statusCode());
        assertEquals(200, detector.send("GET", "/q/health/ready", null, null).orElseThrow().statusCode(), "probes stay open");
        assertEquals(404, flag("PUT", "resource/no-such-thing", "{\"mode\":\"PAUSED\"}").statusCode(), "unknown resource");
        assertEquals(400, flag("PUT", "resource/flag-paused", "{\"mode\":\"SLEEPY\"}").statusCode(), "unknown mode");
        assertEquals(400, flag("PUT", "resource/flag-paused", "{\"mode\":\"PAUSED\",\"ttl\":\"soon\"}").statusCode(), "bad ttl");
    }

    @Test
    @Order(11)
    void aPausedResourceIsDetectedAndPlannedButWaitsForApproval() {
        var set = flag("PUT", "resource/flag-paused", "{\"mode\":\"PAUSED\",\"ttl\":\"PT10M\",\"reason\":\"change freeze\"}");
        assertEquals(200, set.statusCode(), set.body());
        JsonNode flag = read(set.body());
        assertEquals("e2e", flag.path("setBy").asText(), "who set it comes from the token");
        assertEquals("PAUSED", flag.path("mode").asText());

        cloud.setQueueAttributes(b -> b.queueUrl(url("flag-paused")).attributesWithStrings(Map.of("VisibilityTimeout", "77")));
        JsonNode incident = Await.until("flag-paused incident awaiting approval", HEAL_TIMEOUT, () -> incidentsFor("flag-paused")
                .stream().filter(i -> i.path("state").asText().equals("AWAITING_APPROVAL")).findFirst());
        assertEquals("aws.sqs.queue/SetQueueAttributes", incident.path("plan").path("actions").get(0).path("action").asText());
        Await.sleep(3_000); // several scans: still waiting, nothing ran
        assertEquals("77", attributes("flag-paused").get("VisibilityTimeout"), "nothing runs without approval");
        assertEquals("AWAITING_APPROVAL", incidentsFor("flag-paused").get(0).path("state").asText());
        assertEquals(1, incidentsFor("flag-paused").size(), "further scans fold into the waiting incident");
    }

    @Test
    @Order(12)
    void aDisabledResourceIsNotWatchedUntilTheFlagIsCleared() {
        assertEquals(200, flag("PUT", "resource/flag-disabled", "{\"mode\":\"DISABLED\"}").statusCode());
        cloud.setQueueAttributes(b -> b.queueUrl(url("flag-disabled")).attributesWithStrings(Map.of("DelaySeconds", "9")));
        Await.sleep(4_000); // several 1 s scans
        assertEquals(0, incidentsFor("flag-disabled").size(), "DISABLED: not even detected");

        assertEquals(204, flag("DELETE", "resource/flag-disabled", null).statusCode());
        assertEquals(404, flag("DELETE", "resource/flag-disabled", null).statusCode(), "already cleared");
        assertWholeTimeline(awaitResolved("flag-disabled"), "SCAN");
        assertEquals("2", attributes("flag-disabled").get("DelaySeconds"));
    }

    @Test
    @Order(13)
    void theDryRunShowsWhatDiffersAndWhatWouldRunWithoutChangingIt() {
        // flag-paused is still tampered (VisibilityTimeout 77) and waiting for approval.
        ServiceProcess detector = pipeline.service("detector");
        String plan = detector.send("GET", "/api/drift", null, Pipeline.API_TOKEN, "text/plain").orElseThrow().body();
        assertTrue(plan.contains("~ aws.sqs.queue flag-paused (flag-paused)"), plan);
        assertTrue(plan.contains("~ attributes.VisibilityTimeout: '77' -> '30'"), plan);
        assertTrue(plan.lines().anyMatch(l -> l.startsWith("Plan: 0 to create, ")), plan);

        JsonNode entries = read(detector.send("GET", "/api/drift", null, Pipeline.API_TOKEN).orElseThrow().body());
        JsonNode paused = null;
        for (JsonNode e : entries) {
            if (e.path("logicalId").asText().equals("flag-paused")) {
                paused = e;
            }
        }
        assertEquals("DRIFTED", paused.path("status").asText(), String.valueOf(paused));
        assertEquals("aws.sqs.queue/SetQueueAttributes", paused.path("wouldRun").get(0).path("action").asText());
        assertEquals("77", attributes("flag-paused").get("VisibilityTimeout"), "a dry run changes nothing");
        assertEquals(401, detector.send("GET", "/api/drift", null, null).orElseThrow().statusCode());
    }

    @Test
    @Order(14)
    void statusShowsEachResourceByPhaseWithItsDriftWatchAndOpenIncident() {
        // flag-paused: tampered, its flag PAUSED, its incident waiting for approval; flag-disabled: healed, flag cleared.
        ServiceProcess detector = pipeline.service("detector");
        JsonNode status = read(detector.send("GET", "/api/status", null, Pipeline.API_TOKEN).orElseThrow().body());
        JsonNode paused = null;
        JsonNode healed = null;
        for (JsonNode r : status.path("resources")) {
            switch (r.path("logicalId").asText()) {
                case "flag-paused" -> paused = r;
                case "flag-disabled" -> healed = r;
                default -> { }
            }
        }
        assertEquals("DRIFTED", paused.path("drift").asText(), String.valueOf(paused));
        assertEquals("PAUSED", paused.path("watch").asText(), String.valueOf(paused));
        assertFalse(paused.path("openIncident").isNull(), "the incident held for approval is open: " + paused);
        assertFalse(paused.path("phase").asText().isBlank());
        assertEquals("IN_SYNC", healed.path("drift").asText(), String.valueOf(healed));
        assertEquals("ENABLED", healed.path("watch").asText(), String.valueOf(healed));
        assertTrue(healed.path("openIncident").isNull(), String.valueOf(healed));
        int counted = 0;
        for (JsonNode n : status.path("counts")) {
            counted += n.asInt();
        }
        assertEquals(status.path("resources").size(), counted, "every resource is counted once: " + status.path("counts"));
        assertEquals(401, detector.send("GET", "/api/status", null, null).orElseThrow().statusCode());
    }

    private static java.net.http.HttpResponse<String> flag(String method, String scope, String json) {
        return pipeline.service("detector").send(method, "/api/flags/" + scope, json, Pipeline.API_TOKEN).orElseThrow();
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static JsonNode awaitResolved(String queue) {
        return Await.until("incident for " + queue + " RESOLVED", HEAL_TIMEOUT, () -> incidentsFor(queue).stream()
                .filter(i -> "RESOLVED".equals(i.path("state").asText()))
                .findFirst());
    }

    private static void assertWholeTimeline(JsonNode incident, String triggerKind) {
        String id = incident.path("incidentId").asText();
        assertEquals(triggerKind, incident.path("trigger").path("kind").asText());
        assertEquals(id, incident.path("correlationId").asText(), "one correlation id for the whole incident");
        List<String> states = new ArrayList<>();
        incident.path("timeline").forEach(e -> states.add(e.path("state").asText()));
        assertEquals(FULL_TIMELINE, states, "timeline of " + id);
        assertEquals("RESOLVED", incident.path("outcome").asText());
        incident.path("steps").forEach(s -> assertEquals("SUCCEEDED", s.path("status").asText(), s.toString()));
        JsonNode closed = Await.until("incident.closed for " + id + " on the events queue", Duration.ofSeconds(10),
                () -> Optional.ofNullable(closedEvent(id)));
        assertEquals(id, closed.path("detail").path("correlationId").asText());
        assertEquals("RESOLVED", closed.path("detail").path("outcome").asText());
    }

    /** Drains Homeostat's outbound events queue into a map by incident id. */
    private static JsonNode closedEvent(String incidentId) {
        String url = control.getQueueUrl(b -> b.queueName("homeostat-events")).queueUrl();
        List<Message> batch;
        do {
            batch = control.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
            for (Message m : batch) {
                JsonNode e = read(m.body());
                closedEvents.put(e.path("detail").path("incidentId").asText(), e);
                control.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        } while (!batch.isEmpty());
        return closedEvents.get(incidentId);
    }

    private static void sendCloudTrail(String eventName, String queueUrl, String principalArn, String accessKeyId) {
        sendBody(CloudTrailEvents.sqsCall(eventName, queueUrl, principalArn, accessKeyId));
    }

    private static void sendBody(String body) {
        String detectorQueue = control.getQueueUrl(b -> b.queueName("homeostat-detector")).queueUrl();
        control.sendMessage(b -> b.queueUrl(detectorQueue).messageBody(body));
    }

    private static List<JsonNode> incidents() {
        return probe.incidents();
    }

    private static List<JsonNode> incidentsFor(String queue) {
        return probe.incidentsFor(queue);
    }

    private static double ignoredEvents(String reason) {
        return probe.metric("detector", "homeostat_detector_events_ignored_total", Map.of("reason", reason));
    }

    private static String url(String queue) {
        return cloud.getQueueUrl(b -> b.queueName(queue)).queueUrl();
    }

    private static Map<String, String> attributes(String queue) {
        try {
            return cloud.getQueueAttributes(b -> b.queueUrl(url(queue)).attributeNames(QueueAttributeName.ALL)).attributesAsStrings();
        } catch (QueueDoesNotExistException e) {
            throw new AssertionError("queue " + queue + " does not exist");
        }
    }

    private static Map<String, String> tags(String queue) {
        return cloud.listQueueTags(b -> b.queueUrl(url(queue))).tags();
    }

    private static JsonNode read(String json) {
        return Probe.json(json);
    }
}
