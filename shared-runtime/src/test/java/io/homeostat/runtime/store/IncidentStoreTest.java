package io.homeostat.runtime.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.model.envelope.EventCodec;
import io.homeostat.model.events.Classification;
import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.PlanReady;
import io.homeostat.model.events.PlannedAction;
import io.homeostat.model.events.ResourceRef;
import io.homeostat.model.events.StepResult;
import io.homeostat.model.events.Trigger;
import io.homeostat.runtime.store.IncidentStore.Field;
import io.homeostat.runtime.testing.LocalAws;
import io.homeostat.runtime.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** Incident records: create, read back, move forward under a version condition, never backwards. */
class IncidentStoreTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123Z");

    private static DynamoDbClient dynamo;
    private static Tables tables;

    private MutableClock clock;
    private IncidentStore incidents;
    private StoreTransactions tx;
    private String incidentId;
    private ResourceRef resource;

    @BeforeAll
    static void stack() {
        LocalAws aws = LocalAws.get();
        dynamo = aws.dynamo();
        tables = aws.freshTables("incidents");
    }

    @BeforeEach
    void setUp() {
        clock = new MutableClock(T0);
        incidents = new IncidentStore(dynamo, tables.incidents(), new EventCodec().mapper(), clock);
        tx = new StoreTransactions(dynamo);
        incidentId = UUID.randomUUID().toString();
        resource = new ResourceRef("aws.sqs.queue", "orders-queue", "messaging", "orders-" + incidentId.substring(0, 8),
                "123456789012", "us-east-1");
    }

    private static Trigger cloudTrailTrigger() {
        return new Trigger(Trigger.Kind.CLOUDTRAIL, "ct-1", "SetQueueAttributes", "arn:aws:iam::123456789012:user/mallory",
                "203.0.113.7", "aws-cli/2.15", Instant.parse("2026-03-01T09:59:58Z"));
    }

    private static List<FieldDiff> diff() {
        return List.of(new FieldDiff("attributes.VisibilityTimeout", "30", "99"), new FieldDiff("tags.team", "payments", null));
    }

    private Incident opened() {
        return Incident.open(incidentId, resource, cloudTrailTrigger(), diff(), T0,
                new TimelineEntry(T0, IncidentState.DETECTED, "detector", "ev-1", "drift on 2 field(s)"));
    }

    private Incident create(Incident incident) {
        tx.commit(List.of(incidents.create(incident)));
        return incidents.find(incident.incidentId()).orElseThrow();
    }

    @Test
    void createdIncidentReadsBackEqual() {
        Incident written = opened();
        assertEquals(written, create(written));
    }

    @Test
    void createdIncidentWithEveryFieldSetReadsBackEqual() {
        Incident full = new Incident(incidentId, "corr-" + incidentId, resource, IncidentState.EXECUTED, 7, T0,
                T0.plusSeconds(5), cloudTrailTrigger(), diff(),
                new Classification(Classification.Kind.TAMPERING, 6, 0.9, "changed by a person", "rules"),
                new StoredPlan("plan-1", PlanReady.Strategy.RESTORE, List.of(new PlannedAction(1,
                        "aws.sqs.queue/SetQueueAttributes", Map.of("queueName", "orders", "attribute.VisibilityTimeout", "30"), "restore"))),
                new LinkedHashMap<>(Map.of("attributes.VisibilityTimeout", "99", "tags.team", "payments")),
                List.of(new StepResult(1, "aws.sqs.queue/SetQueueAttributes", StepResult.Status.SUCCEEDED, "ok", 12)),
                "RESOLVED",
                List.of(new FieldDiff("tags.team", "payments", null)),
                3,
                List.of(new TimelineEntry(T0, IncidentState.DETECTED, "detector", "ev-1", "opened"),
                        new TimelineEntry(T0.plusSeconds(5), IncidentState.EXECUTED, "executor", "ev-4", "1 step")),
                List.of(LedgerEntry.calling("call-1", 1, 1, "aws.sqs.queue/SetQueueAttributes", Map.of("queueName", "orders"),
                        "token-1", T0.plusSeconds(4)).succeeded("ok", 12)),
                Approval.waiting(List.of("drift flag PAUSED"), T0, T0.plusSeconds(3600))
                        .decided(Approval.Decision.APPROVED, "alice", T0.plusSeconds(60), "checked with the team"),
                new io.homeostat.runtime.gitops.Proposal("homeostat/adopt/" + incidentId, "c0ffee", "base", List.of("phases/10.yaml")),
                List.of(),
                "aws.sqs.queue|CLOUDTRAIL|attributes.VisibilityTimeout,tags.team",
                List.of(new SimilarIncident("inc-0", "orders", T0.minusSeconds(600), "TAMPERING", "RESOLVED", true)));
        assertEquals(full, create(full));
    }

    @Test
    void creatingTheSameIncidentTwiceConflicts() {
        create(opened());
        assertThrows(ConflictException.class, () -> tx.commit(List.of(incidents.create(opened()))));
    }

    @Test
    void findOfAnUnknownIncidentIsEmpty() {
        assertTrue(incidents.find("no-such-" + incidentId).isEmpty());
    }

    @Test
    void transitionMovesForwardAppendsToTheTimelineAndBumpsTheVersion() {
        Incident v1 = create(opened());
        Classification c = new Classification(Classification.Kind.DRIFT, 3, 0.75, "someone edited it", "rules");
        clock.advance(Duration.ofSeconds(2));
        TimelineEntry analyzed = new TimelineEntry(clock.instant(), IncidentState.ANALYZED, "analyzer", "ev-2", "DRIFT 3/10");

        tx.commit(List.of(incidents.transition(v1, IncidentState.ANALYZED, analyzed, Map.of(Field.classification, c))));

        Incident v2 = incidents.find(incidentId).orElseThrow();
        assertEquals(IncidentState.ANALYZED, v2.state());
        assertEquals(2, v2.version());
        assertEquals(c, v2.classification());
        assertEquals(List.of(v1.timeline().get(0), analyzed), v2.timeline());
        assertEquals(clock.instant().toEpochMilli(), v2.updatedAt().toEpochMilli());
        assertEquals(v1.createdAt(), v2.createdAt());
        assertEquals(v1.diff(), v2.diff());
    }

    @Test
    void everyTransitionFieldSurvivesTheWholeLifecycle() {
        Incident current = create(opened());
        var classification = new Classification(Classification.Kind.FAILURE, 8, 1.0, "queue gone", "rules");
        var plan = new StoredPlan("plan-9", PlanReady.Strategy.RESTORE, List.of(new PlannedAction(1, "aws.sqs.queue/CreateQueue",
                Map.of("queueName", "orders"), "re-create")));
        var before = new LinkedHashMap<>(Map.of("attributes.VisibilityTimeout", "99"));
        var steps = List.of(new StepResult(1, "aws.sqs.queue/CreateQueue", StepResult.Status.FAILED, "AccessDenied", 40));
        var remaining = List.of(new FieldDiff("exists", "true", "false"));
        List<Object[]> lifecycle = List.of(
                new Object[] {IncidentState.ANALYZED, Field.classification, classification},
                new Object[] {IncidentState.PLANNED, Field.plan, plan},
                new Object[] {IncidentState.EXECUTING, Field.beforeImage, before},
                new Object[] {IncidentState.EXECUTED, Field.steps, steps},
                new Object[] {IncidentState.FAILED, Field.remaining, remaining});
        List<TimelineEntry> expectedTimeline = new ArrayList<>(current.timeline());
        for (Object[] step : lifecycle) {
            clock.advance(Duration.ofSeconds(1));
            IncidentState next = (IncidentState) step[0];
            TimelineEntry entry = new TimelineEntry(clock.instant(), next, "svc", "ev-" + next, null);
            Map<Field, Object> fields = new EnumMap<>(Field.class);
            fields.put((Field) step[1], step[2]);
            if (next == IncidentState.FAILED) {
                fields.put(Field.outcome, "FAILED");
            }
            tx.commit(List.of(incidents.transition(current, next, entry, fields)));
            expectedTimeline.add(entry);
            current = incidents.find(incidentId).orElseThrow();
            assertEquals(next, current.state());
        }
        assertEquals(6, current.version());
        assertEquals(classification, current.classification());
        assertEquals(plan, current.plan());
        assertEquals(before, current.beforeImage());
        assertEquals(steps, current.steps());
        assertEquals("FAILED", current.outcome());
        assertEquals(remaining, current.remaining());
        assertEquals(expectedTimeline, current.timeline());
    }

    @Test
    void aTransitionBuiltFromAStaleVersionConflicts() {
        Incident stale = create(opened());
        tx.commit(List.of(incidents.transition(stale, IncidentState.ANALYZED,
                new TimelineEntry(T0, IncidentState.ANALYZED, "analyzer", "ev-2", "first"), Map.of())));

        var late = incidents.transition(stale, IncidentState.PLANNED,
                new TimelineEntry(T0, IncidentState.PLANNED, "planner", "ev-3", "late"), Map.of());
        assertThrows(ConflictException.class, () -> tx.commit(List.of(late)));

        Incident now = incidents.find(incidentId).orElseThrow();
        assertEquals(IncidentState.ANALYZED, now.state());
        assertEquals(2, now.version());
        assertEquals(2, now.timeline().size(), "the losing write left nothing behind");
    }

    @Test
    void aTransitionOfAMissingIncidentConflicts() {
        var ghost = incidents.transition(opened(), IncidentState.ANALYZED,
                new TimelineEntry(T0, IncidentState.ANALYZED, "analyzer", "ev-2", null), Map.of());
        assertThrows(ConflictException.class, () -> tx.commit(List.of(ghost)));
        assertTrue(incidents.find(incidentId).isEmpty(), "a conditional update must not create the item");
    }

    static Stream<Arguments> moves() {
        return Stream.of(
                Arguments.of(IncidentState.DETECTED, IncidentState.ANALYZED, true),
                Arguments.of(IncidentState.DETECTED, IncidentState.RESOLVED, true),
                Arguments.of(IncidentState.EXECUTED, IncidentState.FAILED, true),
                Arguments.of(IncidentState.ANALYZED, IncidentState.ANALYZED, false),
                Arguments.of(IncidentState.PLANNED, IncidentState.ANALYZED, false),
                Arguments.of(IncidentState.EXECUTED, IncidentState.DETECTED, false),
                Arguments.of(IncidentState.RESOLVED, IncidentState.FAILED, false),
                Arguments.of(IncidentState.FAILED, IncidentState.RESOLVED, false),
                Arguments.of(IncidentState.RESOLVED, IncidentState.EXECUTING, false),
                Arguments.of(IncidentState.AWAITING_APPROVAL, IncidentState.PLANNED, true),
                Arguments.of(IncidentState.AWAITING_APPROVAL, IncidentState.REJECTED, true),
                Arguments.of(IncidentState.AWAITING_APPROVAL, IncidentState.EXPIRED, true),
                Arguments.of(IncidentState.REJECTED, IncidentState.PLANNED, false),
                Arguments.of(IncidentState.EXPIRED, IncidentState.PLANNED, false),
                Arguments.of(IncidentState.EXPIRED, IncidentState.REJECTED, false));
    }

    @ParameterizedTest(name = "{0} -> {1} allowed: {2}")
    @MethodSource("moves")
    void stateOnlyMovesForward(IncidentState from, IncidentState to, boolean allowed) {
        Incident o = opened();
        Incident current = new Incident(o.incidentId(), o.correlationId(), o.resource(), from, 4, o.createdAt(), o.updatedAt(),
                o.trigger(), o.diff(), null, null, null, List.of(), null, List.of(), 0, o.timeline(), List.of(), null, null, List.of(), null, List.of());
        TimelineEntry entry = new TimelineEntry(T0, to, "svc", "ev", null);
        if (allowed) {
            assertEquals(tables.incidents(), incidents.transition(current, to, entry, Map.of()).update().tableName());
        } else {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> incidents.transition(current, to, entry, Map.of()));
            assertTrue(e.getMessage().contains(from + " to " + to), e.getMessage());
        }
    }

    @Test
    void addSuppressedCountsFoldedTriggersOnlyOnAnExistingIncident() {
        create(opened());
        tx.commit(List.of(incidents.addSuppressed(incidentId)));
        tx.commit(List.of(incidents.addSuppressed(incidentId)));
        assertEquals(2, incidents.find(incidentId).orElseThrow().suppressed());
        assertThrows(ConflictException.class, () -> tx.commit(List.of(incidents.addSuppressed("missing-" + incidentId))));
    }

    @Test
    void theLedgerKeepsEveryCallInOrderCompletedInPlaceAndSurvivesTransitions() {
        Incident opened = create(opened());
        IncidentLedger ledger = new IncidentLedger(dynamo, tables.incidents(), new EventCodec().mapper());
        LedgerEntry first = LedgerEntry.calling("c1", 1, 1, "aws.sqs.queue/SetQueueAttributes", Map.of("queueName", "orders"), "t-1", T0);
        LedgerEntry second = LedgerEntry.calling("c2", 1, 2, "aws.sqs.queue/SetQueueAttributes", Map.of("queueName", "orders"), "t-2", T0);

        IncidentLedger.Pending p1 = ledger.append(incidentId, first);
        // A transition in between (another service, or the executor's own) neither loses nor is blocked by the ledger.
        tx.commit(List.of(incidents.transition(opened, IncidentState.ANALYZED,
                new TimelineEntry(T0, IncidentState.ANALYZED, "analyzer", "ev-2", null), Map.of())));
        ledger.complete(p1, first.failed("throttled", "ThrottlingException", true, 7));
        IncidentLedger.Pending p2 = ledger.append(incidentId, second);

        Incident read = incidents.find(incidentId).orElseThrow();
        assertEquals(List.of(first.failed("throttled", "ThrottlingException", true, 7), second), read.ledger(),
                "the second call is still CALLING: a crash now leaves that trace");
        assertEquals(IncidentState.ANALYZED, read.state());
        assertEquals(List.of(0, 1), List.of(p1.index(), p2.index()));

        assertThrows(ConditionalCheckFailedException.class, () -> ledger.complete(p1, first.succeeded("late", 1)),
                "an entry is completed once; a stale completion cannot overwrite what is there");
        assertThrows(ConditionalCheckFailedException.class, () -> ledger.append("missing-" + incidentId, first));
    }

    @Test
    void recentIsNewestFirstAndForResourceFiltersByResourceKey() {
        // Own table: recent() scans everything in it.
        Tables own = LocalAws.get().freshTables("recent");
        IncidentStore store = new IncidentStore(dynamo, own.incidents(), new EventCodec().mapper(), clock);
        ResourceRef other = new ResourceRef("aws.sqs.queue", "audit-queue", "messaging", "audit", "123456789012", "us-east-1");
        for (int i = 0; i < 3; i++) {
            String id = "inc-" + i;
            Instant at = T0.plusSeconds(i * 60L);
            tx.commit(List.of(store.create(Incident.open(id, i == 1 ? other : resource, Trigger.scan(), List.of(), at,
                    new TimelineEntry(at, IncidentState.DETECTED, "detector", "ev-" + i, null)))));
        }
        assertEquals(List.of("inc-2", "inc-1"), store.recent(2).stream().map(Incident::incidentId).toList());
        assertEquals(List.of("inc-2", "inc-0"), store.forResource(resource.key()).stream().map(Incident::incidentId).toList());
        assertEquals(List.of("inc-1"), store.forResource(other.key()).stream().map(Incident::incidentId).toList());
        assertNull(store.find("inc-1").orElseThrow().classification());
    }

    @Test
    void similarReadsTheSignatureIndexNewestFirstBeforeTheGivenTimeAndBounded() {
        Tables own = LocalAws.get().freshTables("similar");
        IncidentStore store = new IncidentStore(dynamo, own.incidents(), new EventCodec().mapper(), clock);
        String sig = "aws.sqs.queue|SCAN|attributes.VisibilityTimeout";
        for (int i = 0; i < 5; i++) {
            Instant at = T0.plusSeconds(i * 60L);
            Incident opened = Incident.open("sim-" + i, resource, Trigger.scan(), List.of(), at,
                    new TimelineEntry(at, IncidentState.DETECTED, "detector", "ev-" + i, null));
            tx.commit(List.of(store.create(opened)));
            // i == 3 has another signature; i == 4 is never analyzed (no signature: not in the sparse index)
            if (i < 4) {
                tx.commit(List.of(store.transition(opened, IncidentState.ANALYZED,
                        new TimelineEntry(at, IncidentState.ANALYZED, "analyzer", "an-" + i, null),
                        Map.of(Field.signature, i == 3 ? sig + ",tags.team" : sig))));
            }
        }

        assertEquals(List.of("sim-2", "sim-1", "sim-0"), ids(store.similar(sig, T0.plusSeconds(3600), 10)));
        assertEquals(List.of("sim-2", "sim-1"), ids(store.similar(sig, T0.plusSeconds(3600), 2)), "bounded by the limit");
        assertEquals(List.of("sim-1", "sim-0"), ids(store.similar(sig, T0.plusSeconds(120), 10)), "only before the given time");
        assertEquals(List.of("sim-3"), ids(store.similar(sig + ",tags.team", T0.plusSeconds(3600), 10)));
        assertEquals(List.of(), store.similar("aws.sns.topic|SCAN|x", T0.plusSeconds(3600), 10));
        assertEquals(sig, store.find("sim-0").orElseThrow().signature());
        assertNull(store.find("sim-4").orElseThrow().signature());
    }

    @Test
    void similarIncidentsWrittenInATransitionReadBack() {
        Incident opened = opened();
        create(opened);
        List<SimilarIncident> similar = List.of(
                new SimilarIncident("a", "orders", T0.minusSeconds(60), "TAMPERING", "FAILED", true),
                new SimilarIncident("b", "audit", T0.minusSeconds(120), "DRIFT", "ANALYZED", false));
        tx.commit(List.of(incidents.transition(opened, IncidentState.ANALYZED,
                new TimelineEntry(T0, IncidentState.ANALYZED, "analyzer", "an", null),
                Map.of(Field.similar, similar, Field.signature, "sig"))));
        Incident read = incidents.find(incidentId).orElseThrow();
        assertEquals(similar, read.similar());
        assertEquals("sig", read.signature());
    }

    private static List<String> ids(List<Incident> incidents) {
        return incidents.stream().map(Incident::incidentId).toList();
    }
}
