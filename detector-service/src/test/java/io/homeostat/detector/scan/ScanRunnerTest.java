package io.homeostat.detector.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.detector.scan.ScanRunner.Result;
import io.homeostat.detector.scan.ScanRunner.Status;
import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.desired.DriftMode;
import io.homeostat.runtime.provider.CloudCallException;
import io.homeostat.runtime.ratelimit.RateBudgets;
import io.homeostat.runtime.transport.Backoff;
import io.homeostat.runtime.transport.HandlerOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScanRunnerTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(3);
    private final Map<String, AtomicInteger> budgetCalls = new ConcurrentHashMap<>();
    /** A budget that never waits but counts what was asked of it. */
    private final RateBudgets budgets = new RateBudgets(1e9, 1e9, System::nanoTime, nanos -> { });
    private final ScanRunner runner = new ScanRunner(pool, budgets, r -> {
        budgetCalls.computeIfAbsent(r.name(), k -> new AtomicInteger()).incrementAndGet();
        return RateBudgets.key(r.account(), r.region(), "test");
    }, 3, new Backoff(Duration.ofMillis(1), Duration.ofMillis(2)));

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static DesiredResource resource(String name) {
        return new DesiredResource(name, "p", "test.thing", name, "123456789012", "us-east-1", Map.of(), Map.of(), DriftMode.AUTO_HEAL);
    }

    private Result runOne(String name, ScanRunner.Work work) {
        return runner.run(List.of(resource(name)), work).get(0);
    }

    @Test
    void throttlingIsRetriedWithinTheBudgetAndSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        Result r = runOne("throttled", x -> {
            if (calls.incrementAndGet() < 3) {
                throw new CloudCallException("Rate exceeded", true, null);
            }
            return Optional.empty();
        });
        assertEquals(Status.IN_SYNC, r.status());
        assertEquals(3, r.attempts());
        assertEquals(3, budgetCalls.get("throttled").get(), "every attempt takes a token");
    }

    @Test
    void accessDeniedIsNotRetriedAndIsReportedWithItsReason() {
        AtomicInteger calls = new AtomicInteger();
        Result r = runOne("denied", x -> {
            calls.incrementAndGet();
            throw new CloudCallException("observe aws.sqs.queue denied failed: AccessDenied", false, null);
        });
        assertEquals(Status.FAILED, r.status());
        assertEquals(1, calls.get());
        assertFalse(r.retryable());
        assertTrue(r.error().contains("AccessDenied"), r.error());
    }

    @Test
    void persistentThrottlingGivesUpAfterTheLastAttempt() {
        Result r = runOne("always", x -> {
            throw new CloudCallException("Rate exceeded", true, null);
        });
        assertEquals(Status.FAILED, r.status());
        assertEquals(3, r.attempts());
        assertTrue(r.retryable());
        assertTrue(r.error().startsWith("gave up after 3 attempts"), r.error());
    }

    @Test
    void anyOtherErrorFailsThatResourceOnlyAndTheRestCarryOn() {
        List<DesiredResource> rs = List.of(resource("ok"), resource("bug"), resource("drift"));
        List<Result> results = runner.run(rs, r -> switch (r.name()) {
            case "bug" -> throw new IllegalStateException("provider bug");
            case "drift" -> Optional.of(new HandlerOutcome(List.of(), List.of(), "folded"));
            default -> Optional.empty();
        });
        assertEquals(List.of(Status.IN_SYNC, Status.FAILED, Status.FOLDED), results.stream().map(Result::status).toList(),
                "results come back in the order of the resources");
        assertTrue(results.get(1).error().contains("IllegalStateException: provider bug"));
    }

    @Test
    void noMoreThanThePoolSizeRunAtOnce() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        List<DesiredResource> many = IntStream.range(0, 30).mapToObj(i -> resource("r" + i)).toList();
        List<Result> results = runner.run(many, r -> {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            return Optional.empty();
        });
        assertEquals(30, results.size());
        assertTrue(peak.get() <= 3, "peak concurrency " + peak.get());
        assertTrue(peak.get() >= 2, "work did run in parallel (peak " + peak.get() + ")");
    }
}
