package io.homeostat.runtime.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.homeostat.runtime.store.StoreTransactions;
import io.homeostat.runtime.store.Tables;
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
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * One trace across two hops, with the real consumer loop, publisher and emulators and an in-memory span exporter: a
 * producer publishes drift.detected inside its span; the analyzer-like consumer's span is its child and the
 * incident.analyzed it emits carries the trace on; the planner-like consumer's span is a child of the analyzer's. Log
 * lines of each handling carry the trace id.
 */
class TracePropagationTest {

    private static final EventCodec CODEC = new EventCodec();
    private static SqsClient sqs;
    private static DynamoDbClient dynamo;
    private static Tables tables;

    /** Keeps every finished span in memory. */
    private static final class InMemoryExporter implements SpanExporter {
        final List<SpanData> spans = new CopyOnWriteArrayList<>();

        @Override
        public CompletableResultCode export(Collection<SpanData> batch) {
            spans.addAll(batch);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    private final InMemoryExporter exporter = new InMemoryExporter();
    private OpenTelemetrySdk otel;
    private QueueDirectory queues;
    private final List<String> loggedTraceIds = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void stack() {
        LocalAws aws = LocalAws.get();
        sqs = aws.controlSqs();
        dynamo = aws.dynamo();
        tables = aws.freshTables("trace");
    }

    @BeforeEach
    void setUp() {
        otel = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).build();
        queues = new QueueDirectory(sqs, LocalAws.prefix("t"));
        queues.ensureAll(2);
    }

    @AfterEach
    void tearDown() {
        otel.close();
    }

    /** A consumer of {@code queue} whose handler notes the MDC trace id and returns {@code decide}'s outcome. */
    private SqsConsumer consumer(String service, String queue, EventType accepts, java.util.function.Function<EventEnvelope, HandlerOutcome> decide) {
        return consumer(service, queue, accepts, decide, new MessageTracing(otel));
    }

