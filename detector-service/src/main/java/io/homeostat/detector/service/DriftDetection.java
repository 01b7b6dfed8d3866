package io.homeostat.detector.service;

import io.homeostat.model.envelope.EventIds;
import io.homeostat.model.events.DriftDetected;
import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.ResourceRef;
import io.homeostat.model.events.Trigger;
import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.provider.Observation;
import io.homeostat.runtime.provider.ProviderRegistry;
import io.homeostat.runtime.store.CooldownGuard;
import io.homeostat.runtime.store.Incident;
import io.homeostat.runtime.store.IncidentState;
import io.homeostat.runtime.store.IncidentStore;
import io.homeostat.runtime.store.TimelineEntry;
import io.homeostat.runtime.transport.Envelopes;
import io.homeostat.runtime.untrusted.UntrustedText;
import io.homeostat.runtime.transport.HandlerOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The one place that decides whether a resource's live state is an incident. It always re-reads the live resource
 * (events can be stale or out of order), then goes through the cooldown guard: a new incident when the resource has
 * none open and is not cooling down, otherwise the trigger is folded into the existing one ({@code suppressed}).
 */
@Singleton
public class DriftDetection {

    private static final Logger LOG = Logger.getLogger(DriftDetection.class);

    private final ProviderRegistry providers;
    private final IncidentStore incidents;
    private final CooldownGuard guard;
    private final Envelopes envelopes;
    private final Clock clock;
    private final MeterRegistry metrics;

    @Inject
    public DriftDetection(ProviderRegistry providers, IncidentStore incidents, CooldownGuard guard, Envelopes envelopes,
                          Clock clock, MeterRegistry metrics) {
        this.providers = providers;
        this.incidents = incidents;
        this.guard = guard;
        this.envelopes = envelopes;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * @param triggerKey a stable id of what triggered this look (CloudTrail event id); {@code null} for the scan
     * @return the writes and event that open or fold an incident, or empty when the resource is in sync
     */
    public Optional<HandlerOutcome> detect(DesiredResource desired, Trigger trigger, String triggerKey) {
        Observation observed = providers.get(desired.type()).observe(desired);
        if (observed.upToDate()) {
            return Optional.empty();
        }
        // A CloudTrail-triggered incident gets an id derived from the event, so deciding twice yields the same one.
        String incidentId = triggerKey != null ? EventIds.derive("incident", triggerKey, desired.ref().key())
                : java.util.UUID.randomUUID().toString();
        return Optional.of(raise(desired.ref(), trigger, observed.diff(), incidentId, describe(trigger, observed)));
    }

    /**
     * Opens an incident for {@code ref} through the cooldown guard, or folds the trigger into the one open or cooling
     * down. Shared by drift (above) and log anomalies, whose "resource" is a log source's error pattern.
     *
     * @param incidentId the id a new incident gets (derive it from the trigger where one exists, so deciding twice
     *     opens one incident)
     * @param note the first timeline entry's note
     */
    public HandlerOutcome raise(ResourceRef ref, Trigger trigger, List<FieldDiff> diff, String incidentId, String note) {
        String resourceKey = ref.key();
        Optional<CooldownGuard.Guard> current = guard.find(resourceKey);
        if (current.isPresent() && !current.get().admitsNewIncident(clock.millis())) {
            CooldownGuard.Guard g = current.get();
            return new HandlerOutcome(List.of(guard.foldIn(g), incidents.addSuppressed(g.incidentId())), List.of(),
                    "folded into incident " + g.incidentId() + " (" + g.status() + ")",
                    () -> metrics.counter("homeostat.detector.triggers.suppressed", "type", ref.type()).increment());
        }
        // Millisecond precision: the store keeps millis, and a re-published copy must hash the same.
        var now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        var drift = new DriftDetected(DriftDetected.CURRENT_VERSION, incidentId, incidentId, causationOf(trigger),
                ref, trigger, diff, now);
        var envelope = envelopes.wrap(drift);
        Incident incident = Incident.open(incidentId, ref, trigger, diff, now,
                new TimelineEntry(now, IncidentState.DETECTED, "detector", envelope.id(), note));
        return HandlerOutcome.of(List.of(incidents.create(incident), guard.open(resourceKey, incidentId)), envelope,
                "opened incident " + incidentId).afterCommit(() -> {
                    // The scan thread has no message context: name the incident for this line's MDC too.
                    MDC.put("incidentId", incidentId);
                    MDC.put("correlationId", incidentId);
                    LOG.infof("incident %s opened for %s %s: %s", incidentId, ref.type(), UntrustedText.quote(ref.name()), note);
                    MDC.remove("incidentId");
                    MDC.remove("correlationId");
                    metrics.counter("homeostat.detector.incidents.opened", "type", ref.type(), "trigger", trigger.kind().name()).increment();
                });
    }

    /** What caused a drift event: the CloudTrail event's id, or the kind of look (scan, desired change). */
    public static String causationOf(Trigger trigger) {
        return trigger.eventId() != null ? trigger.eventId() : trigger.kind().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String describe(Trigger trigger, Observation observed) {
        String what = observed.exists() ? observed.diff().size() + " field(s) differ" : "resource is missing";
        return switch (trigger.kind()) {
            case CLOUDTRAIL -> what + " after " + UntrustedText.quote(trigger.eventName()) + " by " + UntrustedText.quote(trigger.principal());
            case SCAN -> what + " (scheduled scan)";
            case DESIRED_CHANGED -> what + " (desired state changed)";
            case LOG_ANOMALY -> what + " (log anomaly)"; // anomalies are opened by logs/LogAnomalies, not here
        };
    }
}
