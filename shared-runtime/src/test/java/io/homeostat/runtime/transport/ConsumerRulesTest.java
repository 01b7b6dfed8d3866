package io.homeostat.runtime.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.homeostat.model.envelope.EventEnvelope;
import io.homeostat.model.envelope.EventIds;
import io.homeostat.model.envelope.InvalidEventException;
import io.homeostat.model.envelope.UnsupportedSchemaVersionException;
import io.homeostat.model.events.EventType;
import io.homeostat.runtime.provider.CloudCallException;
import io.homeostat.runtime.provider.InvalidActionException;
import io.homeostat.runtime.store.ConflictException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The consumer's decisions that need no queue: what a message deduplicates on, what is never retried, how long to wait. */
class ConsumerRulesTest {

    private static EventEnvelope envelope(String id, String detailType, ObjectNode detail) {
        return new EventEnvelope("0", id, detailType, "test", "123456789012", Instant.EPOCH, "us-east-1", List.of(), detail);
    }

    private static ObjectNode detail(String... kv) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < kv.length; i += 2) {
            n.put(kv[i], kv[i + 1]);
        }
        return n;
    }

    static Stream<Arguments> dedupKeys() {
        return Stream.of(
                Arguments.of("our event: derived from incident and type, not the envelope id",
                        envelope("eb-assigned-1", "plan.ready", detail("incidentId", "inc-1")), EventIds.forIncident("inc-1", EventType.PLAN_READY)),
                Arguments.of("same incident, other type: another key",
                        envelope("eb-assigned-2", "incident.closed", detail("incidentId", "inc-1")),
                        EventIds.forIncident("inc-1", EventType.INCIDENT_CLOSED)),
                Arguments.of("CloudTrail event: its eventID",
                        envelope("eb-assigned-3", EventType.CLOUDTRAIL_DETAIL_TYPE, detail("eventID", "ct-123", "eventName", "TagQueue")),
                        "ct-123"),
                Arguments.of("unknown type with an incidentId: the envelope id",
                        envelope("env-4", "something.else", detail("incidentId", "inc-1")), "env-4"),
                Arguments.of("our type without incidentId: the envelope id",
                        envelope("env-5", "drift.detected", detail()), "env-5"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dedupKeys")
    void dedupKey(String name, EventEnvelope envelope, String expected) {
        assertEquals(expected, SqsConsumer.dedupKey(envelope));
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("invalid event", new InvalidEventException("bad"), true),
                Arguments.of("unsupported schema version", new UnsupportedSchemaVersionException("drift.detected", 2, 1), true),
                Arguments.of("invalid action", new InvalidActionException("nope"), true),
                Arguments.of("cloud call, access denied", new CloudCallException("denied", false, null), true),
                Arguments.of("cloud call, throttled", new CloudCallException("slow down", true, null), false),
                Arguments.of("lost race", new ConflictException("race", null), false),
                Arguments.of("anything else", new IllegalStateException("boom"), false));
    }

    @ParameterizedTest(name = "{0} -> permanent: {2}")
    @MethodSource("failures")
    void onlyInputThatCanNeverSucceedIsPermanent(String name, RuntimeException e, boolean permanent) {
        assertEquals(permanent, SqsConsumer.isPermanent(e));
    }

    static Stream<Arguments> backoffs() {
        return Stream.of(
                Arguments.of("sub-second base still waits 1 s", new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)), 1, 1, 1),
                Arguments.of("sub-second base, late attempt", new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)), 9, 1, 1),
                Arguments.of("first retry: half to all of base", new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(60)), 1, 5, 10),
                Arguments.of("doubles per attempt", new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(60)), 3, 20, 40),
                Arguments.of("capped at max", new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(60)), 12, 30, 60),
                Arguments.of("huge attempt numbers do not overflow", new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(60)), 500, 30, 60),
                Arguments.of("capped at the SQS maximum of 12 h", new Backoff(Duration.ofHours(20), Duration.ofHours(20)), 1, 36_000, 43_200));
    }

    @ParameterizedTest(name = "{0}: attempt {2} -> [{3}, {4}] s")
    @MethodSource("backoffs")
    void backoffStaysWithinItsBounds(String name, Backoff backoff, int attempt, int min, int max) {
        for (int i = 0; i < 200; i++) {
            int d = backoff.delaySeconds(attempt);
            assertTrue(d >= min && d <= max, name + ": " + d + " not in [" + min + ", " + max + "]");
        }
    }
}
