package io.homeostat.detector.scan;

import io.homeostat.detector.config.DetectorConfig;
import io.homeostat.detector.service.DriftDetection;
import io.homeostat.model.events.DriftDetected;
import io.homeostat.model.events.Trigger;
import io.homeostat.runtime.config.StartupGate;
import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.desired.DesiredState;
import io.homeostat.runtime.desired.DesiredStateSource;
import io.homeostat.runtime.desired.DriftMode;
import io.homeostat.runtime.provider.ProviderRegistry;
import io.homeostat.runtime.ratelimit.RateBudgets;
import io.homeostat.runtime.store.ConflictException;
import io.homeostat.runtime.store.DriftFlags;
import io.homeostat.runtime.store.Incident;
import io.homeostat.runtime.store.IncidentState;
import io.homeostat.runtime.store.IncidentStore;
import io.homeostat.runtime.store.StoreTransactions;
import io.homeostat.runtime.transport.Backoff;
import io.homeostat.runtime.transport.Envelopes;
import io.homeostat.runtime.transport.EventPublisher;
import io.homeostat.runtime.transport.HandlerOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * The scheduled drift scan: observes every managed resource and raises drift through the same path as CloudTrail
 * events. A resource whose declaration changed since the previous scan is raised with the cause "desired changed". It also re-publishes drift.detected for incidents stuck in DETECTED, which only happens when the detector
 * died between committing an incident and publishing its event.
 */
@Singleton
public class DriftScanner {

    private static final Logger LOG = Logger.getLogger(DriftScanner.class);
    private static final int MAX_DECISIONS = 3;
    private static final Trigger DESIRED_CHANGED = new Trigger(Trigger.Kind.DESIRED_CHANGED, null, null, null, null, null, null);

    @Inject
    DesiredStateSource desired;

    @Inject
    DriftDetection detection;

    @Inject
    StoreTransactions transactions;

    @Inject
    EventPublisher publisher;

    @Inject
    IncidentStore incidents;

    @Inject
    Envelopes envelopes;

    @Inject
    DetectorConfig config;

    @Inject
    Clock clock;

    @Inject
    StartupGate startup;

    @Inject
    DriftFlags flags;

    @Inject
    ProviderRegistry providers;

    @Inject
    MeterRegistry metrics;

    @Scheduled(every = "${homeostat.detector.scan-interval:30s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledScan() {
        if (!startup.isOpen()) {
            // Start-up (provisioning against real AWS can take seconds) outlasted the first delay: the desired-state
            // poll runs this scan as soon as start-up ends instead of leaving the resources unwatched for an interval.
            missedWhileStarting = true;
            return;
        }
        missedWhileStarting = false;
        try {
            ScanReport report = scan();
            if (report.opened() > 0 || report.failed() > 0) {
                LOG.infof("scan: %s", report);
            } else {
                LOG.debugf("scan: %s", report);
            }
            republishStalled();
        } catch (RuntimeException e) {
            LOG.errorf("scan failed: %s", e.getMessage());
        }
    }

    /**
     * Reacts to a phase edit (or a checkout of another revision) within seconds instead of waiting for the next full
     * scan: the file fingerprint is cheap to check.
     */
    @Scheduled(every = "${homeostat.detector.desired-poll-interval:2s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pollDesiredState() {
        if (!startup.isOpen()) {
            return;
        }
        if (missedWhileStarting) {
            scheduledScan();
            return;
        }
        if (lastScanned == null) {
            return;
        }
        try {
            if (desired.current() != lastScanned) {
                LOG.infof("desired state changed; scanning now: %s", scan());
            }
        } catch (RuntimeException e) {
            LOG.errorf("desired-state check failed: %s", e.getMessage());
        }
    }

    /** One scan's figures; {@code failures} names each resource that could not be observed, and why. */
    public record ScanReport(int observed, int inSync, int opened, int folded, int failed, long millis, List<String> failures) {

        @Override
        public String toString() {
            return observed + " observed in " + millis + " ms: " + inSync + " in sync, " + opened + " opened, " + folded
                    + " folded, " + failed + " failed" + (failures.isEmpty() ? "" : " " + failures);
        }
    }

    /** The desired state the last scan compared against: a resource that differs from it was changed in git. */
    private volatile DesiredState lastScanned;

    /** The scheduled scan fired before start-up ended and has not run since. */
    private volatile boolean missedWhileStarting;

