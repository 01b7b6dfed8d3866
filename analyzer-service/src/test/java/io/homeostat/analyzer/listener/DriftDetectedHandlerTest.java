package io.homeostat.analyzer.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.analyzer.bedrock.SecondOpinion;
import io.homeostat.analyzer.history.HistoryWeigher;
import io.homeostat.analyzer.service.IncidentAnalysis;
import io.homeostat.analyzer.service.RuleClassifier;
import io.homeostat.analyzer.testing.Dynamo;
import io.homeostat.model.envelope.EventCodec;
import io.homeostat.model.envelope.EventEnvelope;
import io.homeostat.model.envelope.EventIds;
import io.homeostat.model.events.Classification;
import io.homeostat.model.events.Classification.Kind;
import io.homeostat.model.events.DriftDetected;
import io.homeostat.model.events.EventType;
import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.IncidentAnalyzed;
import io.homeostat.model.events.ResourceRef;
import io.homeostat.model.events.Trigger;
import io.homeostat.runtime.store.Incident;
import io.homeostat.runtime.store.IncidentState;
import io.homeostat.runtime.store.IncidentStore;
import io.homeostat.runtime.store.SimilarIncident;
import io.homeostat.runtime.store.StoreTransactions;
import io.homeostat.runtime.store.TimelineEntry;
import io.homeostat.runtime.transport.Envelopes;
import io.homeostat.runtime.transport.HandlerOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * drift.detected through the handler against DynamoDB Local: the verdict, the change signature and the similar
 * incidents (read from the signature index) land on the incident; history older than the window does not count.
 */
class DriftDetectedHandlerTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final EventCodec CODEC = new EventCodec();
    private static final List<FieldDiff> TIMEOUT = List.of(new FieldDiff("attributes.VisibilityTimeout", "30", "99"));
    private static final String SIGNATURE = "aws.sqs.queue|CLOUDTRAIL|attributes.VisibilityTimeout";

    private IncidentStore incidents;
    private StoreTransactions tx;
    private DriftDetectedHandler handler;
    private ResourceRef orders;

    @BeforeEach
    void setUp() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        incidents = new IncidentStore(Dynamo.client(), Dynamo.freshTables("handler").incidents(), CODEC.mapper(), clock);
        tx = new StoreTransactions(Dynamo.client());
        handler = new DriftDetectedHandler();
        handler.codec = CODEC;
        handler.incidents = incidents;
        handler.clock = clock;
        handler.envelopes = new Envelopes(CODEC, "analyzer", clock);
        handler.analysis = new IncidentAnalysis(new RuleClassifier(), new HistoryWeigher(3), SecondOpinion.disabled(), incidents,
                20, Duration.ofDays(30));
        orders = new ResourceRef("aws.sqs.queue", "orders-queue", "messaging", "orders", "123456789012", "us-east-1");
    }

    private static Trigger byMallory() {
        return new Trigger(Trigger.Kind.CLOUDTRAIL, "ev", "SetQueueAttributes", "arn:aws:iam::123456789012:user/mallory",
                "203.0.113.9", "aws-cli/2.15", NOW);
    }

    /** A closed incident from the past, as the verifier leaves it. */
    private void closed(String id, Instant at, IncidentState outcome) {
        Incident o = Incident.open(id, orders, byMallory(), TIMEOUT, at, new TimelineEntry(at, IncidentState.DETECTED, "detector", "e", null));
        tx.commit(List.of(incidents.create(new Incident(id, id, orders, outcome, 6, at, at, o.trigger(), o.diff(),
                new Classification(Kind.TAMPERING, 6, 0.9, "r", "rules"), null, null, List.of(), outcome.name(), List.of(), 0,
                o.timeline(), List.of(), null, null, List.of(), SIGNATURE, List.of()))));
    }

    private HandlerOutcome analyze(String id) {
        Incident opened = Incident.open(id, orders, byMallory(), TIMEOUT, NOW,
                new TimelineEntry(NOW, IncidentState.DETECTED, "detector", "e", null));
        tx.commit(List.of(incidents.create(opened)));
        DriftDetected drift = new DriftDetected(1, id, id, "ev", orders, byMallory(), TIMEOUT, NOW);
        EventEnvelope in = CODEC.wrap(drift, EventIds.forIncident(id, EventType.DRIFT_DETECTED), "homeostat.detector",
                "123456789012", "us-east-1", NOW);
        HandlerOutcome out = handler.handle(in);
        tx.commit(out.writes());
        return out;
    }

    @Test
    void aFirstOfItsKindIsTheRulesVerdictWithItsSignatureAndNoHistory() {
        HandlerOutcome out = analyze("first");

        Incident analyzed = incidents.find("first").orElseThrow();
        assertEquals(IncidentState.ANALYZED, analyzed.state());
        assertEquals(SIGNATURE, analyzed.signature());
        assertEquals(List.of(), analyzed.similar());
        assertEquals(new Classification(Kind.TAMPERING, 6, 0.9, analyzed.classification().rationale(), "rules"), analyzed.classification());
        IncidentAnalyzed emitted = CODEC.readPayload(out.emits().get(0), IncidentAnalyzed.class);
        assertEquals(analyzed.classification(), emitted.classification());
    }

    @Test
    void aChangeHealedThreeTimesBeforeIsAnAnomalyAndItsHistoryIsListed() {
        closed("old-1", NOW.minus(Duration.ofHours(3)), IncidentState.RESOLVED);
        closed("old-2", NOW.minus(Duration.ofHours(2)), IncidentState.RESOLVED);
        closed("old-3", NOW.minus(Duration.ofHours(1)), IncidentState.RESOLVED);
        closed("ancient", NOW.minus(Duration.ofDays(31)), IncidentState.FAILED); // outside the 30-day window

        analyze("again");

        Incident analyzed = incidents.find("again").orElseThrow();
        assertEquals(Kind.ANOMALY, analyzed.classification().kind());
        assertEquals(7, analyzed.classification().severity());
        assertEquals(0.7, analyzed.classification().confidence(), 1e-9);
        assertEquals(List.of("old-3", "old-2", "old-1"), analyzed.similar().stream().map(SimilarIncident::incidentId).toList(),
                "newest first, the ancient one left out");
        assertTrue(analyzed.similar().stream().allMatch(s -> s.sameResource() && "RESOLVED".equals(s.outcome())));
        assertTrue(analyzed.timeline().get(1).note().contains("ANOMALY severity 7 confidence 0.7 by rules"),
                analyzed.timeline().get(1).note());
    }

    @Test
    void failedRepairsOfTheSameKindOfChangeLowerConfidence() {
        closed("failed-1", NOW.minus(Duration.ofHours(2)), IncidentState.FAILED);
        closed("failed-2", NOW.minus(Duration.ofHours(1)), IncidentState.FAILED);

        analyze("third");

        Classification c = incidents.find("third").orElseThrow().classification();
        assertEquals(Kind.TAMPERING, c.kind());
        assertEquals(0.6, c.confidence(), 1e-9);
        assertTrue(c.rationale().contains("2 whose repair failed"), c.rationale());
    }
}
