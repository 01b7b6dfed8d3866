package io.homeostat.runtime.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.model.envelope.EventCodec;
import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.ResourceRef;
import io.homeostat.model.events.Trigger;
import io.homeostat.runtime.store.EscalatedIncidents.CloseRefusedException;
import io.homeostat.runtime.testing.LocalAws;
import io.homeostat.runtime.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** An ESCALATED incident holds its resource until a person closes it; closing records who and why and releases it. */
class EscalatedIncidentsTest {

    private static final Instant T0 = Instant.parse("2026-06-01T08:00:00Z");

    private static DynamoDbClient dynamo;
    private static Tables tables;

    private MutableClock clock;
    private IncidentStore incidents;
    private CooldownGuard guards;
    private StoreTransactions tx;
    private NotificationOutbox outbox;
    private EscalatedIncidents escalated;
    private ResourceRef resource;

    @BeforeAll
    static void stack() {
        LocalAws aws = LocalAws.get();
        dynamo = aws.dynamo();
        tables = aws.freshTables("escalated");
    }

    @BeforeEach
    void setUp() {
        clock = new MutableClock(T0);
        incidents = new IncidentStore(dynamo, tables.incidents(), new EventCodec().mapper(), clock);
        guards = new CooldownGuard(dynamo, tables.guards(), clock);
        tx = new StoreTransactions(dynamo);
        outbox = new NotificationOutbox(incidents);
        escalated = new EscalatedIncidents(incidents, guards, tx, clock);
        String name = "orders-" + UUID.randomUUID().toString().substring(0, 8);
        resource = new ResourceRef("aws.sqs.queue", name, "messaging", name, "123456789012", "us-east-1");
    }

    /** An incident opened on {@link #resource} (guard held) and moved to {@code state}. */
    private String incidentIn(IncidentState state) {
        String id = UUID.randomUUID().toString();
        Incident opened = Incident.open(id, resource, Trigger.scan(), List.of(new FieldDiff("attributes.VisibilityTimeout", "30", "99")),
                clock.instant(), new TimelineEntry(clock.instant(), IncidentState.DETECTED, "detector", "ev-1", "drift"));
        tx.commit(List.of(incidents.create(opened), guards.open(resource.key(), id)));
        if (state != IncidentState.DETECTED) {
            tx.commit(List.of(incidents.transition(incidents.find(id).orElseThrow(), state,
                    new TimelineEntry(clock.instant(), state, "verifier", null, "rollback failed: test"), Map.of())));
        }
        return id;
    }

    @Test
    void closingRecordsWhoAndWhyNotifiesAndReleasesTheResourceAtOnce() {
        String id = incidentIn(IncidentState.ESCALATED);
        assertFalse(guards.find(resource.key()).orElseThrow().admitsNewIncident(clock.millis()), "held while escalated");
        clock.advance(Duration.ofMinutes(7));

        Incident closed = escalated.close(id, "alice", "  restored the queue by hand, see OPS-42 ");

        assertEquals(IncidentState.CLOSED, closed.state());
        assertTrue(closed.state().isTerminal());
        TimelineEntry last = closed.timeline().get(closed.timeline().size() - 1);
        assertEquals(IncidentState.CLOSED, last.state());
        assertEquals(T0.plus(Duration.ofMinutes(7)), last.at());
        assertEquals("closed by alice: restored the queue by hand, see OPS-42; resource released without a cooldown", last.note());
        assertTrue(guards.find(resource.key()).orElseThrow().admitsNewIncident(clock.millis()),
                "a new incident may open on the resource right away");

        var claim = outbox.claim(id, "test", clock.instant(), Duration.ofMinutes(1)).orElseThrow();
        assertEquals(List.of(IncidentState.DETECTED, IncidentState.ESCALATED, IncidentState.CLOSED), claim.notices().stream().map(PendingNotice::state).toList(),
                "people are told it closed, as for every outcome");
    }

    @Test
    void onlyAnEscalatedIncidentIsClosedByHand() {
        for (IncidentState state : List.of(IncidentState.DETECTED, IncidentState.EXECUTING, IncidentState.RESOLVED)) {
            setUp();
            String id = incidentIn(state);
            CloseRefusedException refused = assertThrows(CloseRefusedException.class, () -> escalated.close(id, "alice", "tidy"));
            assertFalse(refused.notFound());
            assertEquals("incident " + id + " is " + state + "; only an ESCALATED incident is closed by hand (the others "
                    + "close themselves)", refused.getMessage());
            assertEquals(state, incidents.find(id).orElseThrow().state(), "unchanged");
        }
    }

    @Test
    void aSecondCloseIsRefusedAndChangesNothing() {
        String id = incidentIn(IncidentState.ESCALATED);
        escalated.close(id, "alice", "fixed");
        long version = incidents.find(id).orElseThrow().version();
        CloseRefusedException refused = assertThrows(CloseRefusedException.class, () -> escalated.close(id, "bob", "again"));
        assertTrue(refused.getMessage().contains("is CLOSED"), refused.getMessage());
        assertEquals(version, incidents.find(id).orElseThrow().version());
    }

    @Test
    void aCloseNeedsAReasonAndAnIncidentThatExists() {
        String id = incidentIn(IncidentState.ESCALATED);
        for (String blank : new String[] {null, "", "   "}) {
            var e = assertThrows(IllegalArgumentException.class, () -> escalated.close(id, "alice", blank));
            assertTrue(e.getMessage().contains("needs a reason"), e.getMessage());
        }
        assertEquals(IncidentState.ESCALATED, incidents.find(id).orElseThrow().state());

        CloseRefusedException missing = assertThrows(CloseRefusedException.class, () -> escalated.close("no-such-id", "alice", "x"));
        assertTrue(missing.notFound());
        assertEquals("no incident no-such-id", missing.getMessage());
    }
}
