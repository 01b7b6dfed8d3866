package io.homeostat.detector.scan;

import io.homeostat.detector.config.DetectorConfig;
import io.homeostat.detector.service.DriftDetection;
import io.homeostat.model.events.DriftDetected;
import io.homeostat.model.events.Trigger;
import io.homeostat.runtime.config.StartupGate;
import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.desired.DesiredStateSource;
import io.homeostat.runtime.desired.DriftMode;
import io.homeostat.runtime.store.ConflictException;
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
 * events. It also re-publishes drift.detected for incidents stuck in DETECTED, which only happens when the detector
 * died between committing an incident and publishing its event.
 */
@Singleton
public class DriftScanner {

    private static final Logger LOG = Logger.getLogger(DriftScanner.class);
    private static final int MAX_DECISIONS = 3;

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

    public record ScanReport(int observed, int inSync, int opened, int folded, int failed, long millis) {}

    public ScanReport scan() {
        long t0 = System.nanoTime();
        int observed = 0, inSync = 0, opened = 0, folded = 0, failed = 0;
        for (DesiredResource r : desired.current().resources()) {
            if (r.drift() == DriftMode.IGNORE) {
                continue;
            }
            observed++;
            try {
                Optional<HandlerOutcome> outcome = decideAndCommit(r);
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
        return new ScanReport(observed, inSync, opened, folded, failed, (System.nanoTime() - t0) / 1_000_000);
    }

    private Optional<HandlerOutcome> decideAndCommit(DesiredResource r) {
        for (int i = 1; ; i++) {
            Optional<HandlerOutcome> outcome = detection.detect(r, Trigger.scan(), null);
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
                        i.correlationId(), i.trigger().eventId() != null ? i.trigger().eventId() : "scan", i.resource(),
                        i.trigger(), i.diff(), i.createdAt())));
            }
        }
    }
}
