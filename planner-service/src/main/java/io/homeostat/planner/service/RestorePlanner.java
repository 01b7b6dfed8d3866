package io.homeostat.planner.service;

import io.homeostat.model.envelope.EventIds;
import io.homeostat.model.events.Classification;
import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.IncidentAnalyzed;
import io.homeostat.model.events.PlanReady;
import io.homeostat.model.events.PlannedAction;
import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.desired.DesiredState;
import io.homeostat.runtime.desired.DriftMode;
import io.homeostat.runtime.provider.Observation;
import io.homeostat.runtime.provider.ProviderRegistry;
import io.homeostat.runtime.provider.ResourceProvider;
import io.homeostat.runtime.store.StoredPlan;
import java.util.List;
import java.util.Optional;

/**
 * Chooses a strategy and the typed actions for it. Actions always come from the provider's own catalogue, planned
 * from a fresh observation (the diff in the event may be stale by now), each guarded with its preconditions and
 * compensation from that observation, and each bound once here, so a plan that the executor could not run is never
 * emitted.
 */
public final class RestorePlanner {

    private final ProviderRegistry providers;

    public RestorePlanner(ProviderRegistry providers) {
        this.providers = providers;
    }

    /**
     * @param resource the declared resource (empty when it is no longer declared)
     * @param observed the fresh observation the actions were planned from ({@code null} when none was made)
     */
    public record Decision(StoredPlan plan, String why, Optional<DesiredResource> resource, Observation observed) {}

    public Decision plan(IncidentAnalyzed incident, DesiredState desiredState) {
        String planId = planId(incident.incidentId());
        Optional<DesiredResource> desired = desiredState.find(incident.resource().logicalId());
        if (desired.isEmpty()) {
            return notifyOnly(planId, "resource " + incident.resource().logicalId() + " is no longer declared", desired);
        }
        DriftMode mode = desired.get().drift();
        if (mode != DriftMode.AUTO_HEAL && mode != DriftMode.APPROVE) {
            return notifyOnly(planId, "drift mode is " + mode.name().toLowerCase().replace('_', '-'), desired);
        }
        if (incident.classification().kind() == Classification.Kind.NORMAL) {
            return notifyOnly(planId, "classified NORMAL: an allowed change", desired);
        }
        ResourceProvider provider = providers.get(desired.get().type());
        Observation now = provider.observe(desired.get());
        List<PlannedAction> actions = provider.planRestore(desired.get(), now).stream()
                .map(a -> provider.guard(desired.get(), now, a))
                .toList();
        if (actions.isEmpty() && !now.upToDate()) {
            // Create-only settings (a table's key schema, a group's description): no action can restore them safely.
            return new Decision(new StoredPlan(planId, PlanReady.Strategy.NOTIFY_ONLY, List.of()), "no action can restore "
                    + now.diff().stream().map(FieldDiff::path).toList() + " (create-only); needs a person", desired, now);
        }
        actions.forEach(provider::bind);
        String why = actions.isEmpty() ? "already back at desired; nothing to run" : actions.size() + " action(s) restore desired";
        return new Decision(new StoredPlan(planId, PlanReady.Strategy.RESTORE, actions), why, desired, now);
    }

    /** The plan's id: one per incident, the same however often the incident is planned. */
    public static String planId(String incidentId) {
        return EventIds.derive(incidentId, "plan");
    }

    private static Decision notifyOnly(String planId, String why, Optional<DesiredResource> resource) {
        return new Decision(new StoredPlan(planId, PlanReady.Strategy.NOTIFY_ONLY, List.of()), why, resource, null);
    }
}
