package io.homeostat.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.homeostat.e2e.fault.FaultProxy;
import io.homeostat.e2e.fault.PoisonInputs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The system under faults, with the five services as processes behind {@link FaultProxy}s: every control-plane call
 * (ElasticMQ, DynamoDB Local) goes through one proxy each, and the executor's managed-cloud calls (moto) through a
 * third, which counts every mutating call per resource — the managed cloud's own view of how often we acted.
 *
 * <p>One pipeline for all scenarios, in order, to keep the suite's time down; each scenario uses its own queues.
 * Sizes are the stated minimum and can be raised: {@code -Dhomeostat.e2e.chaos.incidents=N},
 * {@code -Dhomeostat.e2e.outage.seconds=S}, {@code -Dhomeostat.e2e.chaos.seed=X} (printed, to replay a run).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionTest {

    private static final int CHAOS_INCIDENTS = Integer.getInteger("homeostat.e2e.chaos.incidents", 100);
    private static final int REDELIVERY_INCIDENTS = Integer.getInteger("homeostat.e2e.redelivery.incidents", 10);
    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("homeostat.e2e.outage.seconds", 30));
    private static final long SEED = Long.getLong("homeostat.e2e.chaos.seed", System.nanoTime());
    private static final List<String> CONSUMERS = List.of("analyzer", "planner", "executor", "verifier");
    private static final Set<String> CLOSED = Set.of("RESOLVED", "FAILED", "NOTIFIED");

    private static final List<String> REDELIVERY_QUEUES = names("dup", REDELIVERY_INCIDENTS);
    private static final List<String> CHAOS_QUEUES = names("chaos", CHAOS_INCIDENTS);

    private static Pipeline pipeline;
    private static Probe probe;
    private static FaultProxy controlSqs;
    private static FaultProxy controlDynamo;
    private static FaultProxy cloudForExecutor;
    private static ControlQueues queues;
    private static Tampering tampering;

    @BeforeAll
    static void start() throws Exception {
        System.out.println("FaultInjectionTest seed: " + SEED + " (replay with -Dhomeostat.e2e.chaos.seed=" + SEED + ")");
        List<String> declared = new ArrayList<>(List.of("poison-heal", "outage-heal"));
        declared.addAll(REDELIVERY_QUEUES);
        declared.addAll(CHAOS_QUEUES);
        pipeline = Pipeline.start("faults", Pipeline.phasesWithQueues("phases-faults", declared));
        controlSqs = FaultProxy.start(pipeline.endpoints.controlSqs());
        controlDynamo = FaultProxy.start(pipeline.endpoints.controlDynamodb());
        cloudForExecutor = FaultProxy.start(pipeline.endpoints.cloud());

        Map<String, String> common = Map.of(
                "homeostat.local.control-sqs", controlSqs.endpoint(),
                "homeostat.local.control-dynamodb", controlDynamo.endpoint(),
                // A killed worker's claim holds its message back this long: short, so the chaos run stays short.
                "homeostat.consumer.claim-lease", "15s",
                "homeostat.consumer.backoff-max", "5s");
        Map<String, Map<String, String>> byService = new LinkedHashMap<>();
        for (String s : Pipeline.SERVICES) {
            Map<String, String> props = new LinkedHashMap<>(common);
            if (s.equals("detector")) {
                // The scan re-publishes incidents a killed detector committed but never announced.
                props.putAll(Map.of("homeostat.detector.scan-interval", "20s", "homeostat.detector.provision-on-start", "true",
                        "homeostat.detector.republish-stalled-after", "10s"));
            }
            if (s.equals("executor")) {
                props.put("homeostat.local.cloud", cloudForExecutor.endpoint());
            }
            byService.put(s, props);
        }
        pipeline.startServices(byService);
        probe = new Probe(pipeline);
        queues = new ControlQueues(pipeline);
        tampering = new Tampering(pipeline);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {tampering, queues, pipeline, controlSqs, controlDynamo, cloudForExecutor}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                System.err.println("closing " + c + ": " + e);
            }
        }
    }

    @Test
    @Order(1)
    void poisonInputsAreDeadLetteredWithAReasonOrIgnoredAndRealWorkStillHeals() {
        Path corpusDir = Pipeline.ROOT.getParent().resolve("shared/testdata/cloudtrail");
        List<String> corpus = PoisonInputs.cloudTrailCorpus(corpusDir);
        List<String> malformed = PoisonInputs.malformed();
        String bigValid = PoisonInputs.maxSizeCloudTrailEvent(PoisonInputs.SQS_MAX_BYTES);
        String bigGarbage = PoisonInputs.maxSizeGarbage(PoisonInputs.SQS_MAX_BYTES);

        List<String> toDetector = new ArrayList<>(corpus.subList(0, corpus.size() / 2));
        queues.sendAll("detector", toDetector);
        tampering.tamperAndReport("poison-heal"); // real work in the middle of the poison
        List<String> rest = new ArrayList<>(corpus.subList(corpus.size() / 2, corpus.size()));
        rest.addAll(malformed);
        rest.add(bigValid);
        rest.add(bigGarbage);
        queues.sendAll("detector", rest);
        toDetector.addAll(rest);
        Map<String, String> unknownVersion = new LinkedHashMap<>();
        for (String consumer : CONSUMERS) {
            queues.sendAll(consumer, malformed);
            unknownVersion.put(consumer, PoisonInputs.unknownSchemaVersion(Pipeline.ROOT.resolve("shared-model/src/test/resources/golden"), consumer));
            queues.send(consumer, unknownVersion.get(consumer));
        }

        awaitClosed("poison-heal", Duration.ofSeconds(120));
        awaitQueuesSettled(Duration.ofSeconds(120));

        for (String s : Pipeline.SERVICES) {
            assertTrue(pipeline.service(s).isAlive(), s + " survived the poison");
        }
        assertEquals("RESOLVED", probe.incidentsFor("poison-heal").get(0).path("state").asText(), "real work still healed");

        // What goes in comes out: every message sent to the detector (and every record a log file was split into, and
        // the tamper's own event) was processed — handled or ignored — or dead-lettered.
        double split = probe.metric("detector", "homeostat_detector_records_split_total", Map.of());
        double out = outcome("detector", "processed") + outcome("detector", "dead_lettered") + outcome("detector", "duplicate");
        assertEquals(toDetector.size() + 1 + split, out, "detector ledger: in = " + toDetector.size() + " sent + 1 tamper event + "
                + split + " split records");

        List<Message> detectorDlq = queues.drainDeadLetters("detector");
        Set<String> dlqBodies = new HashSet<>();
        detectorDlq.forEach(m -> {
            assertHasReason(m);
            dlqBodies.add(m.body());
        });
        for (String bad : malformed) {
            assertTrue(dlqBodies.contains(bad), "malformed input dead-lettered: " + bad);
        }
        assertTrue(dlqBodies.contains(bigGarbage), "a 256 KiB unreadable message is dead-lettered too");
        assertFalse(dlqBodies.contains(bigValid), "a 256 KiB valid event about an unmanaged queue is ignored, not dead-lettered");
        assertEquals(outcome("detector", "dead_lettered"), detectorDlq.size(), "every dead-lettered message is in the DLQ");

        for (String consumer : CONSUMERS) {
            List<Message> dlq = queues.drainDeadLetters(consumer);
            dlq.forEach(FaultInjectionTest::assertHasReason);
            Set<String> bodies = new HashSet<>(dlq.stream().map(Message::body).toList());
            assertTrue(bodies.containsAll(malformed), consumer + " dead-letters malformed JSON");
            Message versioned = dlq.stream().filter(m -> m.body().equals(unknownVersion.get(consumer))).findFirst()
                    .orElseThrow(() -> new AssertionError(consumer + " did not dead-letter the unknown schema version"));
            assertTrue(reason(versioned).contains("999"), consumer + " names the version it refused: " + reason(versioned));
            assertEquals(malformed.size() + 1, dlq.size(), consumer + ": nothing else was dead-lettered");
        }
    }

    @Test
    @Order(2)
    void everyMessageDeliveredTwoOrThreeTimesStillActsOnceOnTheCloud() {
        Random random = new Random(SEED);
        // Every event any service publishes is sent two or three times: each consumer sees every message repeated.
        controlSqs.duplicate(FaultProxy.action("SendMessage"), () -> 2 + random.nextInt(2));
        long before = controlSqs.duplicatesSent();
        try {
            for (String q : REDELIVERY_QUEUES) {
                tampering.tamperAndReport(q, 3); // and AWS delivers the CloudTrail event three times
            }
            for (String q : REDELIVERY_QUEUES) {
                awaitClosed(q, Duration.ofSeconds(90));
            }
        } finally {
            controlSqs.heal();
        }
        assertTrue(controlSqs.duplicatesSent() - before >= 4L * REDELIVERY_INCIDENTS, "events really were sent repeatedly");
        for (String q : REDELIVERY_QUEUES) {
            List<JsonNode> incidents = probe.incidentsFor(q);
            assertEquals(1, incidents.size(), q + ": one incident");
            assertEquals("RESOLVED", incidents.get(0).path("state").asText(), q);
            assertTimelineHasNoRepeats(incidents.get(0));
            assertEquals(1, cloudForExecutor.count(mutating(q)), q + ": the cloud saw exactly one change");
        }
        for (String consumer : CONSUMERS) {
            assertTrue(outcome(consumer, "duplicate") > 0, consumer + " recognised repeated messages");
        }
    }

    @Test
    @Order(3)
    void killNineOfRandomServicesAtRandomMomentsLosesAndDuplicatesNothing() throws Exception {
        Chaos chaos = new Chaos(pipeline, new Random(SEED));
        chaos.start();
        try {
            Random pace = new Random(SEED + 1);
            for (String q : CHAOS_QUEUES) {
                tampering.tamperAndReport(q);
                Await.sleep(pace.nextInt(150));
            }
            chaos.keepGoingUntil(() -> chaos.kills().size() >= 3, Duration.ofSeconds(60));
        } finally {
            chaos.stop();
        }
        System.out.println("chaos (seed " + SEED + "): " + chaos.kills());
        chaos.restartTheDead();

        awaitAllClosedOrDeadLettered(CHAOS_QUEUES, Duration.ofSeconds(240));

        // The ledger: every tamper that went in came out once, as a closed incident or a dead letter with a reason.
        Map<String, List<Message>> deadLetters = new LinkedHashMap<>();
        for (String s : Pipeline.SERVICES) {
            deadLetters.put(s, queues.drainDeadLetters(s));
        }
        int resolved = 0;
        int deadLettered = 0;
        int reapplied = 0;
        for (String q : CHAOS_QUEUES) {
            List<JsonNode> incidents = probe.incidentsFor(q);
            assertTrue(incidents.size() <= 1, q + ": duplicated incidents " + incidents.size());
            if (incidents.isEmpty() || !CLOSED.contains(incidents.get(0).path("state").asText())) {
                Message m = deadLetterAbout(deadLetters, q, incidents)
                        .orElseThrow(() -> new AssertionError(q + " was lost: " + incidents));
                assertHasReason(m);
                deadLettered++;
                continue;
            }
            JsonNode incident = incidents.get(0);
            assertEquals("RESOLVED", incident.path("state").asText(), q + ": " + incident);
            assertTimelineHasNoRepeats(incident);
            assertEquals("30", tampering.visibilityTimeout(q), q + " is back to desired");
            long changes = cloudForExecutor.count(mutating(q));
            assertTrue(changes >= 1, q + ": resolved without a change on the cloud?");
            if (changes > 1) {
                reapplied++; // an executor killed between applying and committing re-applies the same idempotent step
            }
            resolved++;
        }
        System.out.printf("chaos ledger: %d in, %d resolved, %d dead-lettered, %d re-applied after an executor kill%n",
                CHAOS_QUEUES.size(), resolved, deadLettered, reapplied);
        assertEquals(CHAOS_QUEUES.size(), resolved + deadLettered, "what goes in must come out");
        long executorKills = chaos.kills().stream().filter(k -> k.startsWith("executor")).count();
        assertTrue(reapplied <= 2 * executorKills, reapplied + " re-applied steps, but only " + executorKills
                + " executor kill(s), each interrupting at most its 2 workers");
    }

    @Test
    @Order(4)
    void controlPlaneUnreachableForAWhileServicesStayUpReportNotReadyAndResume() {
        Map<String, ServiceProcess> running = new LinkedHashMap<>();
        Pipeline.SERVICES.forEach(s -> running.put(s, pipeline.service(s)));
        long start = System.nanoTime();
        controlDynamo.inject(call -> true, FaultProxy.Fault.unreachable(), -1);
        controlSqs.inject(call -> true, FaultProxy.Fault.unreachable(), -1);
        try {
            tampering.tamperAndReport("outage-heal"); // AWS still delivers: the event waits on the queue
            for (String s : Pipeline.SERVICES) {
                Await.until(s + " reports not ready", OUTAGE, () -> running.get(s).get("/q/health/ready")
                        .filter(r -> r.statusCode() == 503).map(r -> r));
            }
            while (System.nanoTime() - start < OUTAGE.toNanos()) {
                for (String s : Pipeline.SERVICES) {
                    assertTrue(running.get(s).isAlive(), s + " stays up during the outage");
                    assertEquals(200, running.get(s).get("/q/health/live").map(r -> r.statusCode()).orElse(-1), s + " is live");
                }
                Await.sleep(1000);
            }
        } finally {
            controlDynamo.heal();
            controlSqs.heal();
        }
        for (String s : Pipeline.SERVICES) {
            running.get(s).awaitReady(Duration.ofSeconds(60));
            assertTrue(pipeline.service(s) == running.get(s), s + " recovered by itself, not by a restart");
        }
        assertEquals("RESOLVED", awaitClosed("outage-heal", Duration.ofSeconds(90)).path("state").asText(),
                "the work that arrived during the outage was done after it");
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private static List<String> names(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> "%s-%03d".formatted(prefix, i)).toList();
    }

    private static double outcome(String service, String outcome) {
        return probe.metric(service, "homeostat_messages_total", Map.of("outcome", outcome));
    }

    /** A change the executor made to queue {@code q} on the managed cloud (reads do not count). */
    private static Predicate<FaultProxy.Call> mutating(String q) {
        return call -> !call.faulted() && call.status() < 300 && call.action().matches("(Create|Set|Tag|Untag|Delete).*")
                && (call.body().contains("/" + q + "\"") || call.body().contains("\"QueueName\":\"" + q + "\""));
    }

    private static JsonNode awaitClosed(String queue, Duration timeout) {
        return Await.until(queue + " incident closed", timeout, () -> probe.incidentsFor(queue).stream()
                .filter(i -> CLOSED.contains(i.path("state").asText())).findFirst());
    }

    private static void awaitQueuesSettled(Duration timeout) {
        Await.until("every service queue empty", timeout, () -> Pipeline.SERVICES.stream()
                .allMatch(s -> queues.inFlightOrWaiting(s) == 0) ? Optional.of(true) : Optional.empty());
    }

    private static void awaitAllClosedOrDeadLettered(List<String> names, Duration timeout) {
        Await.until("every chaos incident closed (or its message dead-lettered)", timeout, () -> {
            Map<String, String> state = new LinkedHashMap<>();
            probe.incidents().forEach(i -> state.put(i.path("resource").path("name").asText(), i.path("state").asText()));
            long open = names.stream().filter(n -> !CLOSED.contains(state.getOrDefault(n, ""))).count();
            if (open == 0) {
                return Optional.of(0L);
            }
            // Not all closed: done only if nothing is moving any more and the rest can be dead letters.
            boolean idle = Pipeline.SERVICES.stream().allMatch(s -> queues.inFlightOrWaiting(s) == 0);
            long deadLetters = Pipeline.SERVICES.stream().mapToLong(s -> queues.inFlightOrWaiting(s + "-dlq")).sum();
            return idle && open <= deadLetters ? Optional.of(open) : Optional.empty();
        });
    }

    private static Optional<Message> deadLetterAbout(Map<String, List<Message>> dlqs, String q, List<JsonNode> incidents) {
        String incidentId = incidents.isEmpty() ? null : incidents.get(0).path("incidentId").asText();
        return dlqs.values().stream().flatMap(List::stream)
                .filter(m -> m.body().contains("/" + q + "\"") || (incidentId != null && m.body().contains(incidentId)))
                .findFirst();
    }

    private static void assertTimelineHasNoRepeats(JsonNode incident) {
        List<String> states = new ArrayList<>();
        incident.path("timeline").forEach(e -> states.add(e.path("state").asText()));
        assertEquals(new HashSet<>(states).size(), states.size(), "each state once: " + states);
    }

    private static String reason(Message m) {
        var a = m.messageAttributes().get("homeostat-failure-reason");
        return a == null ? "" : a.stringValue();
    }

    private static void assertHasReason(Message m) {
        assertFalse(reason(m).isBlank(), "dead letter " + m.messageId() + " carries its reason");
    }
}
