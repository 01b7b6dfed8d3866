package io.homeostat.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.homeostat.e2e.fault.FaultProxy;
import io.homeostat.model.envelope.EventCodec;
import io.homeostat.model.events.EventType;
import io.homeostat.model.events.PlanReady;
import io.homeostat.model.events.PlannedAction;
import io.homeostat.runtime.store.Incident;
import io.homeostat.runtime.store.IncidentState;
import io.homeostat.runtime.store.IncidentStore;
import io.homeostat.runtime.store.StoreTransactions;
import io.homeostat.runtime.store.StoredPlan;
import io.homeostat.runtime.store.TimelineEntry;
import io.homeostat.runtime.transport.Envelopes;
import java.net.InetSocketAddress;
import org.eclipse.jgit.api.Git;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Issue 5's verifier, end to end on the local stack: a verified recovery notified once per transition (read back from
 * an SQS subscription of the SNS topic on moto, and from a local webhook); a storm notified in grouped messages; a
 * forced failing step rolled back by the saga to the before-image; a recovery that cannot be undone escalated.
 *
 * <p>The executor reaches moto through a {@link FaultProxy}, which makes its TagQueue call fail with AccessDenied while
 * the SetQueueAttributes before it succeeds. Plans with compensations come from the planner's issue; until it is
 * merged this test acts as the approving operator of a PAUSED resource and hands the executor the plan (with
 * compensations) itself, through the store and the executor's queue, as the planner would.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VerificationAndNotificationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final List<String> STORM = List.of("storm-0", "storm-1", "storm-2", "storm-3", "storm-4", "storm-5");

    private static Pipeline pipeline;
    private static Probe probe;
    private static FaultProxy executorCloud;
    private static HttpServer webhook;
    private static final List<String> webhookBodies = new CopyOnWriteArrayList<>();
    private static SqsClient cloud;
    private static SqsClient control;
    private static String subscription;
    private static final List<JsonNode> notifications = new CopyOnWriteArrayList<>();
    private static IncidentStore incidents;
    private static StoreTransactions transactions;
    private static final EventCodec CODEC = new EventCodec();
    private static final Map<String, JsonNode> closedEvents = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        List<String> queues = new ArrayList<>(List.of("v-heal", "v-rollback", "v-escalate"));
        queues.addAll(STORM);
        // The phases live in a git repository of their own, so the rollback API has revisions to go back to.
        deleteTree(Pipeline.WORK.resolve("verify-repo"));
        Path phases = Pipeline.phasesWithQueues("verify-repo/phases", queues);
        try (Git git = Git.init().setDirectory(phases.getParent().toFile()).call()) {
            commitPhases(git, "the declared queues");
        }
        pipeline = Pipeline.start("verify", phases);
        cloud = Clients.sqs(pipeline.endpoints.cloud(), "mallory");
        control = Clients.sqs(pipeline.endpoints.controlSqs(), "aws-eventbridge");

        // The control plane's notification topic on moto, with an SQS subscription this test reads back.
        SnsClient sns = SnsClient.builder().endpointOverride(URI.create(pipeline.endpoints.cloud())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("ops", "x")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        String topic = sns.createTopic(b -> b.name("homeostat-notifications")).topicArn();
        subscription = cloud.createQueue(b -> b.queueName("ops-notifications")).queueUrl();
        String subscriptionArn = cloud.getQueueAttributes(b -> b.queueUrl(subscription).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings().get("QueueArn");
        sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(subscriptionArn));

        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", x -> {
            webhookBodies.add(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        webhook.start();
        executorCloud = FaultProxy.start(pipeline.endpoints.cloud());

        Map<String, Map<String, String>> services = new java.util.LinkedHashMap<>();
        // A slow scan: CloudTrail events drive the scenarios; the scan also lets the phase-file poll work (it compares
        // with what the last scan saw) for the git rollback.
        services.put("detector", Map.of("homeostat.detector.scan-interval", "15s", "homeostat.detector.provision-on-start", "true"));
        services.put("analyzer", Map.of());
        services.put("planner", Map.of());
        services.put("executor", Map.of("%local.homeostat.cloud.endpoint", executorCloud.endpoint()));
        services.put("verifier", Map.of(
                "homeostat.notify.sns-topic-arn", topic,
                "homeostat.notify.webhook-url", "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook",
                "homeostat.notify.interval", "1s",
                "homeostat.notify.group-window", "20s"));
        pipeline.startServices(services);
        probe = new Probe(pipeline);

        DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(URI.create(pipeline.endpoints.controlDynamodb()))
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("homeostat", "homeostat"))).build();
        incidents = new IncidentStore(dynamo, "homeostat-incidents", CODEC.mapper(), Clock.systemUTC());
        transactions = new StoreTransactions(dynamo);
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        if (executorCloud != null) {
            executorCloud.close();
        }
        if (webhook != null) {
            webhook.stop(0);
        }
    }

    @Test
    @Order(1)
    void aVerifiedRecoveryIsNotifiedOncePerTransition() {
        cloud.setQueueAttributes(b -> b.queueUrl(url("v-heal")).attributesWithStrings(Map.of("VisibilityTimeout", "99")));
        sendCloudTrail("SetQueueAttributes", url("v-heal"));
        JsonNode incident = awaitState("v-heal", "RESOLVED");
        String id = incident.path("incidentId").asText();

        List<JsonNode> opened = awaitNotifications(id, "DETECTED", 1);
        List<JsonNode> resolved = awaitNotifications(id, "RESOLVED", 1);
        Await.sleep(5_000); // more notifier runs: nothing is sent twice
        assertEquals(1, mentioning(id, "DETECTED").size(), "one message for 'opened'");
        assertEquals(1, mentioning(id, "RESOLVED").size(), "one message for 'resolved'");
        assertEquals(2, notifications.stream().filter(n -> message(n).contains(id)).count(),
                "the machinery's steps (ANALYZED, PLANNED, EXECUTING, EXECUTED) are not notified");
        String text = message(resolved.get(0));
        assertTrue(text.contains("correlation id: " + id), text);
        assertTrue(text.contains("'attributes.VisibilityTimeout': desired '30', actual '99'"), "the diff: " + text);
        assertTrue(text.contains("RESOLVED verifier 'verified: matches desired"), "the timeline: " + text);
        assertEquals("Homeostat: DETECTED aws.sqs.queue 'v-heal'", opened.get(0).path("Subject").asText());
        assertTrue(webhookBodies.stream().anyMatch(b -> b.contains("correlation id: " + id) && b.contains("\"blocks\"")),
                "the webhook got the Slack-compatible message too");
    }

    @Test
    @Order(2)
    void aStormIsNotifiedInGroupedMessages() {
        for (String q : STORM) {
            cloud.setQueueAttributes(b -> b.queueUrl(url(q)).attributesWithStrings(Map.of("DelaySeconds", "7")));
        }
        for (String q : STORM) {
            sendCloudTrail("SetQueueAttributes", url(q));
        }
        List<String> ids = new ArrayList<>();
        for (String q : STORM) {
            ids.add(awaitState(q, "RESOLVED").path("incidentId").asText());
        }
        // Grouping: every incident is in exactly one 'opened' message, and they share messages instead of one each. (How
        // many messages depends on how far apart the detections were on this machine compared with the grouping
        // window; NotificationDispatcherTest pins "one message for a storm" with a controlled clock.)
        for (String id : ids) {
            awaitNotifications(id, "DETECTED", 1);
            awaitNotifications(id, "RESOLVED", 1);
        }
        Await.sleep(5_000); // more notifier runs: nothing is sent twice
        for (String id : ids) {
            assertEquals(1, mentioning(id, "DETECTED").size(), id + " is in exactly one 'opened' message");
            assertEquals(1, mentioning(id, "RESOLVED").size(), id + " is in exactly one 'resolved' message");
        }
        long openedMessages = notifications.stream().filter(n -> transition(n).equals("DETECTED") && ids.stream().anyMatch(message(n)::contains)).count();
        assertTrue(openedMessages < STORM.size(), "the storm's openings are grouped, not one message each");
        assertTrue(notifications.stream().anyMatch(n -> n.path("Subject").asText().matches("Homeostat: \\d+ incidents DETECTED")),
                "a grouped message lists the incidents");
    }

    @Test
    @Order(3)
    void aForcedFailingStepIsRolledBackToTheBeforeImage() {
        JsonNode incident = heldForApproval("v-rollback");
        String id = incident.path("incidentId").asText();
        String q = "v-rollback";
        executorCloud.inject(FaultProxy.action("TagQueue"), FaultProxy.Fault.accessDenied(), 1);
        approveWithPlan(id, List.of(
                setVisibility(q, "30").guarded(Map.of("attributes.VisibilityTimeout", "99"), setVisibility(q, "99")),
                tagTeam(q).guarded(Map.of(), new PlannedAction(2, "aws.sqs.queue/UntagQueue", Map.of("queueName", q, "untag.team", ""),
                        "remove team again"))));

        JsonNode rolledBack = awaitState(q, "ROLLED_BACK");
        assertEquals("SUCCEEDED", rolledBack.path("steps").get(0).path("status").asText());
        assertEquals("FAILED", rolledBack.path("steps").get(1).path("status").asText(), "TagQueue was denied");
        assertEquals(1, rolledBack.path("compensations").size(), "only the step that succeeded is undone");
        assertEquals("aws.sqs.queue/SetQueueAttributes", rolledBack.path("compensations").get(0).path("action").asText());
        assertEquals("SUCCEEDED", rolledBack.path("compensations").get(0).path("status").asText());
        assertEquals("ROLLED_BACK", rolledBack.path("outcome").asText());
        assertEquals(List.of("ROLLING_BACK", "ROLLED_BACK"), states(rolledBack).subList(states(rolledBack).size() - 2, states(rolledBack).size()));
        assertEquals("99", attribute(q, "VisibilityTimeout"), "back to the before-image");
        assertFalse(tags(q).containsKey("team"), "the failed step changed nothing, so nothing to undo there");

        JsonNode closed = Await.until("incident.closed ROLLED_BACK", TIMEOUT, () -> closedEvent(id));
        assertEquals("ROLLED_BACK", closed.path("detail").path("outcome").asText());
        assertEquals(2, closed.path("detail").path("schemaVersion").asInt());
        String text = message(awaitNotifications(id, "ROLLED_BACK", 1).get(0));
        assertTrue(text.contains("compensations:") && text.contains("SetQueueAttributes: SUCCEEDED"), text);
        assertTrue(probe.metric("verifier", "homeostat_rollbacks_total", Map.of("result", "ROLLED_BACK")) >= 1);
        assertTrue(probe.metric("verifier", "homeostat_incidents_closed_total", Map.of("outcome", "ROLLED_BACK")) >= 1);
    }

    @Test
    @Order(4)
    void aRecoveryThatCannotBeUndoneIsEscalatedAndStaysOpen() {
        JsonNode incident = heldForApproval("v-escalate");
        String id = incident.path("incidentId").asText();
        String q = "v-escalate";
        executorCloud.inject(FaultProxy.action("TagQueue"), FaultProxy.Fault.accessDenied(), 1);
        approveWithPlan(id, List.of(setVisibility(q, "30"), tagTeam(q))); // no compensations: cannot be undone safely

        JsonNode escalated = awaitState(q, "ESCALATED");
        assertEquals(0, escalated.path("compensations").size(), "nothing run: no half rollback");
        assertTrue(escalated.path("timeline").get(escalated.path("timeline").size() - 1).path("note").asText().contains("no compensation"));
        awaitNotifications(id, "ESCALATED", 1);

        // Stays open and holds the resource: new drift folds into it instead of starting another repair (no loop).
        cloud.setQueueAttributes(b -> b.queueUrl(url(q)).attributesWithStrings(Map.of("VisibilityTimeout", "55")));
        sendCloudTrail("SetQueueAttributes", url(q));
        Await.until("the new trigger folded into the escalated incident", TIMEOUT, () -> probe.incidentsFor(q).stream()
                .filter(i -> i.path("suppressed").asLong() >= 1).findFirst());
        assertEquals(1, probe.incidentsFor(q).size());
        assertEquals("ESCALATED", probe.incidentsFor(q).get(0).path("state").asText());
        assertEquals("55", attribute(q, "VisibilityTimeout"), "nothing repairs it behind people's backs");

        // A person who has looked closes it (with a reason): CLOSED, notified, and the resource is released at once.
        ServiceProcess detector = pipeline.service("detector");
        String path = "/api/incidents/" + id + "/close";
        assertEquals(400, detector.send("POST", path, "{}", Pipeline.API_TOKEN).orElseThrow().statusCode(), "a reason is required");
        var closing = detector.send("POST", path, "{\"reason\":\"looked at it: 55 is fine for now\"}", Pipeline.API_TOKEN).orElseThrow();
        assertEquals(200, closing.statusCode(), closing.body());
        JsonNode closedByHand = Probe.json(closing.body());
        assertEquals("CLOSED", closedByHand.path("state").asText());
        assertTrue(closedByHand.path("timeline").get(closedByHand.path("timeline").size() - 1).path("note").asText()
                .startsWith("closed by e2e: looked at it: 55 is fine for now"), closedByHand.toString());
        assertEquals(409, detector.send("POST", path, "{\"reason\":\"again\"}", Pipeline.API_TOKEN).orElseThrow().statusCode(),
                "closed once only");
        awaitNotifications(id, "CLOSED", 1);

        sendCloudTrail("SetQueueAttributes", url(q));
        Await.until("a new incident on the released resource", TIMEOUT, () -> probe.incidentsFor(q).stream()
                .filter(i -> !i.path("incidentId").asText().equals(id)).findFirst());
    }

    @Test
    @Order(5)
    void aGitRollbackMakesAnEarlierRevisionDesiredAndTheLoopAppliesIt() throws Exception {
        Path phases = Pipeline.WORK.resolve("verify-repo/phases");
        Path file = phases.resolve("10-e2e.yaml");
        String v1 = java.nio.file.Files.readString(file);
        // Only v-heal changes: VisibilityTimeout 30 → 45 in a new commit (the work tree now says 45).
        String v2 = v1.replaceFirst("(v-heal:\\n(?:.*\\n){2}\\s*properties: \\{VisibilityTimeout: )30", "$145");
        assertFalse(v1.equals(v2), "the edit applies");
        java.nio.file.Files.writeString(file, v2);
        try (Git git = Git.open(phases.getParent().toFile())) {
            commitPhases(git, "v-heal: longer visibility");
        }
        Await.until("v-heal at 45 (desired changed)", TIMEOUT, () -> "45".equals(attribute("v-heal", "VisibilityTimeout")) ? Optional.of(true) : Optional.empty());

        ServiceProcess detector = pipeline.service("detector");
        var unknown = detector.send("POST", "/api/rollback", "{\"to\":\"no-such-rev\"}", Pipeline.API_TOKEN).orElseThrow();
        assertEquals(400, unknown.statusCode(), unknown.body());
        assertEquals(401, detector.send("POST", "/api/rollback", "{\"to\":\"HEAD~1\"}", null).orElseThrow().statusCode());

        var pinned = detector.send("POST", "/api/rollback", "{\"to\":\"HEAD~1\",\"reason\":\"45 was a mistake\"}", Pipeline.API_TOKEN)
                .orElseThrow();
        assertEquals(200, pinned.statusCode(), pinned.body());
        JsonNode pin = Probe.json(pinned.body());
        assertEquals("e2e", pin.path("pinnedBy").asText());
        assertEquals(40, pin.path("commit").asText().length());
        Await.until("v-heal back at 30 (the pinned revision)", TIMEOUT,
                () -> "30".equals(attribute("v-heal", "VisibilityTimeout")) ? Optional.of(true) : Optional.empty());
        assertEquals(v2, java.nio.file.Files.readString(file), "git and the work tree are untouched: the pin lives in the store");
        // Let that repair be verified before desired moves again: a recovery verified against a desired state that
        // changed under it fails verification (and, with no compensations, escalates).
        Await.until("the pinned revision's repair verified", TIMEOUT, () -> probe.incidentsFor("v-heal").stream()
                .filter(i -> i.path("trigger").path("kind").asText().equals("DESIRED_CHANGED")
                        && i.path("state").asText().equals("RESOLVED") && i.path("diff").path(0).path("desired").asText().equals("30"))
                .findFirst());

        assertEquals(204, detector.send("DELETE", "/api/rollback", null, Pipeline.API_TOKEN).orElseThrow().statusCode());
        Await.until("v-heal at 45 again (the work tree)", TIMEOUT,
                () -> "45".equals(attribute("v-heal", "VisibilityTimeout")) ? Optional.of(true) : Optional.empty());
        assertEquals(404, detector.send("DELETE", "/api/rollback", null, Pipeline.API_TOKEN).orElseThrow().statusCode());
    }

    private static void commitPhases(Git git, String message) throws Exception {
        git.add().addFilepattern("phases").call();
        git.commit().setMessage(message).setAuthor("e2e", "e2e@example.com").setCommitter("e2e", "e2e@example.com").call();
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        if (java.nio.file.Files.exists(root)) {
            try (var paths = java.nio.file.Files.walk(root)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    // --- the approving operator and planner, until plans carry compensations from the planner itself ---------------

    /** Pauses the queue's drift flag, tampers with it, and waits for the planner to hold the incident for approval. */
    private static JsonNode heldForApproval(String q) {
        var set = pipeline.service("detector").send("PUT", "/api/flags/resource/" + q, "{\"mode\":\"PAUSED\"}", Pipeline.API_TOKEN).orElseThrow();
        assertEquals(200, set.statusCode(), set.body());
        cloud.setQueueAttributes(b -> b.queueUrl(url(q)).attributesWithStrings(Map.of("VisibilityTimeout", "99")));
        cloud.untagQueue(b -> b.queueUrl(url(q)).tagKeys("team"));
        sendCloudTrail("SetQueueAttributes", url(q));
        return awaitState(q, "AWAITING_APPROVAL");
    }

    /** What an approval does: the incident becomes PLANNED with the plan, and plan.ready goes to the executor. */
    private static void approveWithPlan(String incidentId, List<PlannedAction> actions) {
        Incident held = incidents.find(incidentId).orElseThrow();
        String planId = "plan-e2e-" + incidentId;
        transactions.commit(List.of(incidents.transition(held, IncidentState.PLANNED,
                new TimelineEntry(Instant.now(), IncidentState.PLANNED, "e2e-operator", null, "approved with compensations"),
                Map.of(IncidentStore.Field.plan, new StoredPlan(planId, PlanReady.Strategy.RESTORE, actions)))));
        PlanReady plan = new PlanReady(PlanReady.CURRENT_VERSION, incidentId, incidentId,
                Envelopes.idOf(incidentId, EventType.INCIDENT_ANALYZED), held.resource(), planId, PlanReady.Strategy.RESTORE, actions);
        String body = CODEC.write(CODEC.wrap(plan, Envelopes.idOf(incidentId, EventType.PLAN_READY), "homeostat.planner",
                held.resource().account(), held.resource().region(), Instant.now()));
        String executorQueue = control.getQueueUrl(b -> b.queueName("homeostat-executor")).queueUrl();
        control.sendMessage(b -> b.queueUrl(executorQueue).messageBody(body));
    }

    private static PlannedAction setVisibility(String q, String value) {
        return new PlannedAction(1, "aws.sqs.queue/SetQueueAttributes", Map.of("queueName", q, "attribute.VisibilityTimeout", value),
                "VisibilityTimeout " + value);
    }

    private static PlannedAction tagTeam(String q) {
        return new PlannedAction(2, "aws.sqs.queue/TagQueue", Map.of("queueName", q, "tag.team", "payments"), "tag team");
    }

    // --- reading back ----------------------------------------------------------------------------------------------

    private static JsonNode awaitState(String q, String state) {
        return Await.until(q + " " + state, TIMEOUT, () -> {
            try {
                return probe.incidentsFor(q).stream().filter(i -> state.equals(i.path("state").asText())).findFirst();
            } catch (AssertionError slowToAnswer) {
                return Optional.empty(); // a saturated machine can make the API miss the probe's timeout: ask again
            }
        });
    }

    private static List<JsonNode> awaitNotifications(String incidentId, String transition, int count) {
        return Await.until(count + " " + transition + " notification(s) for " + incidentId, TIMEOUT, () -> {
            drainNotifications();
            List<JsonNode> found = mentioning(incidentId, transition);
            return found.size() >= count ? Optional.of(found) : Optional.empty();
        });
    }

    private static List<JsonNode> mentioning(String incidentId, String transition) {
        drainNotifications();
        return notifications.stream().filter(n -> transition(n).equals(transition) && message(n).contains(incidentId)).toList();
    }

    /** Moves everything the SNS subscription received into {@link #notifications} (SNS envelopes). */
    private static void drainNotifications() {
        List<Message> batch;
        do {
            batch = cloud.receiveMessage(b -> b.queueUrl(subscription).maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
            for (Message m : batch) {
                notifications.add(Probe.json(m.body()));
                cloud.deleteMessage(b -> b.queueUrl(subscription).receiptHandle(m.receiptHandle()));
            }
        } while (!batch.isEmpty());
    }

    private static String transition(JsonNode notification) {
        return notification.path("MessageAttributes").path("transition").path("Value").asText();
    }

    private static String message(JsonNode notification) {
        return notification.path("Message").asText();
    }

    /** Drains Homeostat's outbound events queue into {@link #closedEvents} by incident id. */
    private static Optional<JsonNode> closedEvent(String incidentId) {
        String url = control.getQueueUrl(b -> b.queueName("homeostat-events")).queueUrl();
        List<Message> batch;
        do {
            batch = control.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
            for (Message m : batch) {
                JsonNode e = Probe.json(m.body());
                closedEvents.put(e.path("detail").path("incidentId").asText(), e);
                control.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        } while (!batch.isEmpty());
        return Optional.ofNullable(closedEvents.get(incidentId));
    }

    private static List<String> states(JsonNode incident) {
        List<String> states = new ArrayList<>();
        incident.path("timeline").forEach(e -> states.add(e.path("state").asText()));
        return states;
    }

    private static void sendCloudTrail(String eventName, String queueUrl) {
        String detectorQueue = control.getQueueUrl(b -> b.queueName("homeostat-detector")).queueUrl();
        control.sendMessage(b -> b.queueUrl(detectorQueue).messageBody(
                CloudTrailEvents.sqsCall(eventName, queueUrl, CloudTrailEvents.MALLORY_ARN, "AKIAMALLORY")));
    }

    private static String url(String q) {
        return cloud.getQueueUrl(b -> b.queueName(q)).queueUrl();
    }

    private static String attribute(String q, String name) {
        return cloud.getQueueAttributes(b -> b.queueUrl(url(q)).attributeNamesWithStrings(name)).attributesAsStrings().get(name);
    }

    private static Map<String, String> tags(String q) {
        return cloud.listQueueTags(b -> b.queueUrl(url(q))).tags();
    }
}
