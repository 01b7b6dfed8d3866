package io.homeostat.model.events;

import java.util.List;

/** planner → executor: an ordered list of typed actions that brings the resource back to its desired state. */
public record PlanReady(
        int schemaVersion,
        String incidentId,
        String correlationId,
        String causationId,
        ResourceRef resource,
        String planId,
        Strategy strategy,
        List<PlannedAction> actions,
        PolicyDecision policy)
        implements IncidentEvent {

    /**
     * v2: each action carries its preconditions and compensation (v1 plans decode with none). v3: the policy decision
     * and the rules that made it ({@code policy}; v1 and v2 plans decode as ALLOW with no matches).
     */
    public static final int CURRENT_VERSION = 3;

    public enum Strategy {
        /** Put the resource back to desired. */
        RESTORE,
        /** Propose changing desired to match actual; never applied silently. */
        ADOPT,
        /** Nothing to run; people are told. */
        NOTIFY_ONLY
    }

    public PlanReady {
        Required.schemaVersion(schemaVersion);
        Required.field(incidentId, "incidentId");
        Required.field(correlationId, "correlationId");
        Required.field(resource, "resource");
        Required.field(planId, "planId");
        Required.field(strategy, "strategy");
        actions = actions == null ? List.of() : List.copyOf(actions);
        policy = policy == null ? PolicyDecision.ALLOW : policy;
    }

    /** A plan no policy rule objected to (and the shape of v1/v2 plans). */
    public PlanReady(int schemaVersion, String incidentId, String correlationId, String causationId, ResourceRef resource,
                     String planId, Strategy strategy, List<PlannedAction> actions) {
        this(schemaVersion, incidentId, correlationId, causationId, resource, planId, strategy, actions, PolicyDecision.ALLOW);
    }
}
