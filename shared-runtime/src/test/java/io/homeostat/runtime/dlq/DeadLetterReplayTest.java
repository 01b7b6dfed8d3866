package io.homeostat.runtime.dlq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.homeostat.runtime.transport.Backoff;
import io.homeostat.runtime.transport.ConsumerSettings;
import io.homeostat.runtime.transport.DeadLetters;
import io.homeostat.runtime.transport.DirectSqsPublisher;
import io.homeostat.runtime.transport.HandlerOutcome;
import io.homeostat.runtime.transport.MessageHandler;
import io.homeostat.runtime.transport.QueueDirectory;
import io.homeostat.runtime.transport.Routes;
import io.homeostat.runtime.transport.SqsConsumer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * DLQ inspection and replay against ElasticMQ and DynamoDB Local, with the real consumer loop: a message whose
 * handler fails is dead-lettered with its reason, listed without being consumed, replayed once the cause is fixed and
 * then processed exactly once — also when a replay crashed after sending and the message is replayed a second time.
 */
class DeadLetterReplayTest {

    private static final String SERVICE = "analyzer";
    private static final int MAX_ATTEMPTS = 2;
    private static final EventCodec CODEC = new EventCodec();
    private static SqsClient sqs;
    private static DynamoDbClient dynamo;
    private static Tables tables;

    private QueueDirectory queues;
    private IncidentStore incidents;
    private FailureLog failures;
    private SimpleMeterRegistry registry;
    private FlakyHandler handler;
    private SqsConsumer consumer;

    @BeforeAll
    static void stack() {
        LocalAws aws = LocalAws.get();
        sqs = aws.controlSqs();
        dynamo = aws.dynamo();
        tables = aws.freshTables("dlq");
    }

