package io.homeostat.runtime.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.runtime.testing.LocalAws;
import io.homeostat.runtime.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The model-answer cache against DynamoDB Local: found while fresh, gone once expired, replaced by a newer answer. */
class AnalysisCacheTest {

    private MutableClock clock;
    private AnalysisCache cache;

    @BeforeEach
    void setUp() {
        LocalAws aws = LocalAws.get();
        clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        cache = new AnalysisCache(aws.dynamo(), aws.freshTables("analyses").analyses(), clock);
    }

    @Test
    void anAnswerIsFoundUntilItExpires() {
        cache.put("fp-1", "{\"kind\":\"DRIFT\"}", "bedrock:m", Duration.ofHours(1));

        assertEquals(Optional.of("{\"kind\":\"DRIFT\"}"), cache.find("fp-1"));
        assertTrue(cache.find("fp-2").isEmpty(), "another fingerprint");
        clock.advance(Duration.ofMinutes(59));
        assertTrue(cache.find("fp-1").isPresent());
        clock.advance(Duration.ofMinutes(1));
        assertTrue(cache.find("fp-1").isEmpty(), "expired exactly at its time to live");
    }

    @Test
    void aNewerAnswerReplacesTheOld() {
        cache.put("fp-1", "old", "bedrock:m", Duration.ofHours(1));
        cache.put("fp-1", "new", "bedrock:m", Duration.ofHours(1));
        assertEquals(Optional.of("new"), cache.find("fp-1"));
    }
}
