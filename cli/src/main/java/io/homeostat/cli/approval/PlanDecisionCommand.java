package io.homeostat.cli.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.homeostat.cli.api.ApiClient;
import io.homeostat.cli.api.ApiCommand;
import io.homeostat.cli.api.Printable;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * A decision on a plan held for approval: POST /api/plans/{id}/{decision} on the planner, as the user behind the
 * token (the planner records who). A plan that is not waiting any more is refused by the planner (HTTP 409, exit 1).
 */
abstract class PlanDecisionCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "PLAN", description = "The plan id, or its incident's id (as 'plans' or 'incidents show' print them).")
    String plan;

    @Mixin
    PlannerOptions planner;

    /** {@code approve} or {@code reject}: the planner's path segment. */
    abstract String decision();

    abstract String reason();

    @Override
    protected ApiClient client() {
        return planner.client(global);
    }

    @Override
    protected JsonNode call(ApiClient api) {
        ObjectNode body = ApiClient.JSON.createObjectNode();
        if (reason() != null) {
            body.put("reason", reason());
        }
        return api.post("/api/plans/" + URLEncoder.encode(plan, StandardCharsets.UTF_8) + "/" + decision(), body);
    }

    @Override
    protected void printText(JsonNode view, PrintWriter out) {
        JsonNode a = view.path("approval");
        out.printf("plan %s of incident %s %s by %s; incident now %s%n", view.path("planId").asText(), view.path("incidentId").asText(),
                a.path("decision").asText(decision()).toLowerCase(java.util.Locale.ROOT), Printable.quote(a.path("decidedBy").asText(null), 64),
                view.path("state").asText());
    }
}
