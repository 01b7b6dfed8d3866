package io.homeostat.runtime.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.runtime.store.IdempotencyStore.Acquired;
import io.homeostat.runtime.store.IdempotencyStore.AlreadyDone;
import io.homeostat.runtime.store.IdempotencyStore.Claim;
import io.homeostat.runtime.store.IdempotencyStore.InFlight;
import io.homeostat.runtime.store.IdempotencyStore.Mismatch;
import io.homeostat.runtime.testing.LocalAws;
import io.homeostat.runtime.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Claims, completion, release and lease takeover against DynamoDB Local. */
class IdempotencyStoreTest {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final String CONSUMER = "analyzer";

    private static DynamoDbClient dynamo;
    private static Tables tables;

    private MutableClock clock;
    private IdempotencyStore store;
    private StoreTransactions tx;
    private CooldownGuard guards;
    private String eventId;

    @BeforeAll
    static void stack() {
        LocalAws aws = LocalAws.get();
        dynamo = aws.dynamo();
        tables = aws.freshTables("idem");
    }

    @BeforeEach
    void setUp() {
        clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        store = new IdempotencyStore(dynamo, tables.idempotency(), clock);
        tx = new StoreTransactions(dynamo);
        guards = new CooldownGuard(dynamo, tables.guards(), clock);
        eventId = UUID.randomUUID().toString();
    }

    @Test
    void firstClaimAcquiresAndASecondClaimWhileLeasedIsInFlight() {
        Claim first = store.claim(CONSUMER, eventId, "h1", LEASE);
        Acquired acquired = assertInstanceOf(Acquired.class, first);
        assertEquals(CONSUMER + "#" + eventId, acquired.id());

        long leaseEnds = clock.millis() + LEASE.toMillis();
        clock.advance(LEASE.minusSeconds(1));
        InFlight busy = assertInstanceOf(InFlight.class, store.claim(CONSUMER, eventId, "h1", LEASE));
        assertEquals(leaseEnds, busy.leaseUntilMillis(), "the holder's lease end, so a waiting consumer returns just then");
    }

    @Test
    void completionCommittedWithTheEffectMakesLaterClaimsAlreadyDoneWithTheOutputs() {
        Acquired claim = assertInstanceOf(Acquired.class, store.claim(CONSUMER, eventId, "h1", LEASE));
        List<String> outputs = List.of("{\"id\":\"out-1\"}", "{\"id\":\"out-2\"}");
        String resource = "res-" + eventId;

        tx.commit(List.of(guards.open(resource, "inc-1"), store.completion(claim, "h1", outputs)));

        AlreadyDone done = assertInstanceOf(AlreadyDone.class, store.claim(CONSUMER, eventId, "h1", LEASE));
        assertEquals(outputs, done.outputs());
        assertEquals(CooldownGuard.Status.OPEN, guards.find(resource).orElseThrow().status(), "the effect was committed too");

        // A completed record has no lease: it stays done however much later the duplicate arrives.
        clock.advance(Duration.ofDays(3));
        assertEquals(outputs, assertInstanceOf(AlreadyDone.class, store.claim(CONSUMER, eventId, "h1", LEASE)).outputs());
    }

    @Test
    void completionWithNoOutputsIsStillDone() {
        Acquired claim = assertInstanceOf(Acquired.class, store.claim(CONSUMER, eventId, "h1", LEASE));
        tx.commit(List.of(store.completion(claim, "h1", List.of())));
        assertEquals(List.of(), assertInstanceOf(AlreadyDone.class, store.claim(CONSUMER, eventId, "h1", LEASE)).outputs());
    }

    @Test
    void completionIsNotRecordedWhenTheEffectInTheSameTransactionLosesItsCondition() {
        String resource = "res-" + eventId;
        tx.commit(List.of(guards.open(resource, "someone-else")));
        Acquired claim = assertInstanceOf(Acquired.class, store.claim(CONSUMER, eventId, "h1", LEASE));

        assertThrows(ConflictException.class,
                () -> tx.commit(List.of(guards.open(resource, "inc-mine"), store.completion(claim, "h1", List.of("{}")))));

        // Neither half happened: the guard is untouched and the claim is still ours and unfinished.
        assertEquals("someone-else", guards.find(resource).orElseThrow().incidentId());
        assertInstanceOf(InFlight.class, store.claim(CONSUMER, eventId, "h1", LEASE));
        tx.commit(List.of(store.completion(claim, "h1", List.of())));
        assertInstanceOf(AlreadyDone.class, store.claim(CONSUMER, eventId, "h1", LEASE));
    }

