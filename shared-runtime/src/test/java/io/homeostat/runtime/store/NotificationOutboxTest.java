package io.homeostat.runtime.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.model.envelope.EventCodec;
import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.ResourceRef;
import io.homeostat.model.events.Trigger;
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

/** Notices are queued by the state change itself, claimed by one notifier at a time, and cleared once sent. */
class NotificationOutboxTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);

    private static DynamoDbClient dynamo;
    private static Tables tables;

    private MutableClock clock;
    private IncidentStore incidents;
    private NotificationOutbox outbox;
    private StoreTransactions tx;

    @BeforeAll
    static void stack() {
        dynamo = LocalAws.get().dynamo();
        tables = LocalAws.get().freshTables("outbox");
    }

    @BeforeEach
    void setUp() {
        clock = new MutableClock(T0);
        incidents = new IncidentStore(dynamo, tables.incidents(), new EventCodec().mapper(), clock);
        outbox = new NotificationOutbox(incidents);
        tx = new StoreTransactions(dynamo);
        drain();
    }

    /** Every test starts from an empty outbox (the table is shared by this class's tests). */
    private void drain() {
        for (NotificationOutbox.Queued q : outbox.queued(1000)) {
            outbox.claim(q.incidentId(), "drain", T0.plus(Duration.ofDays(3650)), LEASE).ifPresent(outbox::done);
        }
    }

    private Incident open() {
        String id = UUID.randomUUID().toString();
        ResourceRef ref = new ResourceRef("aws.sqs.queue", "q", "p", "q-" + id.substring(0, 8), "123456789012", "us-east-1");
        Incident incident = Incident.open(id, ref, new Trigger(Trigger.Kind.SCAN, null, null, null, null, null, T0),
                List.of(new FieldDiff("attributes.VisibilityTimeout", "30", "99")), T0,
                new TimelineEntry(T0, IncidentState.DETECTED, "detector", "ev-1", "opened"));
        tx.commit(List.of(incidents.create(incident)));
        return incidents.find(id).orElseThrow();
    }

    private Incident move(Incident incident, IncidentState next) {
        tx.commit(List.of(incidents.transition(incident, next, new TimelineEntry(clock.instant(), next, "svc", null, "moved"), Map.of())));
        return incidents.find(incident.incidentId()).orElseThrow();
    }

    private List<String> queuedIds() {
        return outbox.queued(1000).stream().map(NotificationOutbox.Queued::incidentId).toList();
    }

    @Test
    void openingQueuesOneNoticeAndMachineryStepsQueueNone() {
        Incident incident = open();
        move(incident, IncidentState.ANALYZED);
        assertEquals(List.of(incident.incidentId()), queuedIds());
        NotificationOutbox.Claim claim = outbox.claim(incident.incidentId(), "n1", T0, LEASE).orElseThrow();
        assertEquals(List.of(new PendingNotice(IncidentState.DETECTED, T0)), claim.notices(), "ANALYZED is not notifiable");
        assertEquals(IncidentState.ANALYZED, claim.incident().state());
        outbox.done(claim);
        assertEquals(List.of(), queuedIds(), "sent and cleared: the item leaves the sparse index");
    }

    @Test
    void aClaimedItemCannotBeClaimedAgainUntilTheLeaseRunsOut() {
        Incident incident = open();
        assertTrue(outbox.claim(incident.incidentId(), "n1", T0, LEASE).isPresent());
        assertTrue(outbox.claim(incident.incidentId(), "n2", T0.plusSeconds(29), LEASE).isEmpty(), "held by n1");
        NotificationOutbox.Claim taken = outbox.claim(incident.incidentId(), "n2", T0.plusSeconds(31), LEASE).orElseThrow();
        assertEquals("n2", taken.owner(), "n1 died: after its lease another notifier takes over");
    }

    @Test
    void aNoticeAppendedWhileClaimedStaysQueued() {
        Incident incident = open();
        NotificationOutbox.Claim claim = outbox.claim(incident.incidentId(), "n1", T0, LEASE).orElseThrow();
        clock.set(T0.plusSeconds(2));
        Incident moved = move(move(move(move(move(move(incident, IncidentState.ANALYZED), IncidentState.PLANNED),
                IncidentState.EXECUTING), IncidentState.EXECUTED), IncidentState.ROLLING_BACK), IncidentState.ROLLED_BACK);
        assertEquals(IncidentState.ROLLED_BACK, moved.state());
        outbox.done(claim);
        assertEquals(List.of(incident.incidentId()), queuedIds());
        NotificationOutbox.Claim next = outbox.claim(incident.incidentId(), "n1", T0.plusSeconds(3), LEASE).orElseThrow();
        assertEquals(List.of(new PendingNotice(IncidentState.ROLLED_BACK, T0.plusSeconds(2))), next.notices());
        outbox.done(next);
        assertEquals(List.of(), queuedIds());
    }

    @Test
    void aFailedDeliveryWaitsForItsRetryTimeAndCountsAttempts() {
        Incident incident = open();
        NotificationOutbox.Claim claim = outbox.claim(incident.incidentId(), "n1", T0, LEASE).orElseThrow();
        outbox.retryLater(claim, T0.plusSeconds(10));
        assertTrue(outbox.claim(incident.incidentId(), "n1", T0.plusSeconds(9), LEASE).isEmpty(), "still backing off");
        NotificationOutbox.Claim again = outbox.claim(incident.incidentId(), "n1", T0.plusSeconds(10), LEASE).orElseThrow();
        assertEquals(1, again.attempts());
        assertEquals(1, again.notices().size(), "the notice was kept for the retry");
    }

    @Test
    void aLateDoneByALeaseLoserChangesNothing() {
        Incident incident = open();
        NotificationOutbox.Claim old = outbox.claim(incident.incidentId(), "n1", T0, LEASE).orElseThrow();
        NotificationOutbox.Claim current = outbox.claim(incident.incidentId(), "n2", T0.plusSeconds(31), LEASE).orElseThrow();
        outbox.done(old);
        assertEquals(List.of(incident.incidentId()), queuedIds(), "n2 holds it now; n1's clear is refused");
        outbox.done(current);
        assertEquals(List.of(), queuedIds());
    }
}
