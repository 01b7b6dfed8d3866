package io.homeostat.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Approval end to end, five services as processes on the local stack: a plan held because the resource is PAUSED is
 * approved over the planner's API with a token and then runs and resolves; a plan held by a phase file's policy rule is
 * rejected; a plan nobody decides on expires and can no longer be approved.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApprovalFlowTest {

    /** Generous: the services share 2 cores with other work; a heal is normally seconds. */
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** Short, so the expiry scenario fits in a test; the approve and reject scenarios decide at once. */
    private static final String EXPIRY = "30s";

    private static Pipeline pipeline;
    private static Probe probe;
    private static SqsClient cloud;

    @BeforeAll
    static void startEverything() throws Exception {
        Path phases = Pipeline.phasesWithQueues("phases-approval", List.of("ap-paused", "ap-expire"));
        Files.writeString(phases.resolve("20-guarded.yaml"), """
                phase: guarded
                defaults: {account: "123456789012", region: us-east-1, drift: auto-heal}
                policy:
                  guarded-queue-needs-approval:
                    when: "resource.name == 'ap-policy' && action.verb == 'SetQueueAttributes'"
                    effect: require-approval
                    description: the guarded queue is changed only with a person's approval
                resources:
                  ap-policy:
                    type: aws.sqs.queue
                    name: ap-policy
                    properties: {VisibilityTimeout: 30, DelaySeconds: 2}
                    tags: {team: payments, env: e2e}
                """);
        pipeline = Pipeline.start("approval", phases);
        Map<String, String> common = Map.of(
                "homeostat.planner.approval.expiry", EXPIRY,
                "homeostat.planner.approval.sweep-interval", "1s");
        pipeline.startAll(common, Map.of("homeostat.detector.scan-interval", "1s", "homeostat.detector.provision-on-start", "true"));
        probe = new Probe(pipeline);
        cloud = Clients.sqs(pipeline.endpoints.cloud(), "mallory");
        for (String q : List.of("ap-paused", "ap-expire")) {
            // The first calls to a freshly started JVM can be slow on a loaded machine: retry until it answers.
            Await.until("flag PAUSED on " + q, Duration.ofSeconds(60), () -> pipeline.service("detector").send("PUT",
                    "/api/flags/resource/" + q, "{\"mode\":\"PAUSED\",\"reason\":\"change freeze\"}", Pipeline.API_TOKEN)
                    .filter(r -> r.statusCode() == 200));
        }
    }

    @AfterAll
    static void stopEverything() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    @Order(1)
    void thePlanApiNeedsAToken() {
        ServiceProcess planner = pipeline.service("planner");
        assertEquals(401, planner.send("GET", "/api/plans", null, null).orElseThrow().statusCode());
        assertEquals(401, planner.send("POST", "/api/plans/x/approve", "{}", "not-a-token").orElseThrow().statusCode());
        assertEquals(404, post("no-such-plan", "approve", "{}").statusCode());
        assertEquals(400, planner.send("GET", "/api/plans?state=SLEEPY", null, Pipeline.API_TOKEN).orElseThrow().statusCode());
    }

    @Test
    @Order(2)
    void aPausedResourceWaitsIsApprovedWithATokenThenExecutesAndResolves() {
        tamper("ap-paused");
        JsonNode waiting = awaitState("ap-paused", "AWAITING_APPROVAL");
        assertTrue(waiting.path("approval").path("reasons").toString().contains("drift flag PAUSED"), waiting.toString());
        assertEquals("77", visibility("ap-paused"), "nothing runs before the approval");
        String planId = waiting.path("plan").path("planId").asText();
        assertTrue(listed("AWAITING_APPROVAL").contains(planId), "GET /api/plans lists the waiting plan");

        HttpResponse<String> approved = post(planId, "approve", "{\"reason\":\"checked with payments\"}");
        assertEquals(200, approved.statusCode(), approved.body());
        assertEquals("PLANNED", Probe.json(approved.body()).path("state").asText());

        JsonNode resolved = awaitState("ap-paused", "RESOLVED");
        assertEquals("30", visibility("ap-paused"), "the approved plan ran");
        assertEquals(List.of("DETECTED", "ANALYZED", "AWAITING_APPROVAL", "PLANNED", "EXECUTING", "EXECUTED", "RESOLVED"),
                states(resolved));
        JsonNode approval = resolved.path("approval");
        assertEquals("APPROVED", approval.path("decision").asText());
        assertEquals("e2e", approval.path("decidedBy").asText(), "who: the user behind the token");
        assertEquals("checked with payments", approval.path("comment").asText());
        assertTrue(timelineNote(resolved, "PLANNED").startsWith("approved by e2e"), resolved.toString());

        HttpResponse<String> again = post(planId, "approve", "{}");
        assertEquals(409, again.statusCode(), again.body());
        assertTrue(again.body().contains("already approved by e2e"), again.body());
    }

    @Test
    @Order(3)
    void aPlanHeldByAPhasePolicyRuleIsRejectedAndNothingRuns() {
        tamper("ap-policy");
        JsonNode waiting = awaitState("ap-policy", "AWAITING_APPROVAL");
        JsonNode policy = waiting.path("plan").path("policy");
        assertEquals("REQUIRE_APPROVAL", policy.path("effect").asText(), waiting.toString());
        assertEquals("guarded-queue-needs-approval", policy.path("matches").get(0).path("rule").asText());
        assertEquals("20-guarded.yaml", policy.path("matches").get(0).path("source").asText());

        assertEquals(400, post(waiting.path("incidentId").asText(), "reject", "{}").statusCode(), "a rejection needs a reason");
        HttpResponse<String> rejected = post(waiting.path("incidentId").asText(), "reject", "{\"reason\":\"the team changed it\"}");
        assertEquals(200, rejected.statusCode(), rejected.body());

        JsonNode done = awaitState("ap-policy", "REJECTED");
        assertEquals("REJECTED", done.path("approval").path("decision").asText());
        assertEquals("the team changed it", done.path("approval").path("comment").asText());
        Await.sleep(2_000);
        assertEquals("77", visibility("ap-policy"), "a rejected plan never runs");
    }

    @Test
    @Order(4)
    void aPlanNobodyDecidesOnExpiresAndCanNoLongerBeApproved() {
        tamper("ap-expire");
        JsonNode waiting = awaitState("ap-expire", "AWAITING_APPROVAL");
        String incidentId = waiting.path("incidentId").asText();

        JsonNode expired = Await.until("ap-expire plan EXPIRED", Duration.ofSeconds(120), () -> probe.incidentsFor("ap-expire")
                .stream().filter(i -> i.path("incidentId").asText().equals(incidentId))
                .filter(i -> "EXPIRED".equals(i.path("state").asText())).findFirst());
        assertEquals("EXPIRED", expired.path("approval").path("decision").asText());

        HttpResponse<String> late = post(incidentId, "approve", "{\"reason\":\"sorry, was away\"}");
        assertEquals(409, late.statusCode(), late.body());
        assertTrue(late.body().contains("already expired"), late.body());
        assertEquals("77", visibility("ap-expire"), "an expired plan never runs");
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static void tamper(String queue) {
        String url = cloud.getQueueUrl(b -> b.queueName(queue)).queueUrl();
        cloud.setQueueAttributes(b -> b.queueUrl(url).attributesWithStrings(Map.of("VisibilityTimeout", "77")));
    }

    private static String visibility(String queue) {
        String url = cloud.getQueueUrl(b -> b.queueName(queue)).queueUrl();
        return cloud.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT))
                .attributesAsStrings().get("VisibilityTimeout");
    }

    private static JsonNode awaitState(String queue, String state) {
        return Await.until(queue + " incident " + state, TIMEOUT, () -> probe.incidentsFor(queue).stream()
                .filter(i -> state.equals(i.path("state").asText())).findFirst());
    }

    private static HttpResponse<String> post(String id, String decision, String json) {
        return pipeline.service("planner").send("POST", "/api/plans/" + id + "/" + decision, json, Pipeline.API_TOKEN)
                .orElseThrow(() -> new AssertionError("planner did not answer"));
    }

    private static String listed(String state) {
        return pipeline.service("planner").get("/api/plans?state=" + state).map(HttpResponse::body).orElse("");
    }

    private static List<String> states(JsonNode incident) {
        List<String> states = new ArrayList<>();
        incident.path("timeline").forEach(e -> states.add(e.path("state").asText()));
        return states;
    }

    private static String timelineNote(JsonNode incident, String state) {
        for (JsonNode e : incident.path("timeline")) {
            if (state.equals(e.path("state").asText())) {
                return e.path("note").asText();
            }
        }
        return "";
    }
}
