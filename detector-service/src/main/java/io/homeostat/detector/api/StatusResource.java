package io.homeostat.detector.api;

import io.homeostat.detector.status.ResourceObserver;
import io.homeostat.model.events.FieldDiff;
import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.desired.DesiredStateSource;
import io.homeostat.runtime.desired.DriftMode;
import io.homeostat.runtime.store.CooldownGuard;
import io.homeostat.runtime.store.DriftFlags;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every declared resource, phase by phase: whether it matches its declaration now, whether Homeostat is watching it
 * (drift flags and the phase's {@code drift} mode) and the incident open on it, if any. Observes live, like
 * {@code /api/drift}, and changes nothing; the CLI's {@code status}, the dashboard and the MCP server read this.
 *
 * <pre>
 * GET /api/status   {"at":…, "counts":{"IN_SYNC":3,…}, "watch":{"ENABLED":3,…}, "resources":[…]}
 * </pre>
 */
@Path("/api/status")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {

    /** How Homeostat treats drift on a resource right now. */
    public enum Watch {
        /** Detect and act as the phase's {@code drift} mode says. */
        ENABLED,
        /** Detect and plan, hold the plan for approval (a drift flag). */
        PAUSED,
        /** Not watched: a drift flag, or {@code drift: ignore} in the phase file. */
        DISABLED
    }

    /**
     * @param mode the phase file's {@code drift} mode ({@code auto-heal}, {@code approve}, {@code notify}, {@code ignore})
     * @param openIncident the incident open on this resource, or {@code null}
     */
    public record ResourceStatus(String phase, String logicalId, String type, String name, ResourceObserver.Drift drift,
                                 Watch watch, DriftMode mode, String openIncident, List<FieldDiff> diff, String error) {}

    public record Status(Instant at, Map<ResourceObserver.Drift, Integer> counts, Map<Watch, Integer> watch,
                         List<ResourceStatus> resources) {}

    @Inject
    DesiredStateSource desired;

    @Inject
    ResourceObserver observer;

    @Inject
    DriftFlags flags;

    @Inject
    CooldownGuard guard;

    @Inject
    Clock clock;

    @GET
    public Status status() {
        DriftFlags.Snapshot flagsNow = flags.snapshot();
        List<ResourceStatus> resources = new ArrayList<>();
        Map<ResourceObserver.Drift, Integer> counts = new TreeMap<>();
        Map<Watch, Integer> watching = new TreeMap<>();
        for (DesiredResource r : desired.current().resources()) {
            ResourceObserver.Observed o = observer.observe(r);
            Watch watch = watch(r, flagsNow.effective(r));
            String open = guard.find(r.ref().key())
                    .filter(g -> g.status() == CooldownGuard.Status.OPEN)
                    .map(CooldownGuard.Guard::incidentId)
                    .orElse(null);
            resources.add(new ResourceStatus(r.phase(), r.logicalId(), r.type(), r.name(), o.drift(), watch, r.drift(), open,
                    o.diff(), o.error()));
            counts.merge(o.drift(), 1, Integer::sum);
            watching.merge(watch, 1, Integer::sum);
        }
        resources.sort(Comparator.comparing(ResourceStatus::phase).thenComparing(ResourceStatus::logicalId));
        return new Status(clock.instant(), counts, watching, resources);
    }

    static Watch watch(DesiredResource r, DriftFlags.Mode flag) {
        if (flag == DriftFlags.Mode.DISABLED || r.drift() == DriftMode.IGNORE) {
            return Watch.DISABLED;
        }
        return flag == DriftFlags.Mode.PAUSED ? Watch.PAUSED : Watch.ENABLED;
    }
}
