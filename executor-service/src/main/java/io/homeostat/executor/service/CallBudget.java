package io.homeostat.executor.service;

import io.homeostat.runtime.ratelimit.RateBudgets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor's cloud-call budgets per account, region and AWS service ({@link RateBudgets}), so a storm of plans
 * never floods one AWS API. Waiting is visible: {@code homeostat_executor_budget_waiting} (calls waiting now),
 * {@code homeostat_executor_budget_waits_total{budget}} and {@code homeostat_executor_budget_wait_seconds{budget}}.
 */
public final class CallBudget {

    private final RateBudgets budgets;
    private final MeterRegistry registry;
    private final AtomicInteger waiting = new AtomicInteger();

    public CallBudget(RateBudgets budgets, MeterRegistry registry) {
        this.budgets = budgets;
        this.registry = registry;
        Gauge.builder("homeostat.executor.budget.waiting", waiting, AtomicInteger::get)
                .description("executor cloud calls waiting for their rate budget now").register(registry);
    }

    /** Takes one call's token for {@code key} ({@link RateBudgets#key}), waiting for it when the budget is spent. */
    public void acquire(String key) {
        waiting.incrementAndGet();
        try {
            long waited = budgets.acquire(key);
            if (waited > 0) {
                Counter.builder("homeostat.executor.budget.waits").tag("budget", key)
                        .description("executor cloud calls that had to wait for their rate budget").register(registry).increment();
                Timer.builder("homeostat.executor.budget.wait").tag("budget", key)
                        .description("time executor cloud calls waited for their rate budget").register(registry)
                        .record(Duration.ofNanos(waited));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the rate budget of " + key, e);
        } finally {
            waiting.decrementAndGet();
        }
    }
}
