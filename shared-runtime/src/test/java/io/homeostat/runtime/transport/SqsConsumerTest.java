package io.homeostat.runtime.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.homeostat.model.envelope.EventCodec;
import io.homeostat.model.envelope.EventEnvelope;
import io.homeostat.model.envelope.EventIds;
import io.homeostat.model.events.Classification;
import io.homeostat.model.events.DriftDetected;
import io.homeostat.model.events.EventType;
import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.IncidentAnalyzed;
import io.homeostat.model.events.ResourceRef;
import io.homeostat.model.events.Trigger;
import io.homeostat.runtime.store.FailureLog;
import io.homeostat.runtime.store.IdempotencyStore;
import io.homeostat.runtime.store.Incident;
import io.homeostat.runtime.store.IncidentState;
import io.homeostat.runtime.store.IncidentStore;
import io.homeostat.runtime.store.StoreTransactions;
import io.homeostat.runtime.store.Tables;
import io.homeostat.runtime.store.TimelineEntry;
import io.homeostat.runtime.testing.LocalAws;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The consumer loop end to end against ElasticMQ and DynamoDB Local: at-least-once in, exactly-once effect out,
 * unreadable input dead-lettered at once with its reason, failing handlers retried with backoff and then
 * dead-lettered. Every test gets queues of its own; {@code pollOnce()} drives the loop step by step.
 */
class SqsConsumerTest {

    private static final String SERVICE = "analyzer";
    private static final int MAX_ATTEMPTS = 3;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static final EventCodec CODEC = new EventCodec();
    private static SqsClient sqs;
    private static DynamoDbClient dynamo;
    private static Tables tables;

    private QueueDirectory queues;
    private IncidentStore incidents;
    private IdempotencyStore idempotency;
    private FailureLog failures;
    private SimpleMeterRegistry registry;
    private AnalyzerLikeHandler handler;

    @BeforeAll
    static void stack() {
        LocalAws aws = LocalAws.get();
        sqs = aws.controlSqs();
        dynamo = aws.dynamo();
        tables = aws.freshTables("consumer");
    }

    @BeforeEach
    void setUp() {
        queues = new QueueDirectory(sqs, LocalAws.prefix("c"));
        queues.ensureAll(MAX_ATTEMPTS);
        incidents = new IncidentStore(dynamo, tables.incidents(), CODEC.mapper(), Clock.systemUTC());
        idempotency = new IdempotencyStore(dynamo, tables.idempotency(), Clock.systemUTC());
        failures = new FailureLog(dynamo, tables.failures(), Clock.systemUTC());
        registry = new SimpleMeterRegistry();
        handler = new AnalyzerLikeHandler();
    }

    // ---------------------------------------------------------------- fixtures

    /** Accepts drift.detected, opens the incident and emits incident.analyzed: one write, one event. */
    private final class AnalyzerLikeHandler implements MessageHandler {
        final AtomicInteger calls = new AtomicInteger();
        /** Called with the 1-based call number before deciding; may throw or return extra writes. */
        volatile Function<Integer, HandlerOutcome> override = n -> null;

        @Override
        public Set<String> detailTypes() {
            return Set.of(EventType.DRIFT_DETECTED.detailType());
        }

        @Override
        public HandlerOutcome handle(EventEnvelope envelope) {
            int n = calls.incrementAndGet();
            DriftDetected drift = CODEC.readPayload(envelope, DriftDetected.class);
            HandlerOutcome o = override.apply(n);
            if (o != null) {
                return o;
            }
            return decide(drift, envelope);
        }

        HandlerOutcome decide(DriftDetected drift, EventEnvelope envelope) {
            Instant now = Instant.now();
            Incident incident = Incident.open(drift.incidentId(), drift.resource(), drift.trigger(), drift.diff(), now,
                    new TimelineEntry(now, IncidentState.DETECTED, SERVICE, envelope.id(), "test"));
            return HandlerOutcome.of(List.of(incidents.create(incident)), analyzed(drift), "opened and analyzed");
        }
    }

    private static ResourceRef resource() {
        return new ResourceRef("aws.sqs.queue", "orders-queue", "messaging", "orders", "123456789012", "us-east-1");
    }

    private static DriftDetected drift(String incidentId) {
        Instant t = Instant.parse("2026-02-02T02:02:02Z");
        return new DriftDetected(1, incidentId, incidentId, "ct-1", resource(),
                new Trigger(Trigger.Kind.CLOUDTRAIL, "ct-1", "SetQueueAttributes", "arn:aws:iam::123456789012:user/x", "203.0.113.9",
                        "aws-cli", t),
                List.of(new FieldDiff("attributes.VisibilityTimeout", "30", "99")), t);
    }

