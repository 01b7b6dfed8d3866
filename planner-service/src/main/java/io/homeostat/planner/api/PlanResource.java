package io.homeostat.planner.api;

import static io.homeostat.runtime.api.ApiErrors.error;

import io.homeostat.model.events.Classification;
import io.homeostat.model.events.PlanReady;
import io.homeostat.model.events.PlannedAction;
import io.homeostat.model.events.PolicyDecision;
import io.homeostat.model.events.ResourceRef;
import io.homeostat.planner.approval.ApprovalDesk;
import io.homeostat.planner.approval.DecisionRefusedException;
import io.homeostat.planner.approval.PlanNotFoundException;
import io.homeostat.runtime.api.ApiAuthFilter;
import io.homeostat.runtime.gitops.Proposal;
import io.homeostat.runtime.store.Approval;
import io.homeostat.runtime.store.Incident;
import io.homeostat.runtime.store.IncidentState;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Plans and decisions on them (authenticated, see {@link ApiAuthFilter}; the user behind the token is recorded).
 *
 * <pre>
 * GET  /api/plans?state=AWAITING_APPROVAL      (default; state=ALL lists every plan)
 * GET  /api/plans/{planId|incidentId}
 * POST /api/plans/{planId|incidentId}/approve  {"reason": "…"}   → PLANNED, plan.ready emitted once
 * POST /api/plans/{planId|incidentId}/reject   {"reason": "…"}   → REJECTED (reason required)
 * POST /api/plans/{planId|incidentId}/adopt    {"reason": "…"}   → ADOPT: desired = actual proposed as a git branch
 * </pre>
 *
 * A decision on a plan that is not waiting (expired, decided, never held) is refused with 409 and what happened.
 */
@Path("/api/plans")
@Produces(MediaType.APPLICATION_JSON)
public class PlanResource {

    /** What a decision carries. */
    public record DecisionRequest(String reason) {}

    /** A plan with its incident's context and what was decided about it. */
    public record PlanView(String planId, String incidentId, IncidentState state, ResourceRef resource,
                           Classification classification, PlanReady.Strategy strategy, List<PlannedAction> actions,
                           PolicyDecision policy, Approval approval, Proposal adoption) {

        static PlanView of(Incident i) {
            return new PlanView(i.plan().planId(), i.incidentId(), i.state(), i.resource(), i.classification(),
                    i.plan().strategy(), i.plan().actions(), i.plan().policy(), i.approval(), i.adoption());
        }
    }

    @Inject
    ApprovalDesk desk;

    @GET
    public List<PlanView> list(@QueryParam("state") @DefaultValue("AWAITING_APPROVAL") String state,
                               @QueryParam("limit") @DefaultValue("100") int limit) {
        Optional<IncidentState> filter;
        if (state.equalsIgnoreCase("ALL")) {
            filter = Optional.empty();
        } else {
            try {
                filter = Optional.of(IncidentState.valueOf(state.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw error(Response.Status.BAD_REQUEST, "unknown state '" + state + "'; one of ALL, "
                        + Arrays.toString(IncidentState.values()));
            }
        }
        return desk.plans(filter, Math.max(1, Math.min(limit, 1000))).stream().map(PlanView::of).toList();
    }

    @GET
    @Path("/{id}")
    public PlanView get(@PathParam("id") String id) {
        return call(() -> PlanView.of(desk.find(id)));
    }

    @POST
    @Path("/{id}/approve")
    @Consumes(MediaType.WILDCARD)
    public PlanView approve(@PathParam("id") String id, DecisionRequest body, @Context ContainerRequestContext request) {
        return call(() -> PlanView.of(desk.approve(id, user(request), reason(body))));
    }

    @POST
    @Path("/{id}/reject")
    @Consumes(MediaType.WILDCARD)
    public PlanView reject(@PathParam("id") String id, DecisionRequest body, @Context ContainerRequestContext request) {
        return call(() -> PlanView.of(desk.reject(id, user(request), reason(body))));
    }

    @POST
    @Path("/{id}/adopt")
    @Consumes(MediaType.WILDCARD)
    public PlanView adopt(@PathParam("id") String id, DecisionRequest body, @Context ContainerRequestContext request) {
        return call(() -> PlanView.of(desk.adopt(id, user(request), reason(body))));
    }

    private static <T> T call(Supplier<T> decision) {
        try {
            return decision.get();
        } catch (PlanNotFoundException e) {
            throw error(Response.Status.NOT_FOUND, e.getMessage());
        } catch (DecisionRefusedException e) {
            throw error(Response.Status.CONFLICT, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw error(Response.Status.BAD_REQUEST, e.getMessage());
        }
    }

    private static String user(ContainerRequestContext request) {
        return String.valueOf(request.getProperty(ApiAuthFilter.USER));
    }

    private static String reason(DecisionRequest body) {
        return body == null ? null : body.reason();
    }
}
