package io.homeostat.detector.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Recorded log series (src/test/resources/logseries, 30 one-minute buckets each) replayed bucket by bucket through
 * the patterns and the baseline rule with the default settings, the way {@link LogAnomalies} folds buckets: each
 * pattern is judged from the bucket it first appears in, a bucket without it counting zero; a source is learned for
 * the warm-up buckets from its first line on.
 */
class RecordedSeriesTest {

    static final RateBaseline.Rule DEFAULTS = new RateBaseline.Rule(4, 10, 0.3);
    static final int WARMUP = 5;
    static final long BUCKET_SECONDS = 60;

    /** An alarm: the bucket's minute in the series and the start of the pattern. */
    record Alarm(long minute, String patternStart) {}

    static Stream<Arguments> series() {
        return Stream.of(
                Arguments.of("steady error rate: no alarm", "steady.log", List.of()),
                Arguments.of("spike to 60 in minute 25: one alarm, there", "spike.log", List.of(new Alarm(25, "ERROR payment <uuid> failed"))),
                Arguments.of("slow ramp, +1 a minute: the baseline follows, no alarm", "slow-ramp.log", List.of()),
                Arguments.of("one-off fatal error on a quiet service: no alarm (minimum volume)", "one-off.log", List.of()),
                Arguments.of("6 errors at once on a quiet service: z is high but the volume is below the minimum", "quiet-burst.log", List.of()),
                Arguments.of("a new pattern bursting on a known source: alarm for that pattern only", "new-pattern.log",
                        List.of(new Alarm(20, "ERROR circuit open for inventory at <ip>"))),
                Arguments.of("noisy from the very start: learned in the warm-up, no alarm", "noisy-from-start.log", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void series(String reason, String file, List<Alarm> expected) throws IOException {
        List<Alarm> alarms = replay(read(file));
        assertEquals(expected.size(), alarms.size(), reason + ": " + alarms);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).minute(), alarms.get(i).minute(), reason);
            assertTrue(alarms.get(i).patternStart().startsWith(expected.get(i).patternStart()), reason + ": " + alarms.get(i));
        }
    }

    static List<Alarm> replay(List<String> lines) {
        // bucket → pattern → count, as LogIngest counts them
        TreeMap<Long, Map<String, Long>> counts = new TreeMap<>();
        for (String line : lines) {
            long bucket = Instant.parse(line.substring(0, line.indexOf(' '))).getEpochSecond() / BUCKET_SECONDS;
            Map<String, Long> inBucket = counts.computeIfAbsent(bucket, b -> new HashMap<>());
            ErrorPatterns.of(line.substring(line.indexOf(' ') + 1)).ifPresent(p -> inBucket.merge(p, 1L, Long::sum));
        }
        long first = counts.firstKey();
        Map<String, RateBaseline> baselines = new LinkedHashMap<>();
        List<Alarm> alarms = new ArrayList<>();
        for (long k = first; k <= counts.lastKey(); k++) {
            Map<String, Long> inBucket = counts.getOrDefault(k, Map.of());
            inBucket.keySet().forEach(p -> baselines.putIfAbsent(p, RateBaseline.NEW));
            for (Map.Entry<String, RateBaseline> e : baselines.entrySet()) {
                long count = inBucket.getOrDefault(e.getKey(), 0L);
                RateBaseline.Verdict v = e.getValue().judge(count, DEFAULTS, k - first >= WARMUP);
                if (v.anomaly()) {
                    alarms.add(new Alarm(k - first, e.getKey()));
                    assertTrue(v.failureLikelihood() > 0.5 && v.failureLikelihood() <= 1, "likelihood " + v.failureLikelihood());
                }
                e.setValue(e.getValue().next(count, DEFAULTS.alpha()));
            }
        }
        return alarms;
    }

    private static List<String> read(String file) throws IOException {
        try (InputStream in = RecordedSeriesTest.class.getResourceAsStream("/logseries/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#")).toList();
        }
    }
}