    @BeforeEach
    void setUp() {
        queues = new QueueDirectory(sqs, LocalAws.prefix("d"));
        queues.ensureAll(MAX_ATTEMPTS);
        incidents = new IncidentStore(dynamo, tables.incidents(), CODEC.mapper(), Clock.systemUTC());
        failures = new FailureLog(dynamo, tables.failures(), Clock.systemUTC());
        registry = new SimpleMeterRegistry();
        handler = new FlakyHandler();
        var settings = new ConsumerSettings(SERVICE, Routes.ANALYZER, 1, 0, MAX_ATTEMPTS,
                new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)), Duration.ofSeconds(30));
        consumer = new SqsConsumer(sqs, queues, settings, handler, new IdempotencyStore(dynamo, tables.idempotency(), Clock.systemUTC()),
                new StoreTransactions(dynamo), new DirectSqsPublisher(sqs, queues, CODEC), new DeadLetters(sqs, queues, failures),
                CODEC, registry);
    }

    /** Opens the incident and emits incident.analyzed, unless its dependency is "down". */
    private final class FlakyHandler implements MessageHandler {
        final AtomicBoolean broken = new AtomicBoolean();
        final AtomicInteger decisions = new AtomicInteger();

        @Override
        public Set<String> detailTypes() {
            return Set.of(EventType.DRIFT_DETECTED.detailType());
        }

        @Override
        public HandlerOutcome handle(EventEnvelope envelope) {
            if (broken.get()) {
                throw new IllegalStateException("classification rules unavailable");
            }
            decisions.incrementAndGet();
            DriftDetected d = CODEC.readPayload(envelope, DriftDetected.class);
            Instant now = Instant.now();
            Incident incident = Incident.open(d.incidentId(), d.resource(), d.trigger(), d.diff(), now,
                    new TimelineEntry(now, IncidentState.DETECTED, SERVICE, envelope.id(), "test"));
            IncidentAnalyzed a = new IncidentAnalyzed(1, d.incidentId(), d.correlationId(),
                    EventIds.forIncident(d.incidentId(), EventType.DRIFT_DETECTED), d.resource(),
                    new Classification(Classification.Kind.TAMPERING, 5, 0.8, "test", "rules"), d.diff());
            return HandlerOutcome.of(List.of(incidents.create(incident)), CODEC.wrap(a,
                    EventIds.forIncident(d.incidentId(), EventType.INCIDENT_ANALYZED), "homeostat.analyzer", "123456789012",
                    "us-east-1", now), "opened");
        }
    }

    private static DriftDetected drift(String incidentId) {
        Instant t = Instant.parse("2026-02-02T02:02:02Z");
        return new DriftDetected(1, incidentId, incidentId, "ct-1",
                new ResourceRef("aws.sqs.queue", "orders-queue", "messaging", "orders", "123456789012", "us-east-1"),
                new Trigger(Trigger.Kind.CLOUDTRAIL, "ct-1", "SetQueueAttributes", "arn:aws:iam::123456789012:user/x", "203.0.113.9",
                        "aws-cli", t),
                List.of(new FieldDiff("attributes.VisibilityTimeout", "30", "99")), t);
    }

    private String sendDrift(String incidentId) {
        DriftDetected d = drift(incidentId);
        EventEnvelope e = CODEC.wrap(d, EventIds.forIncident(incidentId, EventType.DRIFT_DETECTED), "homeostat.detector",
                "123456789012", "us-east-1", Instant.now());
        return sqs.sendMessage(b -> b.queueUrl(queues.url(Routes.ANALYZER)).messageBody(CODEC.write(e))
                .messageAttributes(Map.of("detail-type", text(e.detailType()), "correlationId", text(incidentId)))).messageId();
    }

    private static MessageAttributeValue text(String v) {
        return MessageAttributeValue.builder().dataType("String").stringValue(v).build();
    }

    /** Polls until the source queue is empty (processed, or dead-lettered after its attempts). */
    private void drain() {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (depth(queues.url(Routes.ANALYZER)) > 0) {
            assertTrue(System.nanoTime() < deadline, "the consumer did not drain its queue");
            if (consumer.pollOnce() == 0) {
                sleep(50);
            }
        }
    }

    private int depth(String url) {
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes().values().stream()
                .mapToInt(Integer::parseInt).sum();
    }

    private DeadLetterInspector inspector() {
        return new DeadLetterInspector(sqs, queues, failures, CODEC.mapper(), Clock.systemUTC());
    }

    private DeadLetterReplayer replayer(SqsClient client) {
        return new DeadLetterReplayer(client, queues, failures, CODEC.mapper(), Clock.systemUTC());
    }

    private double counted(String outcome) {
        var c = registry.find("homeostat.messages").tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    private static DeadLetterFilter filter(String queue, String type, String reason, Duration olderThan, Duration newerThan) {
        return new DeadLetterFilter(Set.of(), Optional.ofNullable(queue), Optional.ofNullable(type), Optional.ofNullable(reason),
                Optional.ofNullable(olderThan), Optional.ofNullable(newerThan));
    }

    /** A poisoned message: its handler fails on every attempt, so it ends on the DLQ. */
    private DeadLetter poison(String incidentId) {
        handler.broken.set(true);
        String original = sendDrift(incidentId);
        drain();
        handler.broken.set(false);
        DeadLetter d = inspector().list(filter(Routes.ANALYZER, null, null, null, null), 100).messages().stream()
                .filter(x -> incidentId.equals(x.incidentId())).findFirst().orElseThrow(() -> new AssertionError("not on the DLQ"));
        assertEquals(original, d.originalMessageId());
        return d;
    }

    @Test
    void aPoisonMessageIsListedWithItsReasonAndListingDoesNotConsumeIt() {
        String incident = UUID.randomUUID().toString();
        Instant before = Instant.now().minusSeconds(1);
        DeadLetter d = poison(incident);

        assertEquals(Routes.ANALYZER, d.queue());
        assertEquals(queues.physicalName("analyzer-dlq"), d.dlq());
        assertEquals(DeadLetter.Origin.DEAD_LETTERED, d.origin());
        assertEquals(SERVICE, d.service());
        assertEquals(MAX_ATTEMPTS, d.attempt());
        assertEquals("gave up after 2 attempts: IllegalStateException: classification rules unavailable", d.reason());
        assertEquals("drift.detected", d.eventType());
        assertEquals(EventIds.forIncident(incident, EventType.DRIFT_DETECTED), d.eventId());
        assertTrue(d.lastFailedAt().isAfter(before), "dead-lettered just now");
        assertEquals(d.lastFailedAt(), d.firstFailedAt(), "first time on the DLQ");

        // Listing again sees the same message: it was only looked at.
        var again = inspector().list(DeadLetterFilter.all(), 100);
        assertEquals(List.of(d), again.messages());
        assertFalse(again.truncated());
        assertEquals(1, again.queues().stream().filter(q -> q.queue().equals(Routes.ANALYZER)).findFirst().orElseThrow().depth());
        assertEquals(DeadLetterInspector.CONSUMER_QUEUES.size(), again.queues().size(), "every consumer's DLQ is reported");
        assertEquals(1, depth(queues.dlqUrl(Routes.ANALYZER)));
        assertEquals(0, handler.decisions.get());
    }

    @Test
    void afterTheCauseIsFixedAReplayedMessageIsProcessedExactlyOnceAndWhoReplayedItIsRecorded() {
        String incident = UUID.randomUUID().toString();
        DeadLetter d = poison(incident);

        ReplayReport report = replayer(sqs).replay(DeadLetterFilter.byId(d.messageId()), "alice");

        assertEquals(new ReplayReport("alice", 1, 1, 1, 0, List.of()), report);
        assertEquals(0, depth(queues.dlqUrl(Routes.ANALYZER)), "removed from the DLQ");
        drain();
        assertEquals(1, handler.decisions.get());
        assertEquals(IncidentState.DETECTED, incidents.find(incident).orElseThrow().state());
        assertEquals(1, counted("processed"));
        FailureLog.Failure f = failures.find(d.originalMessageId()).orElseThrow();
        assertEquals(1, f.replays());
        assertEquals("alice", f.replayedBy());
        assertTrue(f.reason().contains("classification rules unavailable"), "the reason stays on the record");
    }

    @Test
    void aReplayThatCrashedAfterSendingLeavesACopyWhoseSecondReplayHasNoSecondEffect() {
        String incident = UUID.randomUUID().toString();
        DeadLetter d = poison(incident);

        // The replayer "crashes" between SendMessage and DeleteMessage: the copy is sent, the dead letter stays.
        ReplayReport crashed = replayer(failingDeletes(sqs)).replay(DeadLetterFilter.byId(d.messageId()), "alice");
        assertEquals(0, crashed.replayed());
        assertEquals(1, crashed.failed());
        assertTrue(crashed.errors().get(0).contains("replayed but not removed"), crashed.errors().toString());
        assertEquals(1, depth(queues.dlqUrl(Routes.ANALYZER)), "nothing lost: still on the DLQ");
        drain();
        assertEquals(1, handler.decisions.get(), "the sent copy was processed");

        // Replaying the leftover again (as an operator would) delivers a duplicate: the consumer's claim absorbs it.
        ReplayReport second = replayer(sqs).replay(DeadLetterFilter.all(), "bob");
        assertEquals(1, second.replayed());
        drain();
        assertEquals(1, handler.decisions.get(), "no second decision");
        assertEquals(1, incidents.find(incident).orElseThrow().version(), "no second write");
        assertEquals(1, counted("processed"));
        assertEquals(1, counted("duplicate"));
        assertEquals(0, depth(queues.dlqUrl(Routes.ANALYZER)));
        assertEquals("bob", failures.find(d.originalMessageId()).orElseThrow().replayedBy());
    }

    @Test
    @Timeout(60) // before the fix this replay never ended: it met each re-dead-lettered copy again
    void aReplayedMessageThatLandsOnTheDlqAgainDuringTheReplayWaitsForTheNextReplay() {
        poison(UUID.randomUUID().toString());

        // Every copy the replay sends fails at once and is dead-lettered again while the replay still walks the DLQ.
        ReplayReport report = replayer(redeadLettering(sqs, queues.dlqUrl(Routes.ANALYZER))).replay(DeadLetterFilter.all(), "alice");

        assertEquals(1, report.examined(), "only what was on the DLQ when the replay started: " + report);
        assertEquals(1, report.replayed(), report.toString());
        assertEquals(1, depth(queues.dlqUrl(Routes.ANALYZER)), "the copy that failed again waits on the DLQ");
        assertEquals(1, depth(queues.url(Routes.ANALYZER)), "one copy was sent to the consumer");
    }

    @Test
    void aFilterReplaysOnlyWhatItSelectsAndLeavesTheRestOnTheDlq() {
        DeadLetter first = poison(UUID.randomUUID().toString());
        DeadLetter second = poison(UUID.randomUUID().toString());
        // An unreadable body on the same DLQ, dead-lettered at once with a different reason.
        sqs.sendMessage(b -> b.queueUrl(queues.url(Routes.ANALYZER)).messageBody("{not json"));
        drain();

        var inspector = inspector();
        assertEquals(3, inspector.list(DeadLetterFilter.all(), 100).messages().size());
        assertEquals(1, inspector.list(DeadLetterFilter.all(), 1).messages().size(), "limit");
        assertTrue(inspector.list(DeadLetterFilter.all(), 1).truncated());
        assertEquals(2, inspector.list(filter(null, "drift.detected", null, null, null), 100).messages().size());
        assertEquals(1, inspector.list(filter(null, null, "MALFORMED json", null, null), 100).messages().size(), "reason, any case");
        assertEquals(3, inspector.list(filter(queues.physicalName("analyzer-dlq"), null, null, null, null), 100).messages().size(),
                "queue by its DLQ's name");
        assertEquals(0, inspector.list(filter(Routes.PLANNER, null, null, null, null), 100).messages().size());
        assertEquals(0, inspector.list(filter(null, null, null, Duration.ofHours(1), null), 100).messages().size(), "none that old");
        assertEquals(3, inspector.list(filter(null, null, null, null, Duration.ofHours(1)), 100).messages().size());
        var unknown = assertThrows(IllegalArgumentException.class, () -> inspector.list(filter("nope", null, null, null, null), 10));
        assertTrue(unknown.getMessage().contains("unknown queue 'nope'"), unknown.getMessage());

        ReplayReport report = replayer(sqs).replay(filter(Routes.ANALYZER, "drift.detected", "rules unavailable", null, null), "carol");

        assertEquals(3, report.examined());
        assertEquals(2, report.matched());
        assertEquals(2, report.replayed());
        drain();
        assertEquals(2, handler.decisions.get());
        assertTrue(incidents.find(first.incidentId()).isPresent());
        assertTrue(incidents.find(second.incidentId()).isPresent());
        List<DeadLetter> left = inspector.list(DeadLetterFilter.all(), 100).messages();
        assertEquals(1, left.size());
        assertTrue(left.get(0).reason().contains("malformed JSON"), left.get(0).reason());
        assertEquals(null, left.get(0).eventType(), "an unreadable body has no type");
    }

    @Test
    void aMessageThatFailsAgainAfterAReplayKeepsWhenItFirstFailed() {
        DeadLetter d = poison(UUID.randomUUID().toString());
        handler.broken.set(true);
        sleep(20);
        replayer(sqs).replay(DeadLetterFilter.all(), "alice");
        drain();

        DeadLetter again = inspector().list(DeadLetterFilter.all(), 10).messages().get(0);
        assertEquals(d.firstFailedAt(), again.firstFailedAt());
        assertTrue(again.lastFailedAt().isAfter(d.lastFailedAt()), again + " vs " + d);
        assertEquals(d.incidentId(), again.incidentId(), "the same event failed again");
    }

    @Test
    void aMessageMovedByTheRedrivePolicyShowsTheReasonItsConsumerLogged() {
        String id = sqs.sendMessage(b -> b.queueUrl(queues.dlqUrl(Routes.PLANNER)).messageBody("{\"detail-type\":\"incident.analyzed\"}"))
                .messageId();
        failures.record(id, queues.physicalName(Routes.PLANNER), "planner", 7, "OutOfMemoryError: planner died");
        String silent = sqs.sendMessage(b -> b.queueUrl(queues.dlqUrl(Routes.PLANNER)).messageBody("x")).messageId();

        List<DeadLetter> listed = inspector().list(filter(Routes.PLANNER, null, null, null, null), 10).messages();

        DeadLetter logged = listed.stream().filter(x -> x.messageId().equals(id)).findFirst().orElseThrow();
        assertEquals(DeadLetter.Origin.REDRIVE, logged.origin());
        assertEquals("OutOfMemoryError: planner died", logged.reason());
        assertEquals("planner", logged.service());
        assertEquals(7, logged.attempt());
        assertEquals("incident.analyzed", logged.eventType());
        DeadLetter unknown = listed.stream().filter(x -> x.messageId().equals(silent)).findFirst().orElseThrow();
        assertTrue(unknown.reason().startsWith("moved by the queue's redrive policy"), unknown.reason());
        assertNotNull(unknown.lastFailedAt(), "falls back to when it was sent");
    }

    @Test
    void theDepthGaugeCountsEachConsumersDlq() {
        poison(UUID.randomUUID().toString());
        DeadLetterDepths depths = new DeadLetterDepths(sqs, queues, registry);
        assertEquals(-1, depths.depth(Routes.ANALYZER), "not read yet");

        depths.refresh();

        assertEquals(1, depths.depth(Routes.ANALYZER));
        assertEquals(0, depths.depth(Routes.PLANNER));
        assertEquals(1.0, registry.find("homeostat.dlq.depth").tag("queue", Routes.ANALYZER).gauge().value());
        assertEquals(null, registry.find("homeostat.dlq.depth").tag("queue", Routes.EVENTS).gauge(), "no consumer, no DLQ gauge");

        poison(UUID.randomUUID().toString());
        var read = depths.read();
        assertEquals(DeadLetterInspector.CONSUMER_QUEUES, read.stream().map(DeadLetterInspector.QueueDepth::queue).toList());
        var analyzer = read.stream().filter(d -> d.queue().equals(Routes.ANALYZER)).findFirst().orElseThrow();
        assertEquals(2, analyzer.depth(), "read now, not at the last refresh");
        assertEquals(queues.physicalName(Routes.ANALYZER + QueueDirectory.DLQ_SUFFIX), analyzer.dlq());
        assertEquals(2, depths.depth(Routes.ANALYZER), "and the gauge with it");
        assertEquals(2, inspector().list(DeadLetterFilter.all(), 10).messages().size(),
                "reading depths received nothing: both dead letters are still visible to a listing");
    }

    /** The real client, except that DeleteMessage fails: a replayer crashing right after its send. */
    /** Each message sent is also sent to {@code dlqUrl}, as if its consumer had dead-lettered it straight away. */
    @SuppressWarnings("unchecked")
    private static SqsClient redeadLettering(SqsClient real, String dlqUrl) {
        return (SqsClient) Proxy.newProxyInstance(SqsClient.class.getClassLoader(), new Class<?>[] {SqsClient.class}, (p, m, args) -> {
            try {
                Object result = m.invoke(real, args);
                if (m.getName().equals("sendMessage")) {
                    SendMessageRequest sent;
                    if (args[0] instanceof SendMessageRequest r) {
                        sent = r;
                    } else {
                        SendMessageRequest.Builder b = SendMessageRequest.builder();
                        ((java.util.function.Consumer<SendMessageRequest.Builder>) args[0]).accept(b);
                        sent = b.build();
                    }
                    real.sendMessage(sent.toBuilder().queueUrl(dlqUrl).build());
                }
                return result;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    private static SqsClient failingDeletes(SqsClient real) {
        return (SqsClient) Proxy.newProxyInstance(SqsClient.class.getClassLoader(), new Class<?>[] {SqsClient.class}, (p, m, args) -> {
            if (m.getName().equals("deleteMessage")) {
                throw new IllegalStateException("process killed");
            }
            try {
                return m.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
