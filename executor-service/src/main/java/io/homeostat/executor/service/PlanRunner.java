package io.homeostat.executor.service;

import io.homeostat.model.events.PlannedAction;
import io.homeostat.model.events.StepResult;
import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.provider.CloudCallException;
import io.homeostat.runtime.provider.ProviderRegistry;
import io.homeostat.runtime.provider.ResourceProvider;
import io.homeostat.runtime.provider.TypedAction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Runs a plan's steps in order. Each step is bound to a typed action from its provider's catalogue first: a step that
 * does not bind is refused, never improvised. Retryable failures (throttling, 5xx, transport) are retried with
 * exponential backoff and jitter; anything else stops the plan at once and the remaining steps are skipped.
 */
public final class PlanRunner {

    private static final Logger LOG = Logger.getLogger(PlanRunner.class);

    private final ProviderRegistry providers;
    private final int maxAttempts;
    private final long baseDelayMillis;

    public PlanRunner(ProviderRegistry providers, int maxAttempts, long baseDelayMillis) {
        this.providers = providers;
        this.maxAttempts = maxAttempts;
        this.baseDelayMillis = baseDelayMillis;
    }

    public List<StepResult> run(List<PlannedAction> actions) {
        return run(actions, null);
    }

    /**
     * @param desired the resource as the executor's own desired state declares it; secrets referenced by the plan
     *     ({@link ResourceProvider#DESIRED_REF}) are resolved from it. {@code null}: nothing can be resolved.
     */
    public List<StepResult> run(List<PlannedAction> actions, DesiredResource desired) {
        List<StepResult> results = new ArrayList<>();
        boolean stopped = false;
        for (PlannedAction action : actions) {
            if (stopped) {
                results.add(new StepResult(action.step(), action.action(), StepResult.Status.SKIPPED, "an earlier step failed", 0));
                continue;
            }
            StepResult r = runOne(action, desired);
            results.add(r);
            stopped = r.status() == StepResult.Status.FAILED;
        }
        return results;
    }

    private StepResult runOne(PlannedAction planned, DesiredResource desired) {
        long t0 = System.nanoTime();
        TypedAction typed;
        ResourceProvider provider;
        PlannedAction action = planned;
        try {
            provider = providers.forAction(planned.action());
            action = desired == null ? planned : provider.resolveReferences(planned, desired);
            if (action.parameters().values().stream().anyMatch(v -> v != null && v.startsWith(ResourceProvider.DESIRED_REF))) {
                throw new IllegalArgumentException("a parameter still refers to the desired state; it is never applied literally");
            }
            typed = provider.bind(action);
        } catch (RuntimeException e) {
            // InvalidActionException, or anything else a provider's validation throws: never run what did not bind.
            return new StepResult(action.step(), action.action(), StepResult.Status.FAILED, "refused: " + e.getMessage(), 0);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                String result = provider.apply(typed);
                return new StepResult(action.step(), action.action(), StepResult.Status.SUCCEEDED, result, millisSince(t0));
            } catch (CloudCallException e) {
                if (!e.retryable() || attempt >= maxAttempts) {
                    return new StepResult(action.step(), action.action(), StepResult.Status.FAILED,
                            (e.retryable() ? "gave up after " + attempt + " attempts: " : "") + e.getMessage(), millisSince(t0));
                }
                long delay = baseDelayMillis * (1L << (attempt - 1));
                LOG.warnf("step %d (%s) attempt %d failed, retrying in ~%d ms: %s", action.step(), action.action(), attempt, delay, e.getMessage());
                sleep(delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1));
            } catch (RuntimeException e) {
                // A provider bug or an unwrapped SDK error: record it as this step's failure instead of losing the plan.
                return new StepResult(action.step(), action.action(), StepResult.Status.FAILED,
                        "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage(), millisSince(t0));
            }
        }
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }
}
