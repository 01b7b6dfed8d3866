package io.homeostat.mcp.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.homeostat.mcp.api.ApiCallException;
import io.homeostat.mcp.api.OperatorApi;
import io.homeostat.runtime.untrusted.UntrustedText;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolCallException;
import jakarta.inject.Inject;

/**
 * {@code approve_plan}: the planner's {@code POST /api/plans/{id}/approve}, with the token of the person who started
 * this server. The planner decides whether that person may approve (and records who did); the model never handles a
 * credential, so it cannot approve as anyone else.
 */
public class ApprovalTools {

    @Inject
    OperatorApi api;

    @Tool(name = "approve_plan", annotations = @Tool.Annotations(readOnlyHint = false, destructiveHint = true,
            idempotentHint = true, openWorldHint = false),
            description = """
                    Approves a plan waiting for approval (state AWAITING_APPROVAL; see list_incidents), so the executor \
                    runs its typed actions. The approval is made with the credentials of the person who started this \
                    MCP server and is recorded under their name; the planner refuses it when they are not allowed, \
                    when the plan was already decided or has expired. Only call this when the person asked for it.""" + Descriptions.UNTRUSTED)
    public String approvePlan(
            @ToolArg(description = "The plan id (the planId of the incident's plan, or the incident id).") String planId,
            @ToolArg(description = "Why it is approved, recorded with the decision.", required = false) String reason) {
        try {
            JsonNode plan = api.approve(planId, reason == null || reason.isBlank() ? "approved through the MCP server" : reason);
            JsonNode approval = plan.path("approval");
            return "Plan " + plan.path("planId").asText(planId) + " approved"
                    + (approval.hasNonNull("decidedBy") ? " by " + UntrustedText.quote(approval.path("decidedBy").asText(), 80) : "")
                    + "; incident " + plan.path("incidentId").asText("-") + " is now " + plan.path("state").asText("-")
                    + " and will run its plan.\n";
        } catch (ApiCallException e) {
            throw new ToolCallException("approval refused: " + e.getMessage());
        }
    }
}
