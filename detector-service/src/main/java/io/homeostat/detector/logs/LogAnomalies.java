package io.homeostat.detector.logs;

import io.homeostat.detector.config.DetectorConfig;
import io.homeostat.detector.service.DriftDetection;
import io.homeostat.model.envelope.EventIds;
import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.LogEvidence;
import io.homeostat.model.events.ResourceRef;
import io.homeostat.model.events.Trigger;
import io.homeostat.runtime.config.StartupGate;
import io.homeostat.runtime.store.ConflictException;
import io.homeostat.runtime.store.LogBaselines;
import io.homeostat.runtime.store.StoreTransactions;
import io.homeostat.runtime.transport.EventPublisher;
import io.homeostat.runtime.transport.HandlerOutcome;
import io.homeostat.runtime.untrusted.UntrustedText;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Folds every closed bucket into its pattern's baseline and raises an ANOMALY incident when the bucket's count left
 * it ({@link RateBaseline}). The fold and the incident are one transaction, conditional on the baseline's last
 * bucket: with several detector replicas each bucket is judged exactly once, and a crash leaves it to be judged again.
 * The incident goes through the cooldown guard with the source and pattern as its "resource", so one pattern has at
 * most one open incident and a lasting spike is folded into it.
 */
@Singleton
public class LogAnomalies {

    private static final Logger LOG = Logger.getLogger(LogAnomalies.class);
    /** Type of the pseudo-resource an anomaly incident is about; no provider serves it, so nothing can act on it. */
    public static final String PATTERN_TYPE = "homeostat.log-pattern";
    /** Closed buckets judged per pattern per round; a longer gap (detector down) is caught up over later rounds. */
    private static final int MAX_BUCKETS_PER_ROUND = 120;

    @Inject
    LogBaselines baselines;

    @Inject
    DriftDetection detection;

    @Inject
    StoreTransactions transactions;

    @Inject
    EventPublisher publisher;

    @Inject
    DetectorConfig config;

    @Inject
    LogIngest ingest;

    @Inject
    StartupGate startup;

    @Inject
    Clock clock;

    @Scheduled(every = "${homeostat.detector.logs.evaluate-interval:10s}", delayed = "3s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (startup.isOpen() && config.logs().enabled()) {
            try {
                evaluate();
            } catch (RuntimeException e) {
                LOG.warnf("log anomaly evaluation failed (will retry next round): %s", e.getMessage());
            }
        }
    }

    /** Judges every closed, not yet judged bucket of every pattern. @return the incidents opened */
    public synchronized List<String> evaluate() {
        long current = ingest.bucketOf(clock.instant());
        RateBaseline.Rule rule = new RateBaseline.Rule(config.logs().zThreshold(), config.logs().minCount(), config.logs().alpha());
        List<String> opened = new ArrayList<>();
        for (LogBaselines.Baseline b : baselines.baselines()) {
            long firstBucket = baselines.firstBucket(b.source()).orElse(b.lastBucket() + 1);
            LogBaselines.Baseline at = b;
            RateBaseline rate = new RateBaseline(b.mean(), b.variance(), b.buckets());
            for (long k = b.lastBucket() + 1; k < current && k <= b.lastBucket() + MAX_BUCKETS_PER_ROUND; k++) {
                LogBaselines.BucketCount count = baselines.count(b.source(), b.patternId(), k);
                boolean warm = k - firstBucket >= config.logs().warmupBuckets();
                RateBaseline.Verdict verdict = rate.judge(count.count(), rule, warm);
                RateBaseline after = rate.next(count.count(), rule.alpha());
                HandlerOutcome outcome = verdict.anomaly() ? raise(at, k, count, rate, verdict) : null;
                List<software.amazon.awssdk.services.dynamodb.model.TransactWriteItem> writes = new ArrayList<>();
                writes.add(baselines.advance(at, k, after.mean(), after.variance()));
                if (outcome != null) {
                    writes.addAll(outcome.writes());
                }
                try {
                    transactions.commit(writes);
                } catch (ConflictException lost) {
                    break; // another replica judged this bucket (or the guard moved); the next round reads afresh
                }
                if (outcome != null) {
                    outcome.afterCommit().run();
                    outcome.emits().forEach(publisher::publish);
                    outcome.emits().forEach(e -> opened.add(e.detail().path("incidentId").asText()));
                }
                at = new LogBaselines.Baseline(at.source(), at.patternId(), at.pattern(), after.mean(), after.variance(),
                        after.buckets(), k);
                rate = after;
            }
        }
        return opened;
    }

    private HandlerOutcome raise(LogBaselines.Baseline b, long bucket, LogBaselines.BucketCount count, RateBaseline before,
                                 RateBaseline.Verdict verdict) {
        long seconds = config.logs().bucket().toSeconds();
        LogEvidence evidence = new LogEvidence(b.source(), b.pattern(), Instant.ofEpochSecond(bucket * seconds), seconds,
                count.count(), round(before.mean()), round(verdict.spread()), round(verdict.zScore()), verdict.failureLikelihood(),
                count.samples());
        ResourceRef ref = new ResourceRef(PATTERN_TYPE, "log-" + b.source().replaceAll("[^A-Za-z0-9]+", "-") + "-" + b.patternId(),
                null, b.source() + "#" + b.patternId(), null, null);
        String note = String.format(Locale.ROOT, "log anomaly in %s: %s seen %d times in %d s (usual %.1f ± %.1f, z %.1f, failure likelihood %.2f)",
                UntrustedText.quote(b.source()), UntrustedText.quote(b.pattern()), count.count(), seconds, before.mean(), verdict.spread(),
                verdict.zScore(), verdict.failureLikelihood());
        String incidentId = EventIds.derive("incident", "log", b.source(), b.patternId(), Long.toString(bucket));
        return detection.raise(ref, Trigger.logAnomaly(evidence),
                List.of(new FieldDiff("log." + b.patternId() + ".count", Long.toString(Math.round(before.mean())), Long.toString(count.count()))),
                incidentId, note);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