    private SqsConsumer consumer(String service, String queue, EventType accepts, java.util.function.Function<EventEnvelope, HandlerOutcome> decide,
                                 MessageTracing tracing) {
        MessageHandler handler = new MessageHandler() {
            @Override
            public Set<String> detailTypes() {
                return Set.of(accepts.detailType());
            }

            @Override
            public HandlerOutcome handle(EventEnvelope envelope) {
                loggedTraceIds.add(String.valueOf(MDC.get("traceId")));
                return decide.apply(envelope);
            }
        };
        var settings = new ConsumerSettings(service, queue, 1, 0, 2, new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)),
                Duration.ofSeconds(30));
        FailureLog failures = new FailureLog(dynamo, tables.failures(), Clock.systemUTC());
        return new SqsConsumer(sqs, queues, settings, handler, new IdempotencyStore(dynamo, tables.idempotency(), Clock.systemUTC()),
                new StoreTransactions(dynamo), new DirectSqsPublisher(sqs, queues, CODEC), new DeadLetters(sqs, queues, failures), CODEC,
                null, tracing);
    }

    private static DriftDetected drift(String incidentId) {
        Instant t = Instant.parse("2026-02-02T02:02:02Z");
        return new DriftDetected(1, incidentId, incidentId, "scan",
                new ResourceRef("aws.sqs.queue", "orders-queue", "messaging", "orders", "123456789012", "us-east-1"),
                new Trigger(Trigger.Kind.SCAN, "scan", null, null, null, null, t),
                List.of(new FieldDiff("attributes.VisibilityTimeout", "30", "99")), t);
    }

    private static EventEnvelope envelope(DriftDetected d) {
        return CODEC.wrap(d, EventIds.forIncident(d.incidentId(), EventType.DRIFT_DETECTED), "homeostat.detector", "123456789012",
                "us-east-1", Instant.now());
    }

    /** Emits incident.analyzed for the drift: the second hop. */
    private static HandlerOutcome analyze(EventEnvelope envelope) {
        DriftDetected d = CODEC.readPayload(envelope, DriftDetected.class);
        IncidentAnalyzed a = new IncidentAnalyzed(1, d.incidentId(), d.correlationId(), envelope.id(), d.resource(),
                new Classification(Classification.Kind.DRIFT, 4, 0.85, "test", "rules"), d.diff());
        return new HandlerOutcome(List.of(), List.of(CODEC.wrap(a, EventIds.forIncident(d.incidentId(), EventType.INCIDENT_ANALYZED),
                "homeostat.analyzer", "123456789012", "us-east-1", Instant.now())), "analyzed");
    }

    /** A producer publishing drift.detected inside its own span, as the detector does while handling or scanning. */
    private Span publishInsideASpan() {
        Span producer = otel.getTracer("test").spanBuilder("detector scan").startSpan();
        try (Scope ignored = producer.makeCurrent()) {
            new DirectSqsPublisher(sqs, queues, CODEC).publish(envelope(drift(UUID.randomUUID().toString())));
        } finally {
            producer.end();
        }
        return producer;
    }

    private List<SpanData> consumerSpans() {
        return exporter.spans.stream().filter(s -> s.getKind() == SpanKind.CONSUMER).toList();
    }

    @Test
    void oneTraceSpansProducerAndConsumersAcrossTwoHops() {
        SqsConsumer analyzer = consumer("analyzer", Routes.ANALYZER, EventType.DRIFT_DETECTED, TracePropagationTest::analyze);
        SqsConsumer planner = consumer("planner", Routes.PLANNER, EventType.INCIDENT_ANALYZED, e -> HandlerOutcome.nothing("planned"));

        Span producer = publishInsideASpan();
        assertEquals(1, analyzer.pollOnce());
        assertEquals(1, planner.pollOnce());

        List<SpanData> consumers = consumerSpans();
        assertEquals(2, consumers.size(), exporter.spans.toString());
        SpanData hop1 = consumers.get(0);
        SpanData hop2 = consumers.get(1);
        String trace = producer.getSpanContext().getTraceId();
        assertEquals(queues.physicalName(Routes.ANALYZER) + " process", hop1.getName());
        assertEquals(trace, hop1.getTraceId(), "the analyzer's span joins the producer's trace");
        assertEquals(producer.getSpanContext().getSpanId(), hop1.getParentSpanId());
        assertEquals(queues.physicalName(Routes.PLANNER) + " process", hop2.getName());
        assertEquals(trace, hop2.getTraceId(), "and so does the planner's, one hop further");
        assertEquals(hop1.getSpanId(), hop2.getParentSpanId(), "the planner's parent is the analyzer's handling");
        assertEquals(List.of(trace, trace), loggedTraceIds, "log lines of each handling carry the trace id");
        assertEquals("aws_sqs", hop1.getAttributes().asMap().entrySet().stream()
                .filter(e -> e.getKey().getKey().equals("messaging.system")).findFirst().orElseThrow().getValue());
    }

    @Test
    void aMessageWithoutTraceContextStartsANewTraceThatTheNextHopContinues() {
        SqsConsumer analyzer = consumer("analyzer", Routes.ANALYZER, EventType.DRIFT_DETECTED, TracePropagationTest::analyze);
        SqsConsumer planner = consumer("planner", Routes.PLANNER, EventType.INCIDENT_ANALYZED, e -> HandlerOutcome.nothing("planned"));
        // As a CloudTrail event or an older producer sends it: no trace attributes at all.
        sqs.sendMessage(b -> b.queueUrl(queues.url(Routes.ANALYZER)).messageBody(CODEC.write(envelope(drift(UUID.randomUUID().toString())))));

        analyzer.pollOnce();
        planner.pollOnce();

        List<SpanData> consumers = consumerSpans();
        assertEquals(2, consumers.size());
        assertFalse(consumers.get(0).getParentSpanContext().isValid(), "a root span");
        assertEquals(consumers.get(0).getTraceId(), consumers.get(1).getTraceId());
        assertEquals(consumers.get(0).getSpanId(), consumers.get(1).getParentSpanId());
    }

    @Test
    void aFailedHandlingIsMarkedOnItsSpan() {
        SqsConsumer analyzer = consumer("analyzer", Routes.ANALYZER, EventType.DRIFT_DETECTED, e -> {
            throw new IllegalStateException("rules unavailable");
        });
        sqs.sendMessage(b -> b.queueUrl(queues.url(Routes.ANALYZER)).messageBody(CODEC.write(envelope(drift(UUID.randomUUID().toString())))));

        analyzer.pollOnce();

        SpanData span = consumerSpans().get(0);
        assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
        assertTrue(span.getStatus().getDescription().contains("rules unavailable"), span.getStatus().getDescription());
    }

    @Test
    void withTheSdkOffTheContextIsStillHandedOn() {
        // A service with tracing disabled (the default) between two that record: the trace must not break there.
        SqsConsumer analyzer = consumer("analyzer", Routes.ANALYZER, EventType.DRIFT_DETECTED, TracePropagationTest::analyze,
                MessageTracing.NONE);
        SqsConsumer planner = consumer("planner", Routes.PLANNER, EventType.INCIDENT_ANALYZED, e -> HandlerOutcome.nothing("planned"));
        Span producer = publishInsideASpan();
        analyzer.pollOnce();
        planner.pollOnce();

        List<SpanData> recorded = consumerSpans();
        assertEquals(1, recorded.size(), "only the planner records");
        assertEquals(producer.getSpanContext().getTraceId(), recorded.get(0).getTraceId());
        assertEquals(producer.getSpanContext().getSpanId(), recorded.get(0).getParentSpanId(),
                "the non-recording hop hands on the producer's span as parent");
    }
}
