package io.homeostat.model.events;

import java.time.Instant;
import java.util.List;

/**
 * Why a log anomaly was raised: one error pattern of one log source whose rate left its baseline. The pattern is a
 * template (numbers, ids, quoted text replaced by placeholders) and the samples are raw log lines: both come from
 * applications' logs, untrusted text to be shown quoted, never interpreted.
 *
 * @param source the log source (an application, a log group, a file), as configured or as the ingest call named it
 * @param pattern the error template, e.g. {@code ERROR payment <uuid> failed: timeout after <n> ms}
 * @param bucketStart start of the time bucket whose count departed from the baseline
 * @param bucketSeconds the bucket's length
 * @param count occurrences in that bucket
 * @param baselineMean the pattern's usual count per bucket (exponentially weighted) before this bucket
 * @param baselineStdDev its usual spread
 * @param zScore how many spreads above the mean the count is
 * @param failureLikelihood a 0–1 estimate that this precedes a failure (grows with the z-score past the threshold)
 * @param samples a few lines that matched, bounded in number and length
 */
public record LogEvidence(
        String source,
        String pattern,
        Instant bucketStart,
        long bucketSeconds,
        long count,
        double baselineMean,
        double baselineStdDev,
        double zScore,
        double failureLikelihood,
        List<String> samples) {

    public LogEvidence {
        Required.field(source, "evidence.source");
        Required.field(pattern, "evidence.pattern");
        samples = samples == null ? List.of() : List.copyOf(samples);
        if (failureLikelihood < 0 || failureLikelihood > 1) {
            throw new IllegalArgumentException("evidence.failureLikelihood must be 0..1, was " + failureLikelihood);
        }
    }
}
