package io.homeostat.executor.health;

import io.homeostat.executor.breaker.ExecutorBreaker;
import io.homeostat.runtime.breaker.BreakerState;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Shows the shared circuit breaker on {@code /q/health/ready}. An open breaker keeps the executor UP: the service is
 * fine, the managed cloud is not — plans wait on the queue, and restarting or unrouting the executor would not help.
 * Only an unreadable breaker table makes it DOWN, because then no plan can be admitted at all.
 */
@Readiness
@Singleton
public class BreakerReadiness implements HealthCheck {

    @Inject
    ExecutorBreaker breaker;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder r = HealthCheckResponse.named("circuit-breaker");
        try {
            BreakerState s = breaker.view();
            r.up().withData("state", ExecutorBreaker.label(s.status()))
                    .withData("recentFailures", s.failures().size())
                    .withData("failureThreshold", breaker.settings().failureThreshold())
                    .withData("inFlight", s.inFlight().size())
                    .withData("maxInFlight", breaker.settings().maxInFlight())
                    .withData("probes", s.probes().size());
            if (s.openedAtMillis() > 0) {
                r.withData("lastOpenedAt", Instant.ofEpochMilli(s.openedAtMillis()).toString());
            }
        } catch (RuntimeException e) {
            r.down().withData("error", String.valueOf(e.getMessage()));
        }
        return r.build();
    }
}
