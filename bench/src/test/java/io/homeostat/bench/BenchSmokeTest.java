package io.homeostat.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Keeps the bench working: the whole bench at a size the build can afford, checking that every figure was measured.
 * The numbers themselves are not asserted (speed belongs to the bench run, not to the build).
 */
class BenchSmokeTest {

    @Test
    void aSmallBenchRunMeasuresEveryFigure() throws Exception {
        Path out = Path.of("target/bench-smoke/bench.json");
        BenchOptions options = BenchOptions.smoke(out);
        BenchReport report = BenchMain.run(options);
        System.out.println(report.table());

        JsonNode json = new ObjectMapper().readTree(out.toFile());
        assertEquals(options.incidents(), json.at("/mttrMillis/samples").asInt(), "every incident resolved and timed");
        assertEquals(0, json.at("/mttrMillis/notResolved").asInt());
        assertTrue(json.at("/mttrMillis/p50").asDouble() > 0);
        assertTrue(json.at("/mttrMillis/p99").asDouble() >= json.at("/mttrMillis/p50").asDouble());
        assertTrue(json.at("/throughput/incidentsPerSecond").asDouble() > 0);
        assertTrue(json.at("/stack/sqsCallsPerSecond").asDouble() > 0);
        assertTrue(json.at("/stack/dynamoConditionalWritesPerSecond").asDouble() > 0);
        // Each of the five stages receives, deletes and publishes (the verifier publishes incident.closed).
        assertTrue(json.at("/callsPerIncident/sqs/DeleteMessage").asDouble() >= 5, json.at("/callsPerIncident").toString());
        assertTrue(json.at("/callsPerIncident/dynamodb/TransactWriteItems").asDouble() >= 5, json.at("/callsPerIncident").toString());
        assertTrue(json.at("/throughput/stackLimitIncidentsPerSecond").asDouble() > 0);
        assertEquals(options.resources(), json.at("/scan/resources").asInt());
        assertTrue(json.at("/scan/seconds").asDouble() > 0);
        assertTrue(json.at("/scan/cloudCallsPerResource").asDouble() >= 1, "every resource was observed on moto");
        for (String s : new String[] {"detector", "analyzer", "planner", "executor", "verifier"}) {
            assertTrue(json.at("/services/" + s + "/readyMillis").asLong() > 0, s);
            assertTrue(json.at("/services/" + s + "/rssKib").asLong() > 0, s);
        }
    }
}
