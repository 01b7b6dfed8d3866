package io.homeostat.verifier.service;

import io.homeostat.model.events.PlannedAction;
import io.homeostat.model.events.StepResult;
import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.execution.ActionBinder;
import io.homeostat.runtime.provider.CloudCallException;
import io.homeostat.runtime.provider.ProviderRegistry;
import io.homeostat.runtime.provider.ResourceProvider;
import io.homeostat.runtime.provider.TypedAction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Runs a saga's compensations in order, each only as a typed action its provider binds (never improvised), retrying
 * retryable cloud errors a bounded number of times. The first compensation that fails stops the saga: the rest are
 * recorded as SKIPPED and the incident escalates — a rollback is never retried forever. Every call is recorded
 * (action, result, duration) for the incident's ledger.
 */
public final class CompensationRunner {

    private static final Logger LOG = Logger.getLogger(CompensationRunner.class);

    private final ProviderRegistry providers;
    private final int maxAttempts;
    private final long baseDelayMillis;

    public CompensationRunner(ProviderRegistry providers, int maxAttempts, long baseDelayMillis) {
        this.providers = providers;
        this.maxAttempts = maxAttempts;
        this.baseDelayMillis = baseDelayMillis;
    }

    /**
     * @param desired the resource as declared, to resolve {@link ResourceProvider#DESIRED_REF} parameters; may be null
     * @return one result per compensation, in the order given
     */
    public List<StepResult> run(List<PlannedAction> compensations, DesiredResource desired) {
        List<StepResult> ledger = new ArrayList<>();
        boolean stopped = false;
        for (PlannedAction compensation : compensations) {
            if (stopped) {
                ledger.add(new StepResult(compensation.step(), compensation.action(), StepResult.Status.SKIPPED,
                        "an earlier compensation failed", 0));
                continue;
            }
            StepResult r = runOne(compensation, desired);
            ledger.add(r);
            stopped = r.status() != StepResult.Status.SUCCEEDED;
        }
        return ledger;
    }

    private StepResult runOne(PlannedAction planned, DesiredResource desired) {
        long t0 = System.nanoTime();
        ResourceProvider provider;
        TypedAction typed;
        try {
            provider = providers.forAction(planned.action());
            typed = ActionBinder.bind(provider, planned, desired);
        } catch (RuntimeException e) {
            return new StepResult(planned.step(), planned.action(), StepResult.Status.FAILED, "refused: " + e.getMessage(), 0);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                String result = provider.apply(typed);
                return new StepResult(planned.step(), planned.action(), StepResult.Status.SUCCEEDED, result, millisSince(t0));
            } catch (CloudCallException e) {
                if (!e.retryable() || attempt >= maxAttempts) {
                    return new StepResult(planned.step(), planned.action(), StepResult.Status.FAILED,
                            (e.retryable() ? "gave up after " + attempt + " attempts: " : "") + e.getMessage(), millisSince(t0));
                }
                long delay = baseDelayMillis * (1L << (attempt - 1));
                LOG.warnf("compensation of step %d (%s) attempt %d failed, retrying: %s", planned.step(), planned.action(), attempt, e.getMessage());
                pause(delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1));
            } catch (RuntimeException e) {
                return new StepResult(planned.step(), planned.action(), StepResult.Status.FAILED,
                        "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage(), millisSince(t0));
            }
        }
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }
}