    static Stream<Arguments> mismatches() {
        return Stream.of(
                Arguments.of("while in progress", false),
                Arguments.of("after completion", true));
    }

    @ParameterizedTest(name = "same event id, different payload {0} -> Mismatch")
    @MethodSource("mismatches")
    void sameEventIdWithADifferentPayloadIsAMismatch(String name, boolean complete) {
        Acquired claim = assertInstanceOf(Acquired.class, store.claim(CONSUMER, eventId, "hash-A", LEASE));
        if (complete) {
            tx.commit(List.of(store.completion(claim, "hash-A", List.of())));
        }
        Mismatch m = assertInstanceOf(Mismatch.class, store.claim(CONSUMER, eventId, "hash-B", LEASE));
        assertTrue(m.reason().contains(eventId), m.reason());
        assertTrue(m.reason().contains("different payload"), m.reason());
    }

    @Test
    void releaseLetsANewClaimAcquire() {
        Acquired first = assertInstanceOf(Acquired.class, store.claim(CONSUMER, eventId, "h1", LEASE));
        store.release(first);
        Acquired second = assertInstanceOf(Acquired.class, store.claim(CONSUMER, eventId, "h1", LEASE));
        assertNotEquals(first.token(), second.token());
    }

    @Test
    void releaseAfterCompletionKeepsTheRecordDone() {
        Acquired claim = assertInstanceOf(Acquired.class, store.claim(CONSUMER, eventId, "h1", LEASE));
        tx.commit(List.of(store.completion(claim, "h1", List.of("{\"x\":1}"))));
        store.release(claim);
        assertEquals(List.of("{\"x\":1}"), assertInstanceOf(AlreadyDone.class, store.claim(CONSUMER, eventId, "h1", LEASE)).outputs());
    }

    static Stream<Arguments> leaseBoundaries() {
        return Stream.of(
                Arguments.of("1 ms before the lease ends", LEASE.minusMillis(1), InFlight.class),
                Arguments.of("exactly when the lease ends", LEASE, InFlight.class),
                Arguments.of("1 ms after the lease ended", LEASE.plusMillis(1), Acquired.class),
                Arguments.of("long after the lease ended", LEASE.multipliedBy(10), Acquired.class));
    }

    @ParameterizedTest(name = "second claim {0} -> {2}")
    @MethodSource("leaseBoundaries")
    void aLeaseCanBeTakenOverOnlyOnceItHasRunOut(String name, Duration later, Class<? extends Claim> expected) {
        assertInstanceOf(Acquired.class, store.claim(CONSUMER, eventId, "h1", LEASE));
        clock.advance(later);
        assertInstanceOf(expected, store.claim(CONSUMER, eventId, "h1", LEASE));
    }

    @Test
    void theWorkerWhoseLeaseWasTakenOverCanNeitherCompleteNorRelease() {
        Acquired slow = assertInstanceOf(Acquired.class, store.claim(CONSUMER, eventId, "h1", LEASE));
        clock.advance(LEASE.plusSeconds(1));
        Acquired takeover = assertInstanceOf(Acquired.class, store.claim(CONSUMER, eventId, "h1", LEASE));
        assertNotEquals(slow.token(), takeover.token());

        assertThrows(ConflictException.class, () -> tx.commit(List.of(store.completion(slow, "h1", List.of("{\"by\":\"slow\"}")))));
        store.release(slow);
        assertInstanceOf(InFlight.class, store.claim(CONSUMER, eventId, "h1", LEASE), "the old owner's release must not free the new claim");

        tx.commit(List.of(store.completion(takeover, "h1", List.of("{\"by\":\"takeover\"}"))));
        assertEquals(List.of("{\"by\":\"takeover\"}"), assertInstanceOf(AlreadyDone.class, store.claim(CONSUMER, eventId, "h1", LEASE)).outputs());
    }

    @Test
    void claimsAreScopedPerConsumer() {
        assertInstanceOf(Acquired.class, store.claim("analyzer", eventId, "h1", LEASE));
        assertInstanceOf(Acquired.class, store.claim("planner", eventId, "h1", LEASE));
        assertInstanceOf(InFlight.class, store.claim("analyzer", eventId, "h1", LEASE));
    }
}
