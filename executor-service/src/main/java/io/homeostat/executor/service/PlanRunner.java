package io.homeostat.executor.service;

import io.homeostat.model.events.PlannedAction;
import io.homeostat.model.events.StepResult;
import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.execution.ActionBinder;
import io.homeostat.runtime.provider.CloudCallException;
import io.homeostat.runtime.provider.ProviderRegistry;
import io.homeostat.runtime.provider.ResourceProvider;
import io.homeostat.runtime.provider.TypedAction;
import io.homeostat.runtime.store.LedgerEntry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Runs a plan's steps in order. Each step is bound to a typed action from its provider's catalogue first — a step that
 * does not bind, or whose preconditions no longer hold, is refused, never improvised. Every call is recorded in the
 * ledger before it is made and completed after; each waits for its account/region/service rate budget. Retryable
 * failures (throttling, 5xx, timeouts, connection errors) are retried with exponential backoff and full jitter;
 * anything else (access denied, validation) stops the plan at once and the remaining steps are skipped.
 */
public final class PlanRunner {

    private static final Logger LOG = Logger.getLogger(PlanRunner.class);

    /** Sleeps between tries; replaceable in tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    /**
     * One plan to run.
     *
     * @param incidentId names the client request tokens, so a redelivered plan repeats the same tokens
     * @param account budget key part (the resource's account)
     * @param region budget key part (the resource's region)
     * @param desired the resource as the executor's own desired state declares it; secrets referenced by the plan
     *     ({@link ResourceProvider#DESIRED_REF}) are resolved from it. {@code null}: nothing can be resolved.
     * @param beforeImage the live state observed when execution started; preconditions are checked against it
     */
    public record Execution(String incidentId, String account, String region, List<PlannedAction> actions,
                            DesiredResource desired, Map<String, String> beforeImage, CallLedger ledger) {}

    private final ProviderRegistry providers;
    private final RetryPolicy retry;
    private final CallBudget budget;
    private final Sleeper sleeper;
    private final Clock clock;

    public PlanRunner(ProviderRegistry providers, RetryPolicy retry, CallBudget budget, Sleeper sleeper, Clock clock) {
        this.providers = providers;
        this.retry = retry;
        this.budget = budget;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    public List<StepResult> run(Execution execution) {
        List<StepResult> results = new ArrayList<>();
        boolean stopped = false;
        for (PlannedAction action : execution.actions()) {
            if (stopped) {
                results.add(new StepResult(action.step(), action.action(), StepResult.Status.SKIPPED, "an earlier step failed", 0, 0, null));
                continue;
            }
            StepResult r = runOne(execution, action);
            results.add(r);
            stopped = r.status() == StepResult.Status.FAILED;
        }
        return results;
    }

    /**
     * The client request token of one try of one step: the same for the same incident, step and attempt, so a plan
     * redelivered after a crash repeats its tokens and an API that takes one deduplicates the repeat.
     */
    public static String clientToken(String incidentId, int step, int attempt) {
        return UUID.nameUUIDFromBytes((incidentId + "/" + step + "/" + attempt).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private StepResult runOne(Execution execution, PlannedAction planned) {
        long t0 = System.nanoTime();
        TypedAction typed;
        ResourceProvider provider;
        try {
            provider = providers.forAction(planned.action());
            typed = ActionBinder.bind(provider, planned, execution.desired());
        } catch (RuntimeException e) {
            // InvalidActionException, or anything else a provider's validation throws: never run what did not bind.
            return new StepResult(planned.step(), planned.action(), StepResult.Status.FAILED, "refused: " + e.getMessage(), 0, 0,
                    StepResult.REFUSED);
        }
        Optional<String> moved = Preconditions.violated(planned.preconditions(),
                execution.beforeImage() == null ? Map.of() : execution.beforeImage());
        if (moved.isPresent()) {
            // The plan is stale: running it would act on a state nobody planned for. The verifier releases the
            // resource so a fresh look plans again from what is there now.
            return new StepResult(planned.step(), planned.action(), StepResult.Status.FAILED, "refused: " + moved.get(), 0, 0,
                    StepResult.STALE);
        }
        String budgetKey = io.homeostat.runtime.ratelimit.RateBudgets.key(execution.account(), execution.region(),
                provider.typeInfo().service());
        Map<String, String> recorded = masked(planned.parameters());
        for (int attempt = 1; ; attempt++) {
            String token = clientToken(execution.incidentId(), planned.step(), attempt);
            budget.acquire(budgetKey);
            LedgerEntry calling = LedgerEntry.calling(token + "@" + clock.millis(), planned.step(), attempt, planned.action(),
                    recorded, token, clock.instant());
            CallLedger.Recorded entry = execution.ledger().begin(calling);
            long c0 = System.nanoTime();
            String result;
            try {
                result = provider.apply(typed);
            } catch (CloudCallException e) {
                // Ledger writes stay outside these catches: if the ledger cannot be written, the plan stops here and
                // the message is retried, rather than a call going unrecorded.
                String code = CloudErrors.code(e);
                entry.complete(calling.failed(e.getMessage(), code, e.retryable(), millisSince(c0)));
                if (!e.retryable() || attempt >= retry.maxAttempts()) {
                    return new StepResult(planned.step(), planned.action(), StepResult.Status.FAILED,
                            (e.retryable() ? "gave up after " + attempt + " attempts: " : "") + e.getMessage(), millisSince(t0),
                            attempt, code);
                }
                long delay = retry.delayMillis(attempt);
                LOG.warnf("step %d (%s) attempt %d failed (%s), retrying in %d ms: %s", planned.step(), planned.action(), attempt,
                        code, delay, e.getMessage());
                sleep(delay);
                continue;
            } catch (RuntimeException e) {
                // A provider bug or an unwrapped SDK error: record it as this step's failure instead of losing the plan.
                String code = CloudErrors.code(e);
                entry.complete(calling.failed(e.getClass().getSimpleName() + ": " + e.getMessage(), code, false, millisSince(c0)));
                return new StepResult(planned.step(), planned.action(), StepResult.Status.FAILED,
                        "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage(), millisSince(t0), attempt, code);
            }
            entry.complete(calling.succeeded(result, millisSince(c0)));
            return new StepResult(planned.step(), planned.action(), StepResult.Status.SUCCEEDED, result, millisSince(t0), attempt, null);
        }
    }

    /**
     * Parameters as the ledger keeps them: as planned, so a secret resolved from the desired state just before binding
     * never appears — its {@code desired-ref:} is shown masked instead.
     */
    static Map<String, String> masked(Map<String, String> planned) {
        Map<String, String> out = new LinkedHashMap<>();
        planned.forEach((k, v) -> out.put(k, v != null && v.startsWith(ResourceProvider.DESIRED_REF) ? "****(" + v + ")" : v));
        return out;
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private void sleep(long millis) {
        try {
            sleeper.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }
}
