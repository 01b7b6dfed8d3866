package io.homeostat.detector.scan;

import io.homeostat.model.envelope.EventEnvelope;
import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.provider.CloudCallException;
import io.homeostat.runtime.ratelimit.RateBudgets;
import io.homeostat.runtime.transport.Backoff;
import io.homeostat.runtime.transport.HandlerOutcome;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs one scan's per-resource work on a bounded pool, each attempt within the rate budget of the resource's
 * account, region and AWS service. Throttling, 5xx and transport errors are retried with exponential backoff and
 * jitter; access denied and validation errors are not (repeating cannot help) and come back as failures with their
 * reason, for the scan report.
 */
public final class ScanRunner {

    public enum Status {
        IN_SYNC,
        OPENED,
        FOLDED,
        FAILED
    }

    /** What happened to one resource; {@code error} and {@code retryable} only for FAILED. */
    public record Result(DesiredResource resource, Status status, List<EventEnvelope> emits, int attempts, String error,
                         boolean retryable) {}

    /** Observe, decide and commit for one resource: empty = in sync. */
    @FunctionalInterface
    public interface Work {
        Optional<HandlerOutcome> run(DesiredResource resource);
    }

    private final ExecutorService pool;
    private final RateBudgets budgets;
    private final Function<DesiredResource, String> budgetKey;
    private final int maxAttempts;
    private final Backoff backoff;

    public ScanRunner(ExecutorService pool, RateBudgets budgets, Function<DesiredResource, String> budgetKey, int maxAttempts,
                      Backoff backoff) {
        this.pool = pool;
        this.budgets = budgets;
        this.budgetKey = budgetKey;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.backoff = backoff;
    }

    public List<Result> run(Collection<DesiredResource> resources, Work work) {
        List<Future<Result>> futures = new ArrayList<>();
        for (DesiredResource r : resources) {
            futures.add(pool.submit(() -> one(r, work)));
        }
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            try {
                results.add(futures.get(i).get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(f -> f.cancel(true));
                throw new IllegalStateException("scan interrupted", e);
            } catch (ExecutionException e) {
                // one() catches everything it can; this is a bug, reported like any failure
                DesiredResource r = List.copyOf(resources).get(i);
                results.add(new Result(r, Status.FAILED, List.of(), 0, String.valueOf(e.getCause()), false));
            }
        }
        return results;
    }

    private Result one(DesiredResource r, Work work) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            budgets.acquire(budgetKey.apply(r));
            try {
                Optional<HandlerOutcome> outcome = work.run(r);
                if (outcome.isEmpty()) {
                    return new Result(r, Status.IN_SYNC, List.of(), attempt, null, false);
                }
                List<EventEnvelope> emits = outcome.get().emits();
                return new Result(r, emits.isEmpty() ? Status.FOLDED : Status.OPENED, emits, attempt, null, false);
            } catch (CloudCallException e) {
                if (!e.retryable() || attempt >= maxAttempts) {
                    return new Result(r, Status.FAILED, List.of(), attempt,
                            (e.retryable() ? "gave up after " + attempt + " attempts: " : "") + e.getMessage(), e.retryable());
                }
                Thread.sleep(backoff.delayMillis(attempt));
            } catch (RuntimeException e) {
                return new Result(r, Status.FAILED, List.of(), attempt, e.getClass().getSimpleName() + ": " + e.getMessage(), false);
            }
        }
    }
}
