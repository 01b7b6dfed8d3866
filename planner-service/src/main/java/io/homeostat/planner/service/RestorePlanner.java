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
 * from a fresh observation (the diff in the event may be stale by now), and each is bound once here, so a plan that
 * the executor could not run is never emitted.
 */
public final class RestorePlanner {

    private final ProviderRegistry providers;

    public RestorePlanner(ProviderRegistry providers) {
        this.providers = providers;
    }

    public record Decision(StoredPlan plan, String why) {}

    public Decision plan(IncidentAnalyzed incident, DesiredState desiredState) {
        String planId = EventIds.derive(incident.incidentId(), "plan");
        Optional<DesiredResource> desired = desiredState.find(incident.resource().logicalId());
        if (desired.isEmpty()) {
            return notifyOnly(planId, "resource " + incident.resource().logicalId() + " is no longer declared");
        }
        if (desired.get().drift() != DriftMode.AUTO_HEAL) {
            return notifyOnly(planId, "drift mode is " + desired.get().drift().name().toLowerCase().replace('_', '-'));
        }
        if (incident.classification().kind() == Classification.Kind.NORMAL) {
            return notifyOnly(planId, "classified NORMAL: an allowed change");
        }
        ResourceProvider provider = providers.get(desired.get().type());
        Observation now = provider.observe(desired.get());
        List<PlannedAction> actions = provider.planRestore(desired.get(), now);
        if (actions.isEmpty() && !now.upToDate()) {
            // Create-only settings (a table's key schema, a group's description): no action can restore them safely.
            return notifyOnly(planId, "no action can restore " + now.diff().stream().map(FieldDiff::path).toList()
                    + " (create-only); needs a person");
        }
        actions.forEach(provider::bind);
        String why = actions.isEmpty() ? "already back at desired; nothing to run" : actions.size() + " action(s) restore desired";
        return new Decision(new StoredPlan(planId, PlanReady.Strategy.RESTORE, actions), why);
    }

    private static Decision notifyOnly(String planId, String why) {
        return new Decision(new StoredPlan(planId, PlanReady.Strategy.NOTIFY_ONLY, List.of()), why);
    }
}
