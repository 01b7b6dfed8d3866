package io.homeostat.planner.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.localstack.EmulatorStack;
import io.homeostat.model.envelope.EventCodec;
import io.homeostat.model.envelope.EventEnvelope;
import io.homeostat.model.events.Classification;
import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.PlanReady;
import io.homeostat.model.events.PlannedAction;
import io.homeostat.model.events.PolicyDecision;
import io.homeostat.model.events.ResourceRef;
import io.homeostat.model.events.Trigger;
import io.homeostat.runtime.store.Approval;
import io.homeostat.runtime.store.CooldownGuard;
import io.homeostat.runtime.store.Incident;
import io.homeostat.runtime.store.IncidentState;
import io.homeostat.runtime.store.IncidentStore;
import io.homeostat.runtime.store.StoreTransactions;
import io.homeostat.runtime.store.StoredPlan;
import io.homeostat.runtime.store.TableBootstrap;
import io.homeostat.runtime.store.Tables;
import io.homeostat.runtime.store.TimelineEntry;
import io.homeostat.runtime.transport.EventPublisher;
import io.homeostat.runtime.transport.Envelopes;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Decisions on waiting plans against DynamoDB Local: each decided once (conditional writes), plan.ready emitted once
 * per approval, and every refusal saying what became of the plan.
 */
class ApprovalDeskTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Duration EXPIRY = Duration.ofHours(24);
    private static final Duration COOLDOWN = Duration.ofMinutes(5);

    private static EmulatorStack stack;
    private static DynamoDbClient dynamo;
    private static int seq;
    private Tables tables;

    private final EventCodec codec = new EventCodec();
    private final List<EventEnvelope> published = new CopyOnWriteArrayList<>();
    private final AtomicBoolean publishFails = new AtomicBoolean();
    private IncidentStore incidents;
    private CooldownGuard guard;
    private StoreTransactions tx;
    private String incidentId;
    private ResourceRef resource;

    @BeforeAll
    static void start() throws Exception {
        stack = EmulatorStack.start(EmulatorStack.Options.ephemeral().withRequireMoto(false));
        dynamo = DynamoDbClient.builder().endpointOverride(URI.create(stack.endpoints().controlDynamodb()))
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @BeforeEach
    void setUp() {
        // Tables of its own per test, so counts (expired, re-sent) are exact.
        tables = Tables.withPrefix("approval-" + (++seq) + "-");
        TableBootstrap.ensureTables(dynamo, tables);
        incidents = new IncidentStore(dynamo, tables.incidents(), codec.mapper(), Clock.fixed(T0, ZoneOffset.UTC));
        guard = new CooldownGuard(dynamo, tables.guards(), Clock.fixed(T0, ZoneOffset.UTC));
        tx = new StoreTransactions(dynamo);
        incidentId = UUID.randomUUID().toString();
        resource = new ResourceRef("aws.sqs.queue", "orders-queue", "messaging", "orders-" + incidentId.substring(0, 8),
                "123456789012", "us-east-1");
    }

    /** A desk whose clock reads {@code now}. */
    private ApprovalDesk desk(Instant now) {
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        EventPublisher publisher = envelope -> {
            if (publishFails.get()) {
                throw new IllegalStateException("queue unreachable");
            }
            published.add(envelope);
        };
        return new ApprovalDesk(new IncidentStore(dynamo, tables.incidents(), codec.mapper(), clock), tx,
                new CooldownGuard(dynamo, tables.guards(), clock), publisher, new Envelopes(codec, "planner", clock), clock,
                COOLDOWN, null);
    }

    private static final StoredPlan PLAN = new StoredPlan("plan-" + 1, PlanReady.Strategy.RESTORE,
            List.of(new PlannedAction(1, "aws.sqs.queue/SetQueueAttributes", Map.of("queueName", "orders", "attribute.VisibilityTimeout", "30"),
                    "restore").guarded(Map.of("exists", "true", "attributes.VisibilityTimeout", "99"), null)),
            new PolicyDecision(PolicyDecision.Effect.REQUIRE_APPROVAL, List.of(new PolicyDecision.Match("prod", "config",
                    PolicyDecision.Effect.REQUIRE_APPROVAL, 1, "aws.sqs.queue/SetQueueAttributes", "prod waits"))));

    /** An incident waiting for approval since T0, holding the resource's guard, as the planner leaves it. */
    private Incident waiting(String id) {
        return waiting(id, Approval.waiting(List.of("confidence 0.60 below 0.80"), T0, T0.plus(EXPIRY)));
    }

    private Incident waiting(String id, Approval approval) {
        StoredPlan plan = new StoredPlan("plan-" + id, PLAN.strategy(), PLAN.actions(), PLAN.policy());
        Incident incident = new Incident(id, id, resource, IncidentState.AWAITING_APPROVAL, 3, T0, T0,
                new Trigger(Trigger.Kind.SCAN, null, null, null, null, null, T0),
                List.of(new FieldDiff("attributes.VisibilityTimeout", "30", "99")),
                new Classification(Classification.Kind.DRIFT, 4, 0.6, "scan", "rules"), plan, null, List.of(), null, List.of(), 0,
                List.of(new TimelineEntry(T0, IncidentState.AWAITING_APPROVAL, "planner", null, "waits")),
                List.of(), approval, null, List.of(), null, List.of());
        tx.commit(List.of(incidents.create(incident), guard.open(resource.key(), id)));
        return incident;
    }

    private Incident stored(String id) {
        return incidents.find(id).orElseThrow();
    }

    @Test
    void approvalMovesThePlanOnRecordsWhoWhenWhyAndEmitsPlanReadyOnce() {
        waiting(incidentId);
        Instant at = T0.plusSeconds(60);

        Incident approved = desk(at).approve(incidentId, "alice", "checked with payments");

        assertEquals(IncidentState.PLANNED, approved.state());
        Approval a = approved.approval();
        assertEquals(Approval.Decision.APPROVED, a.decision());
        assertEquals("alice", a.decidedBy());
        assertEquals(at, a.decidedAt());
        assertEquals("checked with payments", a.comment());
        assertEquals(List.of("confidence 0.60 below 0.80"), a.reasons(), "why it waited is kept");
        TimelineEntry last = approved.timeline().get(approved.timeline().size() - 1);
        assertEquals(IncidentState.PLANNED, last.state());
        assertTrue(last.note().startsWith("approved by alice: 'checked with payments'"), last.note());
        assertEquals(1, published.size());
        PlanReady ready = codec.readPayload(published.get(0), PlanReady.class);
        assertEquals("plan-" + incidentId, ready.planId());
        assertEquals(PLAN.actions(), ready.actions());
        assertEquals(PolicyDecision.Effect.REQUIRE_APPROVAL, ready.policy().effect(), "the policy decision travels with the plan");
        assertEquals(last.eventId(), published.get(0).id(), "the timeline names the event sent");

        DecisionRefusedException again = assertThrows(DecisionRefusedException.class,
                () -> desk(at.plusSeconds(1)).approve(incidentId, "bob", "me too"));
        assertTrue(again.getMessage().contains("already approved by alice"), again.getMessage());
        assertEquals(1, published.size(), "a second approval emits nothing");
    }

    @Test
    void twoConcurrentApprovalsProduceOneDecisionAndOnePlanReady() throws Exception {
        waiting(incidentId);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<String>> results = List.of("alice", "bob").stream().map(user -> pool.submit(() -> {
                go.await();
                try {
                    desk(T0.plusSeconds(30)).approve(incidentId, user, null);
                    return "approved";
                } catch (DecisionRefusedException e) {
                    return "refused: " + e.getMessage();
                }
            })).toList();
            go.countDown();
            List<String> outcomes = List.of(results.get(0).get(), results.get(1).get());
            assertEquals(1, outcomes.stream().filter("approved"::equals).count(), outcomes.toString());
            assertTrue(outcomes.stream().anyMatch(o -> o.contains("already approved by")), outcomes.toString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, published.size());
        assertEquals(IncidentState.PLANNED, stored(incidentId).state());
        assertEquals(2, stored(incidentId).timeline().size(), "one decision on the timeline");
    }

    @Test
    void rejectionNeedsAReasonEndsTheIncidentAndReleasesTheResource() {
        waiting(incidentId);
        assertThrows(IllegalArgumentException.class, () -> desk(T0).reject(incidentId, "alice", " "));

        Incident rejected = desk(T0.plusSeconds(5)).reject(incidentId, "alice", "the team changed it on purpose");

        assertEquals(IncidentState.REJECTED, rejected.state());
        assertEquals(Approval.Decision.REJECTED, rejected.approval().decision());
        assertEquals("the team changed it on purpose", rejected.approval().comment());
        CooldownGuard.Guard g = guard.find(resource.key()).orElseThrow();
        assertEquals(CooldownGuard.Status.CLOSED, g.status(), "a new incident may open after the cooldown");
        assertEquals(T0.plusSeconds(5).plus(COOLDOWN).toEpochMilli(), g.cooldownUntil());
        assertEquals(0, published.size());

        DecisionRefusedException e = assertThrows(DecisionRefusedException.class,
                () -> desk(T0.plusSeconds(6)).approve(incidentId, "bob", null));
        assertTrue(e.getMessage().contains("already rejected by alice") && e.getMessage().contains("REJECTED"), e.getMessage());
    }

    @Test
    void anExpiredPlanIsRefusedAndMarkedExpired() {
        waiting(incidentId);

        DecisionRefusedException e = assertThrows(DecisionRefusedException.class,
                () -> desk(T0.plus(EXPIRY).plusSeconds(1)).approve(incidentId, "alice", null));

        assertTrue(e.getMessage().contains("expired at " + T0.plus(EXPIRY)), e.getMessage());
        Incident expired = stored(incidentId);
        assertEquals(IncidentState.EXPIRED, expired.state());
        assertEquals(Approval.Decision.EXPIRED, expired.approval().decision());
        assertEquals(CooldownGuard.Status.CLOSED, guard.find(resource.key()).orElseThrow().status());
        assertEquals(0, published.size());
        DecisionRefusedException later = assertThrows(DecisionRefusedException.class,
                () -> desk(T0.plus(EXPIRY).plusSeconds(2)).reject(incidentId, "alice", "too late"));
        assertTrue(later.getMessage().contains("already expired by homeostat"), later.getMessage());
    }

    @Test
    void theSweepExpiresOnlyOverduePlans() {
        waiting(incidentId);
        String fresh = UUID.randomUUID().toString();
        resource = new ResourceRef(resource.type(), "other", resource.phase(), "other-" + fresh.substring(0, 8), resource.account(),
                resource.region());
        Incident other = waiting(fresh);
        desk(T0.plusSeconds(1)).approve(fresh, "alice", null);

        assertEquals(0, desk(T0.plus(EXPIRY).minusSeconds(1)).expireDue(), "nothing due yet");
        assertEquals(1, desk(T0.plus(EXPIRY)).expireDue(), "the waiting one; the approved one is not waiting");
        assertEquals(IncidentState.EXPIRED, stored(incidentId).state());
        assertEquals(IncidentState.PLANNED, stored(other.incidentId()).state());
        assertEquals(0, desk(T0.plus(EXPIRY).plusSeconds(5)).expireDue(), "expired once");
    }

    @Test
    void anApprovalWhosePlanReadyWasLostIsSentAgainBySweepWithTheSameId() {
        waiting(incidentId);
        publishFails.set(true);
        Incident approved = desk(T0.plusSeconds(10)).approve(incidentId, "alice", null);
        assertEquals(IncidentState.PLANNED, approved.state(), "the approval stands even though the send failed");
        assertEquals(0, published.size());

        publishFails.set(false);
        assertEquals(0, desk(T0.plusSeconds(20)).republishStalled(Duration.ofSeconds(30)), "not stalled yet");
        assertEquals(1, desk(T0.plusSeconds(120)).republishStalled(Duration.ofSeconds(30)));
        EventEnvelope sent = published.stream().filter(e -> codec.readPayload(e, PlanReady.class).incidentId().equals(incidentId))
                .findFirst().orElseThrow();
        assertEquals(approved.timeline().get(approved.timeline().size() - 1).eventId(), sent.id(),
                "the same deterministic id, so the executor runs it once");
    }

    @Test
    void aPlanHeldBeforeApprovalsWereRecordedCanStillBeDecidedAndNeverExpires() {
        waiting(incidentId, null);
        assertEquals(0, desk(T0.plus(EXPIRY).plus(EXPIRY)).expireDue());

        Incident approved = desk(T0.plus(EXPIRY)).approve(incidentId, "alice", null);

        assertEquals(IncidentState.PLANNED, approved.state());
        assertEquals(Approval.Decision.APPROVED, approved.approval().decision());
        assertEquals(1, published.size());
    }

    @Test
    void onlyWaitingPlansCanBeDecidedAndUnknownIdsAreNotFound() {
        Incident w = waiting(incidentId);
        Incident planned = desk(T0).approve(incidentId, "alice", null);
        assertNotNull(planned);
        assertEquals(incidentId, desk(T0).find(w.plan().planId()).incidentId(), "found by plan id too");
        assertThrows(PlanNotFoundException.class, () -> desk(T0).approve("no-such-plan", "alice", null));
    }
}
