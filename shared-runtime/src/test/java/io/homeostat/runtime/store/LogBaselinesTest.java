package io.homeostat.runtime.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.runtime.testing.LocalAws;
import io.homeostat.runtime.testing.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Log counts and baselines against DynamoDB Local: counts add up across writers, a bucket is folded once. */
class LogBaselinesTest {

    private static LogBaselines store;
    private static StoreTransactions transactions;

    @BeforeAll
    static void stack() {
        LocalAws aws = LocalAws.get();
        Tables tables = aws.freshTables("logs");
        store = new LogBaselines(aws.dynamo(), tables.logBaselines(), new MutableClock(Instant.parse("2026-11-23T01:00:00Z")), 3600);
        transactions = new StoreTransactions(aws.dynamo());
    }

    @Test
    void countsFromManyBatchesAddUpAndKeepAFewSamples() {
        IntStream.range(0, 8).parallel().forEach(i -> store.add("checkout", "p1", "ERROR a <n>", 100, 5, List.of("ERROR a " + i)));

        LogBaselines.BucketCount c = store.count("checkout", "p1", 100);
        assertEquals(40, c.count());
        assertTrue(c.samples().size() >= 1 && c.samples().size() <= LogBaselines.MAX_SAMPLES + 1, "bounded samples: " + c.samples());
        assertEquals(0, store.count("checkout", "p1", 101).count(), "a bucket without the pattern counts zero");
    }

    @Test
    void aNewPatternStartsAtZeroJustBeforeItsFirstBucket() {
        store.add("search", "p2", "ERROR b", 200, 1, List.of());
        store.add("search", "p2", "ERROR b", 205, 1, List.of());
        store.sourceSeen("search", 199);
        store.sourceSeen("search", 210);

        LogBaselines.Baseline b = store.baselines().stream().filter(x -> x.patternId().equals("p2")).findFirst().orElseThrow();
        assertEquals(new LogBaselines.Baseline("search", "p2", "ERROR b", 0, 0, 0, 199), b);
        assertEquals(199L, store.firstBucket("search").orElseThrow(), "the first bucket stays the first");
    }

    @Test
    void aBucketIsFoldedOnceEvenWhenTwoReplicasTry() {
        store.add("billing", "p3", "ERROR c", 300, 12, List.of());
        LogBaselines.Baseline seen = store.baselines().stream().filter(x -> x.patternId().equals("p3")).findFirst().orElseThrow();

        transactions.commit(List.of(store.advance(seen, 300, 3.6, 2.5)));
        assertThrows(ConflictException.class, () -> transactions.commit(List.of(store.advance(seen, 300, 3.6, 2.5))),
                "the second replica read the same lastBucket and loses");

        LogBaselines.Baseline after = store.baselines().stream().filter(x -> x.patternId().equals("p3")).findFirst().orElseThrow();
        assertEquals(new LogBaselines.Baseline("billing", "p3", "ERROR c", 3.6, 2.5, 1, 300), after);
    }
}