    private static EventEnvelope envelopeOf(DriftDetected d) {
        return CODEC.wrap(d, EventIds.forIncident(d.incidentId(), EventType.DRIFT_DETECTED), "homeostat.detector",
                "123456789012", "us-east-1", Instant.parse("2026-02-02T02:02:03Z"));
    }

    private static EventEnvelope analyzed(DriftDetected d) {
        IncidentAnalyzed a = new IncidentAnalyzed(1, d.incidentId(), d.correlationId(),
                EventIds.forIncident(d.incidentId(), EventType.DRIFT_DETECTED), d.resource(),
                new Classification(Classification.Kind.TAMPERING, 5, 0.8, "test", "rules"), d.diff());
        return CODEC.wrap(a, EventIds.forIncident(d.incidentId(), EventType.INCIDENT_ANALYZED), "homeostat.analyzer",
                "123456789012", "us-east-1", Instant.parse("2026-02-02T02:02:04Z"));
    }

    private SqsConsumer consumer(EventPublisher publisher) {
        var settings = new ConsumerSettings(SERVICE, Routes.ANALYZER, 1, 0, MAX_ATTEMPTS,
                new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)), Duration.ofSeconds(30));
        return new SqsConsumer(sqs, queues, settings, handler, idempotency, new StoreTransactions(dynamo), publisher,
                new DeadLetters(sqs, queues, failures), CODEC, registry);
    }

    private SqsConsumer consumer() {
        return consumer(new DirectSqsPublisher(sqs, queues, CODEC));
    }

    private String send(String body) {
        return sqs.sendMessage(b -> b.queueUrl(queues.url(Routes.ANALYZER)).messageBody(body)).messageId();
    }

    /** Visible, in flight and delayed messages together. */
    private int depth(String url) {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return a.values().stream().mapToInt(Integer::parseInt).sum();
    }

    private void pollUntil(SqsConsumer consumer, String what, BooleanSupplier done) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting until " + what);
            }
            if (consumer.pollOnce() == 0) {
                sleep(100);
            }
        }
    }

    /** Takes every message currently on {@code url} (deleting them), with all attributes. */
    private List<Message> takeAll(String url) {
        List<Message> all = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(0)
                    .messageAttributeNames("All")).messages();
            if (batch.isEmpty()) {
                return all;
            }
            for (Message m : batch) {
                sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
            all.addAll(batch);
        }
    }

    private double counted(String outcome) {
        var c = registry.find("homeostat.messages").tag("service", SERVICE).tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    private static String attr(Message m, String name) {
        MessageAttributeValue v = m.messageAttributes().get(name);
        return v == null ? null : v.stringValue();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    // ---------------------------------------------------------------- tests

    @Test
    void aValidMessageIsProcessedOncePublishedToItsRouteAndDeleted() {
        DriftDetected d = drift(UUID.randomUUID().toString());
        send(CODEC.write(envelopeOf(d)));
        SqsConsumer consumer = consumer();

        assertEquals(1, consumer.pollOnce());

        assertEquals(1, handler.calls.get());
        Incident incident = incidents.find(d.incidentId()).orElseThrow();
        assertEquals(IncidentState.DETECTED, incident.state());
        assertEquals(d.diff(), incident.diff());
        assertEquals(0, depth(queues.url(Routes.ANALYZER)), "source message deleted");

        List<Message> out = takeAll(queues.url(Routes.PLANNER));
        assertEquals(1, out.size());
        EventEnvelope emitted = CODEC.readEnvelope(out.get(0).body());
        assertEquals(analyzed(d), emitted);
        assertEquals(analyzed(d).detail(), CODEC.mapper().valueToTree(CODEC.readPayload(emitted)));
        assertEquals("incident.analyzed", attr(out.get(0), "detail-type"));
        assertEquals(d.correlationId(), attr(out.get(0), "correlationId"));
        assertEquals(0, depth(queues.dlqUrl(Routes.ANALYZER)));
        assertEquals(1, counted("processed"));
    }

    @Test
    void theSameMessageDeliveredTwiceHasOneEffectAndRepublishesTheSameEvent() {
        DriftDetected d = drift(UUID.randomUUID().toString());
        String body = CODEC.write(envelopeOf(d));
        send(body);
        send(body);
        SqsConsumer consumer = consumer();

        pollUntil(consumer, "both copies are consumed", () -> depth(queues.url(Routes.ANALYZER)) == 0);

        assertEquals(1, handler.calls.get(), "the handler decides once");
        assertEquals(1, incidents.find(d.incidentId()).orElseThrow().version());
        assertEquals(1, counted("processed"));
        assertEquals(1, counted("duplicate"));
        // At-least-once out: the duplicate re-publishes the stored output, byte for byte, so the next consumer's
        // claim (same dedup key) drops it.
        List<Message> out = takeAll(queues.url(Routes.PLANNER));
        assertEquals(2, out.size());
        assertEquals(out.get(0).body(), out.get(1).body());
        EventEnvelope e = CODEC.readEnvelope(out.get(0).body());
        assertEquals(EventIds.forIncident(d.incidentId(), EventType.INCIDENT_ANALYZED), SqsConsumer.dedupKey(e));
        assertEquals(0, depth(queues.dlqUrl(Routes.ANALYZER)));
    }

    static Stream<Arguments> unprocessable() {
        return Stream.of(
                Arguments.of("malformed JSON", (Function<DriftDetected, String>) d -> "{\"version\":\"0\",\"id\":",
                        "InvalidEventException: malformed JSON at line 1", 0),
                Arguments.of("unknown schemaVersion 99", (Function<DriftDetected, String>) d -> {
                    EventEnvelope e = envelopeOf(d);
                    ((ObjectNode) e.detail()).put("schemaVersion", 99);
                    return CODEC.write(e);
                }, "UnsupportedSchemaVersionException: drift.detected schemaVersion 99 is not supported", 1),
                Arguments.of("detail-type the handler does not accept", (Function<DriftDetected, String>) d -> CODEC.write(analyzed(d)),
                        "detail-type 'incident.analyzed' does not belong on queue", 0),
                Arguments.of("unknown envelope field", (Function<DriftDetected, String>) d ->
                        CODEC.write(envelopeOf(d)).replaceFirst("\\{", "{\"detial\":{},"),
                        "unknown field(s) [detial]", 0),
                Arguments.of("empty body", (Function<DriftDetected, String>) d -> " ", "empty message body", 0));
    }

    @ParameterizedTest(name = "{0} goes to the DLQ at once with its reason")
    @MethodSource("unprocessable")
    void unprocessableInputIsDeadLetteredAtOnceWithTheReason(String name, Function<DriftDetected, String> bodyOf,
                                                             String reasonContains, int handlerCalls) {
        DriftDetected d = drift(UUID.randomUUID().toString());
        String body = bodyOf.apply(d);
        String messageId = send(body);

        assertEquals(1, consumer().pollOnce());

        assertEquals(handlerCalls, handler.calls.get());
        assertTrue(incidents.find(d.incidentId()).isEmpty(), "no effect");
        assertEquals(0, depth(queues.url(Routes.ANALYZER)), "removed from the source queue");
        assertEquals(0, depth(queues.url(Routes.PLANNER)), "nothing emitted");
        List<Message> dead = takeAll(queues.dlqUrl(Routes.ANALYZER));
        assertEquals(1, dead.size());
        Message m = dead.get(0);
        assertEquals(body, m.body());
        String reason = attr(m, DeadLetters.REASON);
        assertTrue(reason != null && reason.contains(reasonContains), "reason was: " + reason);
        assertEquals(SERVICE, attr(m, DeadLetters.SERVICE));
        assertEquals("1", attr(m, DeadLetters.ATTEMPT));
        assertEquals(queues.physicalName(Routes.ANALYZER), attr(m, DeadLetters.SOURCE_QUEUE));
        assertTrue(Instant.parse(attr(m, DeadLetters.FAILED_AT)).isAfter(Instant.now().minusSeconds(60)));

        FailureLog.Failure f = failures.find(messageId).orElseThrow(() -> new AssertionError("no failure record for " + messageId));
        assertEquals(reason, f.reason());
        assertEquals(queues.physicalName(Routes.ANALYZER), f.queue());
        assertEquals(SERVICE, f.service());
        assertEquals(1, f.attempt());
        assertEquals(1, counted("dead_lettered"));
        assertEquals(0, counted("retried"));
    }

    @Test
    void aReusedEventIdWithADifferentPayloadIsDeadLetteredNotTreatedAsADuplicate() {
        DriftDetected d = drift(UUID.randomUUID().toString());
        send(CODEC.write(envelopeOf(d)));
        SqsConsumer consumer = consumer();
        assertEquals(1, consumer.pollOnce());
        takeAll(queues.url(Routes.PLANNER));

        DriftDetected changed = new DriftDetected(1, d.incidentId(), d.correlationId(), d.causationId(), d.resource(), d.trigger(),
                List.of(new FieldDiff("attributes.DelaySeconds", "0", "5")), d.detectedAt());
        String messageId = send(CODEC.write(envelopeOf(changed)));
        assertEquals(1, consumer.pollOnce());

        assertEquals(1, handler.calls.get());
        assertEquals(0, depth(queues.url(Routes.PLANNER)), "the stored output is not re-published for a different payload");
        Message m = takeAll(queues.dlqUrl(Routes.ANALYZER)).get(0);
        assertTrue(attr(m, DeadLetters.REASON).contains("was processed before with a different payload"), attr(m, DeadLetters.REASON));
        assertTrue(failures.find(messageId).isPresent());
    }

    @Test
    void aHandlerThatKeepsFailingIsRetriedWithBackoffThenDeadLettered() {
        handler.override = n -> {
            throw new IllegalStateException("boom " + n);
        };
        DriftDetected d = drift(UUID.randomUUID().toString());
        String messageId = send(CODEC.write(envelopeOf(d)));
        SqsConsumer consumer = consumer();

        assertEquals(1, consumer.pollOnce());
        assertEquals(1, handler.calls.get());
        assertEquals(1, depth(queues.url(Routes.ANALYZER)), "still on the queue, invisible for the backoff");
        assertEquals(0, depth(queues.dlqUrl(Routes.ANALYZER)));

        pollUntil(consumer, "the message is dead-lettered", () -> depth(queues.dlqUrl(Routes.ANALYZER)) == 1);

        assertEquals(MAX_ATTEMPTS, handler.calls.get(), "one decision per delivery: the claim was released after each failure");
        assertEquals(0, depth(queues.url(Routes.ANALYZER)));
        Message m = takeAll(queues.dlqUrl(Routes.ANALYZER)).get(0);
        assertEquals("gave up after " + MAX_ATTEMPTS + " attempts: IllegalStateException: boom " + MAX_ATTEMPTS,
                attr(m, DeadLetters.REASON));
        assertEquals(Integer.toString(MAX_ATTEMPTS), attr(m, DeadLetters.ATTEMPT));
        FailureLog.Failure f = failures.find(messageId).orElseThrow();
        assertEquals(MAX_ATTEMPTS, f.attempt());
        assertTrue(f.reason().startsWith("gave up after " + MAX_ATTEMPTS + " attempts"), f.reason());
        assertEquals(MAX_ATTEMPTS - 1, counted("retried"));
        assertTrue(incidents.find(d.incidentId()).isEmpty());
    }

    @Test
    void aDeferredMessageWaitsAsOftenAsNeededWithoutEverReachingTheDlqAndIsThenProcessedOnce() {
        int waits = MAX_ATTEMPTS + 2; // more waits than attempts: a retry would have dead-lettered it by now
        handler.override = n -> n <= waits ? HandlerOutcome.defer(Duration.ZERO, "breaker open") : null;
        DriftDetected d = drift(UUID.randomUUID().toString());
        send(CODEC.write(envelopeOf(d)));
        SqsConsumer consumer = consumer();

        assertEquals(1, consumer.pollOnce());
        assertTrue(incidents.find(d.incidentId()).isEmpty(), "a deferred decision changes nothing");
        assertEquals(1, depth(queues.url(Routes.ANALYZER)), "the message is back on the queue, as a new message");
        pollUntil(consumer, "the message is processed", () -> depth(queues.url(Routes.ANALYZER)) == 0);

        assertEquals(waits + 1, handler.calls.get(), "each wait released the claim, so the next delivery decided again");
        assertEquals(waits, counted("deferred"));
        assertEquals(0, counted("retried"), "waiting is not failing");
        assertEquals(1, counted("processed"));
        assertEquals(0, depth(queues.dlqUrl(Routes.ANALYZER)));
        assertTrue(incidents.find(d.incidentId()).isPresent());
        assertEquals(1, takeAll(queues.url(Routes.PLANNER)).size());
    }

    @Test
    void aDeferredOutcomeCannotCarryWrites() {
        DriftDetected d = drift(UUID.randomUUID().toString());
        assertThrows(IllegalArgumentException.class, () -> new HandlerOutcome(List.of(), List.of(analyzed(d)), "x", null,
                Duration.ofSeconds(1)));
    }

    @Test
    void aTransientFailureIsRetriedAndTheSecondDeliverySucceeds() {
        handler.override = n -> {
            if (n == 1) {
                throw new IllegalStateException("database hiccup");
            }
            return null;
        };
        DriftDetected d = drift(UUID.randomUUID().toString());
        send(CODEC.write(envelopeOf(d)));
        SqsConsumer consumer = consumer();

        pollUntil(consumer, "the message is processed", () -> depth(queues.url(Routes.ANALYZER)) == 0);

        assertEquals(2, handler.calls.get());
        assertTrue(incidents.find(d.incidentId()).isPresent());
        assertEquals(1, takeAll(queues.url(Routes.PLANNER)).size());
        assertEquals(0, depth(queues.dlqUrl(Routes.ANALYZER)));
        assertEquals(1, counted("retried"));
        assertEquals(1, counted("processed"));
    }

    @Test
    void aDecisionThatLosesARaceIsDecidedAgainWithinTheSameDelivery() {
        DriftDetected d = drift(UUID.randomUUID().toString());
        // Someone else opened this incident first: the handler's create() conflicts on its first decision.
        Instant now = Instant.now();
        new StoreTransactions(dynamo).commit(List.of(incidents.create(Incident.open(d.incidentId(), d.resource(), d.trigger(),
                d.diff(), now, new TimelineEntry(now, IncidentState.DETECTED, "detector", "x", "first")))));
        EventEnvelope envelope = envelopeOf(d);
        handler.override = n -> n == 1 ? null : HandlerOutcome.of(List.of(incidents.addSuppressed(d.incidentId())), analyzed(d),
                "folded in after re-reading");
        send(CODEC.write(envelope));

        assertEquals(1, consumer().pollOnce());

        assertEquals(2, handler.calls.get());
        Incident incident = incidents.find(d.incidentId()).orElseThrow();
        assertEquals(1, incident.suppressed(), "the second decision was committed");
        assertEquals("first", incident.timeline().get(0).note(), "the first decision was not");
        assertEquals(1, counted("conflict"));
        assertEquals(1, counted("processed"));
        assertEquals(0, depth(queues.url(Routes.ANALYZER)));
        assertEquals(1, takeAll(queues.url(Routes.PLANNER)).size());
    }

    @Test
    void aPublishFailureAfterTheCommitIsHealedByRedeliveryWithoutDecidingAgain() {
        DirectSqsPublisher direct = new DirectSqsPublisher(sqs, queues, CODEC);
        AtomicInteger publishes = new AtomicInteger();
        EventPublisher flaky = envelope -> {
            if (publishes.incrementAndGet() == 1) {
                throw new IllegalStateException("SendMessage timed out");
            }
            direct.publish(envelope);
        };
        DriftDetected d = drift(UUID.randomUUID().toString());
        send(CODEC.write(envelopeOf(d)));
        SqsConsumer consumer = consumer(flaky);

        assertEquals(1, consumer.pollOnce());
        assertTrue(incidents.find(d.incidentId()).isPresent(), "committed before the publish failed");
        assertEquals(0, depth(queues.url(Routes.PLANNER)));
        assertEquals(1, depth(queues.url(Routes.ANALYZER)), "kept for redelivery");

        pollUntil(consumer, "the message is consumed", () -> depth(queues.url(Routes.ANALYZER)) == 0);

        assertEquals(1, handler.calls.get(), "the redelivery re-publishes the stored output instead of deciding again");
        List<Message> out = takeAll(queues.url(Routes.PLANNER));
        assertEquals(1, out.size());
        assertEquals(analyzed(d), CODEC.readEnvelope(out.get(0).body()));
        assertEquals(1, counted("duplicate"));
    }

    @Test
    void aMessageWhoseEventAnotherWorkerHoldsWaitsAndIsProcessedOnceTheClaimIsReleased() throws Exception {
        DriftDetected d = drift(UUID.randomUUID().toString());
        String body = CODEC.write(envelopeOf(d));
        EventEnvelope parsed = CODEC.readEnvelope(body);
        var other = assertInstanceOf(IdempotencyStore.Acquired.class, idempotency.claim(SERVICE, SqsConsumer.dedupKey(parsed),
                sha256(CODEC.write(parsed.detail())), Duration.ofMinutes(5)));
        send(body);
        SqsConsumer consumer = consumer();

        assertEquals(1, consumer.pollOnce());
        assertEquals(0, handler.calls.get());
        assertEquals(1, depth(queues.url(Routes.ANALYZER)), "left on the queue for later");
        assertEquals(1, counted("in_flight"));
        assertEquals(0, depth(queues.dlqUrl(Routes.ANALYZER)));

        idempotency.release(other); // the other worker gave up
        pollUntil(consumer, "the message is processed", () -> depth(queues.url(Routes.ANALYZER)) == 0);

        assertEquals(1, handler.calls.get());
        assertEquals(1, takeAll(queues.url(Routes.PLANNER)).size());
        assertEquals(0, depth(queues.dlqUrl(Routes.ANALYZER)));
    }
}
