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
import io.homeostat.runtime.store.ConflictException;
import io.homeostat.runtime.store.DriftFlags;
import io.homeostat.runtime.store.Incident;
import io.homeostat.runtime.store.IncidentState;
import io.homeostat.runtime.store.IncidentStore;
import io.homeostat.runtime.store.StoreTransactions;
import io.homeostat.runtime.transport.Envelopes;
import io.homeostat.runtime.transport.EventPublisher;
import io.homeostat.runtime.transport.HandlerOutcome;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;
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

    @Scheduled(every = "${homeostat.detector.scan-interval:30s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledScan() {
        if (!startup.isOpen()) {
            return;
        }
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
        if (!startup.isOpen() || lastScanned == null) {
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

    public record ScanReport(int observed, int inSync, int opened, int folded, int failed, long millis) {}

    /** The desired state the last scan compared against: a resource that differs from it was changed in git. */
    private volatile DesiredState lastScanned;

    public synchronized ScanReport scan() {
        long t0 = System.nanoTime();
        int observed = 0, inSync = 0, opened = 0, folded = 0, failed = 0;
        DesiredState now = desired.current();
        DesiredState before = lastScanned;
        DriftFlags.Snapshot flagged = flags.snapshot();
        for (DesiredResource r : now.resources()) {
            if (r.drift() == DriftMode.IGNORE || flagged.effective(r) == DriftFlags.Mode.DISABLED) {
                continue;
            }
            observed++;
            // New or edited since the last scan: the desired side moved, the live resource did not (yet).
            boolean desiredChanged = before != null && !before.find(r.logicalId()).filter(r::equals).isPresent();
            try {
                Optional<HandlerOutcome> outcome = decideAndCommit(r, desiredChanged ? DESIRED_CHANGED : Trigger.scan());
                if (outcome.isEmpty()) {
                    inSync++;
                } else if (outcome.get().emits().isEmpty()) {
                    folded++;
                } else {
                    outcome.get().emits().forEach(publisher::publish);
                    opened++;
                }
            } catch (RuntimeException e) {
                failed++;
                LOG.warnf("scan of %s %s failed: %s", r.type(), r.name(), e.getMessage());
            }
        }
        lastScanned = now;
        return new ScanReport(observed, inSync, opened, folded, failed, (System.nanoTime() - t0) / 1_000_000);
    }

    private Optional<HandlerOutcome> decideAndCommit(DesiredResource r, Trigger trigger) {
        for (int i = 1; ; i++) {
            Optional<HandlerOutcome> outcome = detection.detect(r, trigger, null);
            if (outcome.isEmpty()) {
                return outcome;
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
