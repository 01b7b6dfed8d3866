package io.homeostat.runtime.breaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.homeostat.model.envelope.EventCodec;
import io.homeostat.runtime.breaker.BreakerPolicy.Granted;
import io.homeostat.runtime.breaker.BreakerPolicy.Outcome;
import io.homeostat.runtime.breaker.BreakerState.Status;
import io.homeostat.runtime.store.Tables;
import io.homeostat.runtime.testing.LocalAws;
import io.homeostat.runtime.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The breaker as replicas share it: one item in DynamoDB Local, changed by conditional writes. */
class SharedCircuitBreakerTest {

    private static final BreakerSettings SETTINGS = new BreakerSettings(2, Duration.ofSeconds(60), Duration.ofSeconds(30), 3, 1,
            Duration.ofSeconds(120));

    private static DynamoDbClient dynamo;
    private static Tables tables;

    private MutableClock clock;
    private String name;
    private final List<String> changes = new ArrayList<>();

    @BeforeAll
    static void stack() {
        dynamo = LocalAws.get().dynamo();
        tables = LocalAws.get().freshTables("breaker");
    }

    @BeforeEach
    void setUp() {
        clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        name = "executor-" + UUID.randomUUID();
    }

    /** One replica's view of the shared breaker. */
    private SharedCircuitBreaker replica() {
        return new SharedCircuitBreaker(dynamo, tables.breakers(), name, new BreakerPolicy(SETTINGS), clock, new EventCodec().mapper())
                .onChange((from, to, s) -> changes.add(from + "->" + to));
    }

    @Test
    void aBreakerOpenedByOneReplicaIsOpenForAnother() {
        SharedCircuitBreaker a = replica();
        SharedCircuitBreaker b = replica();
        assertEquals(Status.CLOSED, b.view().status(), "nothing stored yet reads as closed");

        assertInstanceOf(Granted.class, a.acquire("i1"));
        a.release("i1", Outcome.FAILED);
        assertInstanceOf(Granted.class, b.acquire("i2"));
        b.release("i2", Outcome.FAILED);

        assertEquals(Status.OPEN, a.view().status(), "failures from both replicas counted together");
        assertInstanceOf(BreakerPolicy.Denied.class, a.acquire("i3"));
        assertEquals(List.of("CLOSED->OPEN"), changes);

        clock.advance(Duration.ofSeconds(31));
        assertEquals(Status.HALF_OPEN, b.view().status());
        assertInstanceOf(Granted.class, b.acquire("i3"));
        b.release("i3", Outcome.SUCCEEDED);
        assertEquals(Status.CLOSED, a.view().status());
        assertEquals(List.of("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED"), changes);
    }

    @Test
    void manyReplicasRacingForTheHalfOpenProbeLetExactlyOneThrough() throws Exception {
        SharedCircuitBreaker opener = replica();
        for (String id : List.of("f1", "f2")) {
            opener.acquire(id);
            opener.release(id, Outcome.FAILED);
        }
        clock.advance(Duration.ofSeconds(31));

        int replicas = 8;
        ExecutorService pool = Executors.newFixedThreadPool(replicas);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<BreakerPolicy.Decision>> decisions = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            SharedCircuitBreaker r = replica();
            String id = "plan-" + i;
            decisions.add(pool.submit(() -> {
                start.await();
                return r.acquire(id);
            }));
        }
        start.countDown();
        long granted = 0;
        for (Future<BreakerPolicy.Decision> d : decisions) {
            granted += d.get() instanceof Granted g && g.probe() ? 1 : 0;
        }
        pool.shutdown();

        assertEquals(1, granted, "conditional writes let one probe through, the others wait");
        assertEquals(1, opener.view().probes().size());
    }

    @Test
    void maxInFlightHoldsAcrossReplicas() {
        SharedCircuitBreaker a = replica();
        SharedCircuitBreaker b = replica();
        assertInstanceOf(Granted.class, a.acquire("1"));
        assertInstanceOf(Granted.class, b.acquire("2"));
        assertInstanceOf(Granted.class, a.acquire("3"));
        assertInstanceOf(BreakerPolicy.Denied.class, b.acquire("4"));
        a.release("1", Outcome.SUCCEEDED);
        assertInstanceOf(Granted.class, b.acquire("4"));
        assertEquals(3, a.view().inFlight().size());
    }
}
