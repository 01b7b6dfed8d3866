package io.homeostat.detector.logs;

import io.homeostat.detector.config.DetectorConfig;
import io.homeostat.runtime.store.LogBaselines;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where every log source's lines arrive (ingest endpoint, tailed files, CloudWatch Logs Insights): error lines are
 * reduced to patterns ({@link ErrorPatterns}) and counted per source, pattern and time bucket in DynamoDB
 * ({@link LogBaselines}), one write per pattern per batch. Lines are counted in the bucket they arrive in.
 */
@Singleton
public class LogIngest {

    /** What a source may be called: it becomes part of keys and logical ids. */
    public static final Pattern SOURCE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,127}");
    /** Longest line kept as a sample. */
    static final int MAX_SAMPLE_LENGTH = 500;

    /** What one batch did. */
    public record Accepted(int lines, int errors, int patterns, long bucket) {}

    @Inject
    LogBaselines baselines;

    @Inject
    DetectorConfig config;

    @Inject
    Clock clock;

    @Inject
    MeterRegistry metrics;

    public long bucketOf(Instant t) {
        return t.getEpochSecond() / config.logs().bucket().toSeconds();
    }

    /**
     * @throws IllegalArgumentException when the source name is not acceptable
     */
    public Accepted ingest(String source, List<String> lines) {
        if (source == null || !SOURCE_NAME.matcher(source).matches()) {
            throw new IllegalArgumentException("source must be 1-128 of A-Z a-z 0-9 . _ / - (starting with a letter or digit), got "
                    + io.homeostat.runtime.untrusted.UntrustedText.quote(source));
        }
        long bucket = bucketOf(clock.instant());
        Map<String, List<String>> samples = new LinkedHashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        int errors = 0;
        for (String line : lines) {
            var pattern = ErrorPatterns.of(line);
            if (pattern.isEmpty()) {
                continue;
            }
            errors++;
            counts.merge(pattern.get(), 1L, Long::sum);
            List<String> kept = samples.computeIfAbsent(pattern.get(), p -> new ArrayList<>());
            if (kept.size() < LogBaselines.MAX_SAMPLES) {
                kept.add(line.length() > MAX_SAMPLE_LENGTH ? line.substring(0, MAX_SAMPLE_LENGTH) : line);
            }
        }
        baselines.sourceSeen(source, bucket);
        counts.forEach((pattern, n) -> baselines.add(source, ErrorPatterns.id(pattern), pattern, bucket, n, samples.get(pattern)));
        metrics.counter("homeostat.detector.logs.lines", "source", source).increment(lines.size());
        metrics.counter("homeostat.detector.logs.errors", "source", source).increment(errors);
        return new Accepted(lines.size(), errors, counts.size(), bucket);
    }
}
