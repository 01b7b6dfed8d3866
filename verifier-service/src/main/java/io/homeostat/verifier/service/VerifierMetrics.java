package io.homeostat.verifier.service;

import io.homeostat.runtime.store.Incident;
import io.homeostat.runtime.store.IncidentState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the verifier tells Prometheus: every verdict by incident class and outcome, the time from detection to
 * verification (a histogram), rollbacks, and the share of recoveries verified. Counters are per process; the success
 * rate across replicas is {@code sum(homeostat_incidents_closed_total{outcome="RESOLVED"}) / sum(homeostat_incidents_closed_total)}.
 */
@Singleton
public class VerifierMetrics {

    private final MeterRegistry registry;
    private final AtomicLong verdicts = new AtomicLong();
    private final AtomicLong resolved = new AtomicLong();

    @Inject
    public VerifierMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("homeostat.recovery.success.ratio", this, m -> m.verdicts.get() == 0 ? Double.NaN
                        : (double) m.resolved.get() / m.verdicts.get())
                .description("share of verdicts (this process) that verified the resource back at desired")
                .register(registry);
    }

    /** One verdict: RESOLVED, NOTIFIED, PARTIAL, FAILED, ROLLED_BACK or ESCALATED. */
    public void verdict(Incident incident, IncidentState outcome, Duration sinceDetection, boolean rollbackRan) {
        String kind = incident.classification() == null ? "UNKNOWN" : incident.classification().kind().name();
        registry.counter("homeostat.incidents.closed", "outcome", outcome.name(), "class", kind).increment();
        Timer.builder("homeostat.incident.mttr").description("detection to verification")
                .publishPercentileHistogram().tag("class", kind).tag("outcome", outcome.name())
                .register(registry).record(sinceDetection);
        if (rollbackRan || outcome == IncidentState.ROLLED_BACK) {
            registry.counter("homeostat.rollbacks", "result", outcome.name()).increment();
        }
        if (outcome != IncidentState.NOTIFIED) {
            verdicts.incrementAndGet();
            if (outcome == IncidentState.RESOLVED) {
                resolved.incrementAndGet();
            }
        }
    }
}
