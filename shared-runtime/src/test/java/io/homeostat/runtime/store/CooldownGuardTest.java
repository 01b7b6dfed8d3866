package io.homeostat.runtime.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.runtime.store.CooldownGuard.Guard;
import io.homeostat.runtime.store.CooldownGuard.Status;
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
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** One open incident per resource, and a cooldown after it closes, with expiry checked in the conditions. */
class CooldownGuardTest {

    private static final Duration COOLDOWN = Duration.ofMinutes(5);

    private static DynamoDbClient dynamo;
    private static Tables tables;

    private MutableClock clock;
    private CooldownGuard guards;
    private StoreTransactions tx;
    private String key;

    @BeforeAll
    static void stack() {
        LocalAws aws = LocalAws.get();
        dynamo = aws.dynamo();
        tables = aws.freshTables("guards");
    }

    @BeforeEach
    void setUp() {
        clock = new MutableClock(Instant.parse("2026-05-01T12:00:00Z"));
        guards = new CooldownGuard(dynamo, tables.guards(), clock);
        tx = new StoreTransactions(dynamo);
        key = "aws.sqs.queue:123456789012:us-east-1:" + UUID.randomUUID();
    }

    private void commit(TransactWriteItem write) {
        tx.commit(List.of(write));
    }

    private Guard guard() {
        return guards.find(key).orElseThrow();
    }

    @Test
    void opensOnAFreshKey() {
        assertTrue(guards.find(key).isEmpty());
        commit(guards.open(key, "inc-1"));
        assertEquals(new Guard(key, "inc-1", Status.OPEN, 0, 0), guard());
    }

    @Test
    void aSecondOpenConflictsWhileOpen() {
        commit(guards.open(key, "inc-1"));
        clock.advance(Duration.ofDays(1)); // however long it stays open
        assertThrows(ConflictException.class, () -> commit(guards.open(key, "inc-2")));
        assertEquals("inc-1", guard().incidentId());
    }

    @Test
    void foldInCountsSuppressedTriggersWhileOpen() {
        commit(guards.open(key, "inc-1"));
        commit(guards.foldIn(guard()));
        commit(guards.foldIn(guard()));
        assertEquals(2, guard().suppressed());
        assertEquals(Status.OPEN, guard().status());
    }

    @Test
    void foldInFromAGuardSeenBeforeItChangedConflicts() {
        commit(guards.open(key, "inc-1"));
        Guard seenOpen = guard();
        commit(guards.close(key, "inc-1", clock.millis() - 1)); // closed, cooldown already over
        assertThrows(ConflictException.class, () -> commit(guards.foldIn(seenOpen)));
        assertEquals(0, guard().suppressed());
    }

    @Test
    void closeWithCooldownInTheFutureBlocksOpenAndFoldsInUntilItRunsOut() {
        commit(guards.open(key, "inc-1"));
        long until = clock.millis() + COOLDOWN.toMillis();
        commit(guards.close(key, "inc-1", until));
        assertEquals(new Guard(key, "inc-1", Status.CLOSED, until, 0), guard());

        assertThrows(ConflictException.class, () -> commit(guards.open(key, "inc-2")));
        commit(guards.foldIn(guard()));
        assertEquals(1, guard().suppressed());

        clock.advance(COOLDOWN.minusMillis(1));
        assertThrows(ConflictException.class, () -> commit(guards.open(key, "inc-2")));

        clock.advance(Duration.ofMillis(1)); // cooldownUntil <= now: over
        Guard expired = guard();
        assertThrows(ConflictException.class, () -> commit(guards.foldIn(expired)), "no folding into a finished cooldown");
        commit(guards.open(key, "inc-2"));
        assertEquals(new Guard(key, "inc-2", Status.OPEN, 0, 0), guard());
    }

    @Test
    void closeWithCooldownInThePastAdmitsANewIncidentAtOnce() {
        commit(guards.open(key, "inc-1"));
        commit(guards.close(key, "inc-1", clock.millis() - 1_000));
        commit(guards.open(key, "inc-2"));
        assertEquals("inc-2", guard().incidentId());
        assertEquals(Status.OPEN, guard().status());
    }

    @Test
    void onlyTheOwningIncidentCanClose() {
        commit(guards.open(key, "inc-1"));
        assertThrows(ConflictException.class, () -> commit(guards.close(key, "inc-other", 0)));
        assertEquals(Status.OPEN, guard().status());
    }

    static Stream<Arguments> admits() {
        return Stream.of(
                Arguments.of("open, no cooldown", Status.OPEN, 0L, 1_000L, false),
                Arguments.of("closed, cooling down", Status.CLOSED, 2_000L, 1_000L, false),
                Arguments.of("closed, cooldown ends now", Status.CLOSED, 1_000L, 1_000L, true),
                Arguments.of("closed, cooldown over", Status.CLOSED, 999L, 1_000L, true));
    }

    @ParameterizedTest(name = "{0} -> admits new incident: {4}")
    @MethodSource("admits")
    void admitsNewIncidentAgreesWithTheOpenCondition(String name, Status status, long until, long now, boolean admits) {
        assertEquals(admits, new Guard(key, "inc-1", status, until, 0).admitsNewIncident(now));
        // The store's condition must say the same thing as the in-memory check.
        commit(guards.open(key, "inc-1"));
        if (status == Status.CLOSED) {
            commit(guards.close(key, "inc-1", until));
        }
        clock.set(Instant.ofEpochMilli(now));
        if (admits) {
            commit(guards.open(key, "inc-2"));
            assertEquals("inc-2", guard().incidentId());
        } else {
            assertThrows(ConflictException.class, () -> commit(guards.open(key, "inc-2")));
        }
    }
}
