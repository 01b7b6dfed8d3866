package io.homeostat.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A storm: someone tampers with one queue 100 times in a few seconds, each change announced by its own CloudTrail
 * event. With the production-like 5-minute cooldown, Homeostat repairs it once and folds every other trigger into
 * that one incident, rather than fighting the person in a loop. (Whether that one repair survives depends on when the
 * person stops: the incident closes RESOLVED, or — when the tampering outlasted the repair — PARTIAL, FAILED, ROLLED_BACK
 * or ESCALATED as the verifier judges it; the next heal waits for the cooldown.)
 */
class StormTest {

    private static final String QUEUE = "storm";
    private static final int TAMPERS = 100;

    private static Pipeline pipeline;
    private static Probe probe;

    @BeforeAll
    static void start() throws Exception {
        pipeline = Pipeline.start("storm", Pipeline.phasesWithQueues("phases-storm", List.of(QUEUE)));
        // Production log format (JSON lines) here, so the log contract is tested too.
        pipeline.startAll(Map.of("homeostat.incidents.cooldown", "5m", "quarkus.log.console.json.enabled", "true"),
                Map.of("homeostat.detector.scan-interval", "3600s", "homeostat.detector.provision-on-start", "true"));
        probe = new Probe(pipeline);
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void hundredTamperEventsInAMinuteMakeExactlyOneRecovery() {
        try (SqsClient cloud = Clients.sqs(pipeline.endpoints.cloud(), "mallory");
             SqsClient control = Clients.sqs(pipeline.endpoints.controlSqs(), "aws-eventbridge")) {
            String url = cloud.getQueueUrl(b -> b.queueName(QUEUE)).queueUrl();
            String detectorQueue = control.getQueueUrl(b -> b.queueName("homeostat-detector")).queueUrl();
            long t0 = System.nanoTime();
            // The calls first, then their CloudTrail events (CloudTrail delivers after the calls, seconds to minutes
            // later). Interleaved, the repair can be planned mid-storm and then refused as stale by the executor
            // (its preconditions see the queue moved since planning) — a different scenario from this one.
            for (int i = 0; i < TAMPERS; i++) {
                String value = Integer.toString(100 + i);
                cloud.setQueueAttributes(b -> b.queueUrl(url).attributesWithStrings(Map.of("VisibilityTimeout", value)));
            }
            for (int i = 0; i < TAMPERS; i++) {
                control.sendMessage(b -> b.queueUrl(detectorQueue).messageBody(
                        CloudTrailEvents.sqsCall("SetQueueAttributes", url, CloudTrailEvents.MALLORY_ARN, "AKIAMALLORY")));
            }
            assertTrue(System.nanoTime() - t0 < Duration.ofMinutes(1).toNanos(), "the storm must fit in a minute");

            // Every one of the 100 events was looked at: it opened the incident, was folded into it, or found the
            // queue already repaired.
            Await.until("all " + TAMPERS + " events handled", Duration.ofSeconds(90), () -> {
                double handled = probe.metric("detector", "homeostat_detector_incidents_opened_total", Map.of())
                        + probe.metric("detector", "homeostat_detector_triggers_suppressed_total", Map.of())
                        + probe.metric("detector", "homeostat_detector_events_ignored_total", Map.of("reason", "in_sync"));
                return handled >= TAMPERS ? Optional.of(handled) : Optional.empty();
            });
            // Verified RESOLVED, or another verdict when the tampering outlasted the repair: either way it was handled once.
            JsonNode incident = Await.until("the incident verified", Duration.ofSeconds(30), () -> probe.incidentsFor(QUEUE).stream()
                    .filter(i -> List.of("RESOLVED", "PARTIAL", "FAILED", "ROLLED_BACK", "ESCALATED").contains(i.path("state").asText()))
                    .findFirst());

            assertEquals(1, probe.incidentsFor(QUEUE).size(), "one incident for the whole storm");
            assertEquals(1.0, probe.metric("executor", "homeostat_executor_steps_total",
                    Map.of("action", "aws.sqs.queue/SetQueueAttributes", "status", "SUCCEEDED")), "exactly one repair ran");
            assertEquals(1.0, probe.metric("detector", "homeostat_detector_incidents_opened_total", Map.of()));
            double suppressed = probe.metric("detector", "homeostat_detector_triggers_suppressed_total", Map.of());
            assertTrue(suppressed >= 1, "later triggers were folded into the incident, not healed again");
            assertEquals((long) suppressed, Await.until("suppressed count on the incident", Duration.ofSeconds(5),
                    () -> Optional.of(probe.incidentsFor(QUEUE).get(0).path("suppressed").asLong())));
            assertEquals(incident.path("state").asText(), incident.path("outcome").asText());
            assertLogLinesCarryTheIncident(incident.path("incidentId").asText());
        }
    }

    /** Every JSON log line that speaks of the incident carries its id (and the correlation id) as MDC fields. */
    private static void assertLogLinesCarryTheIncident(String incidentId) {
        int tagged = 0;
        for (String service : List.of("detector", "verifier")) {
            List<String> lines;
            try {
                lines = java.nio.file.Files.readAllLines(Pipeline.LOG_DIR.resolve("storm").resolve(service + ".log"));
            } catch (java.io.IOException e) {
                throw new AssertionError("cannot read the " + service + " log", e);
            }
            int json = 0;
            for (String line : lines) {
                if (!line.startsWith("{")) {
                    continue; // the JVM's own output before logging starts
                }
                json++;
                JsonNode entry = Probe.json(line);
                if (entry.path("message").asText().contains(incidentId)) {
                    assertEquals(incidentId, entry.path("mdc").path("incidentId").asText(), service + ": " + line);
                    assertEquals(incidentId, entry.path("mdc").path("correlationId").asText(), service + ": " + line);
                    tagged++;
                }
            }
            assertTrue(json > 5, service + " logs JSON lines");
        }
        assertTrue(tagged >= 2, "the incident's opening (detector) and closing (verifier) lines were found: " + tagged);
    }
}
