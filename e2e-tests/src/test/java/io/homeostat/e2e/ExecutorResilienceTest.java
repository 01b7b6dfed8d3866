package io.homeostat.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.homeostat.e2e.fault.FaultProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The executor against a managed cloud that misbehaves for real: a {@link FaultProxy} sits between the executor and
 * moto and answers chosen calls with throttling, 503 or AccessDenied. Every other service talks to moto directly, so
 * detection and verification see the true state.
 *
 * <p>The tests run in order and share one breaker: the AccessDenied of test 2 is the first failure in its window.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExecutorResilienceTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final Set<String> QUEUE_WRITES = Set.of("SetQueueAttributes", "TagQueue", "UntagQueue", "CreateQueue");
    private static final Predicate<FaultProxy.Call> WRITES = call -> QUEUE_WRITES.contains(call.action());

    private static Pipeline pipeline;
    private static FaultProxy proxy;
    private static Probe probe;
    private static SqsClient cloud;
    private static SqsClient control;

    @BeforeAll
    static void start() throws Exception {
        Path phases = Pipeline.phasesWithQueues("phases-executor", List.of("led-throttle", "led-denied", "brk-1", "brk-2", "brk-3", "brk-4"));
        pipeline = Pipeline.start("executor", phases);
        proxy = FaultProxy.start(pipeline.endpoints.cloud());
        Map<String, Map<String, String>> byService = new LinkedHashMap<>();
        Pipeline.SERVICES.forEach(s -> byService.put(s, new LinkedHashMap<>()));
        byService.get("detector").putAll(Map.of("homeostat.detector.scan-interval", "3600s", "homeostat.detector.provision-on-start", "true"));
        // This class is about the executor and its breaker. With history on, the analyzer rightly lowers confidence for
        // brk-2 after brk-1's repair failed (same change signature), and the planner then holds the plan for approval.
        byService.get("analyzer").put("homeostat.analyzer.history-limit", "0");
        byService.get("executor").putAll(Map.of(
                "homeostat.local.cloud", proxy.endpoint(), // the executor alone reaches the managed cloud through the proxy
                "homeostat.executor.step-backoff", "50ms",
                "homeostat.executor.breaker.failure-threshold", "3",
                "homeostat.executor.breaker.window", "10m",
                "homeostat.executor.breaker.open-duration", "45s")); // long enough for the waiting checks on a busy machine
        pipeline.startServices(byService);
        probe = new Probe(pipeline);
        cloud = Clients.sqs(pipeline.endpoints.cloud(), "mallory");
        control = Clients.sqs(pipeline.endpoints.controlSqs(), "aws-eventbridge");
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    @Order(1)
    void throttledTwiceThenSucceedsLeavesThreeLedgerEntriesAndResolves() {
        proxy.inject(FaultProxy.action("SetQueueAttributes"), FaultProxy.Fault.throttling(), 2);

        tamperVisibility("led-throttle");
        JsonNode incident = awaitClosed("led-throttle", "RESOLVED");

        List<JsonNode> ledger = list(incident.path("ledger"));
        assertEquals(3, ledger.size(), ledger.toString());
        assertEquals(List.of("FAILED", "FAILED", "SUCCEEDED"), ledger.stream().map(e -> e.path("result").asText()).toList());
        assertEquals(List.of(1, 2, 3), ledger.stream().map(e -> e.path("attempt").asInt()).toList());
        ledger.forEach(e -> assertEquals("aws.sqs.queue/SetQueueAttributes", e.path("action").asText()));
        assertTrue(ledger.get(0).path("errorCode").asText().startsWith("Throttling"), ledger.get(0).toString());
        assertTrue(ledger.get(0).path("retryable").asBoolean());
        assertEquals(3, ledger.stream().map(e -> e.path("clientToken").asText()).distinct().count(), "one token per try");
        assertEquals("led-throttle", ledger.get(0).path("parameters").path("queueName").asText());
        JsonNode step = incident.path("steps").get(0);
        assertEquals("SUCCEEDED", step.path("status").asText());
        assertEquals(3, step.path("attempts").asInt());
        assertEquals(3, proxy.count(WRITES), "three SetQueueAttributes calls reached the proxy, as the ledger says");
        assertEquals("30", attributes("led-throttle").get("VisibilityTimeout"));
    }

    @Test
    @Order(2)
    void accessDeniedStopsAtOnceWithOneLedgerEntryAndTheRestSkipped() {
        long before = proxy.count(WRITES);
        proxy.inject(WRITES, FaultProxy.Fault.accessDenied(), -1);
        String url = url("led-denied");
        cloud.untagQueue(b -> b.queueUrl(url).tagKeys("team"));

        tamperVisibility("led-denied");
        JsonNode incident = awaitClosed("led-denied", "FAILED");
        proxy.heal();

        List<JsonNode> steps = list(incident.path("steps"));
        assertEquals(2, steps.size(), "attribute and tag to restore: " + steps);
        assertEquals("FAILED", steps.get(0).path("status").asText());
        assertEquals(1, steps.get(0).path("attempts").asInt(), "not retried");
        assertTrue(steps.get(0).path("errorCode").asText().startsWith("AccessDenied"), steps.get(0).toString());
        assertEquals("SKIPPED", steps.get(1).path("status").asText());
        List<JsonNode> ledger = list(incident.path("ledger"));
        assertEquals(1, ledger.size(), ledger.toString());
        assertEquals("FAILED", ledger.get(0).path("result").asText());
        assertEquals(1, proxy.count(WRITES) - before, "one write call, then nothing");
    }

    @Test
    @Order(3)
    void breakerOpensAfterRepeatedFailuresPlansWaitThenItHalfOpensClosesAndTheyResolve() {
        proxy.inject(WRITES, FaultProxy.Fault.serviceUnavailable(), -1);
        tamperVisibility("brk-1");
        awaitClosed("brk-1", "FAILED");
        tamperVisibility("brk-2");
        awaitClosed("brk-2", "FAILED");

        // led-denied, brk-1 and brk-2 failed in the cloud: three within the window open the breaker.
        assertEquals("open", breakerHealth().path("state").asText());
        assertEquals(1.0, probe.metric("executor", "homeostat_executor_breaker_state", Map.of("state", "open")));
        assertEquals(1.0, probe.metric("executor", "homeostat_executor_breaker_transitions_total", Map.of("from", "closed", "to", "open")));
        assertEquals(3, list(lastIncident("brk-2").path("ledger")).size(), "503 is retried: step-attempts 3");

        long writesWhileOpen = proxy.count(WRITES);
        tamperVisibility("brk-3");
        tamperVisibility("brk-4");
        Await.until("both plans deferred", TIMEOUT, () -> Optional.of(true)
                .filter(x -> probe.metric("executor", "homeostat_messages_total", Map.of("outcome", "deferred")) >= 2));
        Await.sleep(3000);
        for (String q : List.of("brk-3", "brk-4")) {
            assertEquals("PLANNED", lastIncident(q).path("state").asText(), q + " waits, neither executed nor failed");
        }
        assertEquals(writesWhileOpen, proxy.count(WRITES), "no write reaches the cloud while the breaker is open");
        assertEquals(0, dlqDepth(), "waiting plans are not dead-lettered");
        assertEquals("open", breakerHealth().path("state").asText());
        assertEquals("UP", readiness().path("status").asText(), "an open breaker is the cloud's problem, not the executor's");

        proxy.heal();
        awaitClosed("brk-3", "RESOLVED");
        awaitClosed("brk-4", "RESOLVED");

        assertEquals("closed", breakerHealth().path("state").asText());
        assertEquals(1.0, probe.metric("executor", "homeostat_executor_breaker_state", Map.of("state", "closed")));
        assertEquals(1.0, probe.metric("executor", "homeostat_executor_breaker_transitions_total", Map.of("from", "open", "to", "half_open")));
        assertEquals(1.0, probe.metric("executor", "homeostat_executor_breaker_transitions_total", Map.of("from", "half_open", "to", "closed")));
        assertEquals(0, dlqDepth());
        for (String q : List.of("brk-3", "brk-4")) {
            assertEquals("30", attributes(q).get("VisibilityTimeout"), q);
        }
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static void tamperVisibility(String queue) {
        String url = url(queue);
        cloud.setQueueAttributes(b -> b.queueUrl(url).attributesWithStrings(Map.of("VisibilityTimeout", "99")));
        String detectorQueue = control.getQueueUrl(b -> b.queueName("homeostat-detector")).queueUrl();
        control.sendMessage(b -> b.queueUrl(detectorQueue).messageBody(
                CloudTrailEvents.sqsCall("SetQueueAttributes", url, CloudTrailEvents.MALLORY_ARN, "AKIAMALLORY")));
    }

    private static JsonNode awaitClosed(String queue, String state) {
        return Await.until("incident for " + queue + " " + state, TIMEOUT, () -> probe.incidentsFor(queue).stream()
                .filter(i -> state.equals(i.path("state").asText()))
                .findFirst());
    }

    private static JsonNode lastIncident(String queue) {
        return Await.until("an incident for " + queue, TIMEOUT, () -> probe.incidentsFor(queue).stream().findFirst());
    }

    private static JsonNode readiness() {
        return Probe.json(pipeline.service("executor").get("/q/health/ready").orElseThrow().body());
    }

    private static JsonNode breakerHealth() {
        for (JsonNode check : readiness().path("checks")) {
            if ("circuit-breaker".equals(check.path("name").asText())) {
                return check.path("data");
            }
        }
        throw new AssertionError("no circuit-breaker check in " + readiness());
    }

    private static int dlqDepth() {
        String url = control.getQueueUrl(b -> b.queueName("homeostat-executor-dlq")).queueUrl();
        return Integer.parseInt(control.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    private static String url(String queue) {
        return cloud.getQueueUrl(b -> b.queueName(queue)).queueUrl();
    }

    private static Map<String, String> attributes(String queue) {
        return cloud.getQueueAttributes(b -> b.queueUrl(url(queue)).attributeNames(QueueAttributeName.ALL)).attributesAsStrings();
    }
}
