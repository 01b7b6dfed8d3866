package io.homeostat.runtime.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateBudgetsTest {

    private long now = 0;
    private final List<Long> waits = new ArrayList<>();
    /** A sleeping caller's clock moves on by the time it slept. */
    private final RateBudgets budgets = new RateBudgets(10, 3, () -> now, nanos -> {
        waits.add(nanos);
        now += nanos;
    });

    @Test
    void aBurstGoesThroughThenCallersArePacedAtTheRate() throws Exception {
        for (int i = 0; i < 5; i++) {
            budgets.acquire("a/r/sqs");
        }
        // 3 tokens of burst, then one every 100 ms at 10/s.
        assertEquals(List.of(100_000_000L, 100_000_000L), waits);
    }

    @Test
    void keysHaveTheirOwnBuckets() throws Exception {
        for (int i = 0; i < 3; i++) {
            budgets.acquire("a/r/sqs");
            budgets.acquire("a/r/ec2");
            budgets.acquire("b/r/sqs");
        }
        assertEquals(List.of(), waits, "three keys, each within its burst");
    }

    @Test
    void idleTimeRefillsUpToTheBurstOnly() throws Exception {
        for (int i = 0; i < 3; i++) {
            budgets.acquire("k");
        }
        now += 10_000_000_000L; // 10 s idle: refills to 3, not 100
        for (int i = 0; i < 4; i++) {
            budgets.acquire("k");
        }
        assertEquals(List.of(100_000_000L), waits);
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RateBudgets(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new RateBudgets(5, 0.5));
    }

    @Test
    void keysNameAccountRegionAndService() {
        assertEquals("123/us-east-1/sqs", RateBudgets.key("123", "us-east-1", "sqs"));
        assertEquals("-/-/s3", RateBudgets.key(null, null, "s3"));
    }
}
