package io.homeostat.planner.service;

import io.homeostat.model.events.EventType;
import io.homeostat.model.events.PlanReady;
import io.homeostat.model.events.ResourceRef;
import io.homeostat.runtime.store.StoredPlan;
import io.homeostat.runtime.transport.Envelopes;

/**
 * The one way a plan becomes plan.ready, whether emitted when planned or when approved later: same payload, same
 * deterministic event id, so the executor runs it at most once however often it is sent.
 */
public final class PlanReadyEvents {

    private PlanReadyEvents() {}

    public static PlanReady of(String incidentId, String correlationId, ResourceRef resource, StoredPlan plan) {
        return new PlanReady(PlanReady.CURRENT_VERSION, incidentId, correlationId,
                Envelopes.idOf(incidentId, EventType.INCIDENT_ANALYZED), resource, plan.planId(), plan.strategy(),
                plan.actions(), plan.policy());
    }
}
