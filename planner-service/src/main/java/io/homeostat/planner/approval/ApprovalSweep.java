package io.homeostat.planner.approval;

import io.homeostat.runtime.config.HomeostatConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Expires waiting plans nobody decided on in time, and re-sends plan.ready for approved plans whose first send was
 * lost. Several planner replicas may sweep at once: every write is conditional, so each plan expires once.
 */
@Singleton
public class ApprovalSweep {

    private static final Logger LOG = Logger.getLogger(ApprovalSweep.class);

    @Inject
    ApprovalDesk desk;

    @Inject
    HomeostatConfig config;

    @Scheduled(every = "${homeostat.planner.approval.sweep-interval:30s}", delayed = "${homeostat.planner.approval.sweep-interval:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        try {
            int expired = desk.expireDue();
            int resent = desk.republishStalled(config.planner().approval().republishAfter());
            if (expired + resent > 0) {
                LOG.infof("approval sweep: %d plan(s) expired, %d plan.ready re-sent", expired, resent);
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "approval sweep failed; next run in %s", config.planner().approval().sweepInterval());
        }
    }
}