    private final DesiredChanges desiredChanges = new DesiredChanges();

    private ExecutorService pool;
    private ScanRunner runner;

    @PostConstruct
    void startPool() {
        pool = Executors.newFixedThreadPool(Math.max(1, config.scanConcurrency()), r -> {
            Thread t = new Thread(r, "scan");
            t.setDaemon(true);
            return t;
        });
        runner = new ScanRunner(pool, new RateBudgets(config.scanRate(), config.scanBurst()),
                r -> RateBudgets.key(r.account(), r.region(), providers.get(r.type()).typeInfo().service()),
                config.scanAttempts(), new Backoff(config.scanBackoff(), Duration.ofSeconds(5)));
    }

    @PreDestroy
    void stopPool() {
        pool.shutdownNow();
    }

    public synchronized ScanReport scan() {
        long t0 = System.nanoTime();
        DesiredState now = desired.current();
        DesiredState before = lastScanned;
        DriftFlags.Snapshot flagged = flags.snapshot();
        List<DesiredResource> watched = now.resources().stream()
                .filter(r -> r.drift() != DriftMode.IGNORE && flagged.effective(r) != DriftFlags.Mode.DISABLED)
                .toList();
        desiredChanges.compare(before, watched);
        List<ScanRunner.Result> results = runner.run(watched,
                r -> decideAndCommit(r, desiredChanges.isPending(r) ? DESIRED_CHANGED : Trigger.scan()));
        results.forEach(r -> desiredChanges.settle(r.resource(), r.status()));
        desiredChanges.retainDeclared(now);
        int inSync = 0, opened = 0, folded = 0;
        List<String> failures = new ArrayList<>();
        for (ScanRunner.Result r : results) {
            switch (r.status()) {
                case IN_SYNC -> inSync++;
                case FOLDED -> folded++;
                case OPENED -> {
                    opened++;
                    r.emits().forEach(publisher::publish);
                }
                case FAILED -> {
                    failures.add(r.resource().type() + " " + r.resource().name() + ": " + r.error());
                    metrics.counter("homeostat.detector.scan.errors", "type", r.resource().type(),
                            "retryable", Boolean.toString(r.retryable())).increment();
                    LOG.warnf("scan of %s %s failed after %d attempt(s)%s: %s", r.resource().type(), r.resource().name(),
                            r.attempts(), r.retryable() ? "" : " (not retried)", r.error());
                }
            }
        }
        lastScanned = now;
        long millis = (System.nanoTime() - t0) / 1_000_000;
        metrics.timer("homeostat.detector.scan.duration").record(Duration.ofMillis(millis));
        return new ScanReport(watched.size(), inSync, opened, folded, failures.size(), millis, List.copyOf(failures));
    }

    private Optional<HandlerOutcome> decideAndCommit(DesiredResource r, Trigger trigger) {
        for (int i = 1; ; i++) {
            Optional<HandlerOutcome> outcome = detection.detect(r, trigger, null);
            if (outcome.isEmpty()) {
                return outcome;
            }
            if (i == 1 && flags.effective(r) == DriftFlags.Mode.DISABLED) {
                // Flagged DISABLED after this scan read the flags (a scan takes a while): the flag wins. Only a drifted
                // resource pays for this second read; it is counted with the in-sync ones (nothing to do).
                LOG.debugf("%s %s drifted but was flagged DISABLED during the scan; not raised", r.type(), r.logicalId());
                return Optional.empty();
            }
            try {
                transactions.commit(outcome.get().writes());
                outcome.get().afterCommit().run();
                return outcome;
            } catch (ConflictException e) {
                if (i >= MAX_DECISIONS) {
                    throw e;
                }
            }
        }
    }

    void republishStalled() {
        long cutoff = clock.millis() - config.republishStalledAfter().toMillis();
        for (Incident i : incidents.recent(500)) {
            if (i.state() == IncidentState.DETECTED && i.updatedAt().toEpochMilli() < cutoff) {
                LOG.warnf("incident %s stalled in DETECTED; publishing drift.detected again", i.incidentId());
                publisher.publish(envelopes.wrap(new DriftDetected(DriftDetected.CURRENT_VERSION, i.incidentId(),
                        i.correlationId(), DriftDetection.causationOf(i.trigger()), i.resource(),
                        i.trigger(), i.diff(), i.createdAt())));
            }
        }
    }
}
