package io.homeostat.cli.approval;

import com.fasterxml.jackson.databind.JsonNode;
import io.homeostat.cli.ExitCodes;
import io.homeostat.cli.api.ApiClient;
import io.homeostat.cli.api.ApiCommand;
import io.homeostat.cli.api.Printable;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code homeostat plans}: GET /api/plans on the planner, by default the plans waiting for a decision. */
@Command(name = "plans", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List plans, by default those waiting for approval (approve or reject them by id).",
        footer = ExitCodes.HELP)
public final class PlansCommand extends ApiCommand {

    @Option(names = "--state", paramLabel = "STATE", defaultValue = "AWAITING_APPROVAL",
            description = "Only plans whose incident is in STATE, or ALL. Default: ${DEFAULT-VALUE}.")
    String state;

    @Mixin
    PlannerOptions planner;

    @Override
    protected ApiClient client() {
        return planner.client(global);
    }

    @Override
    protected JsonNode call(ApiClient api) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("state", state);
        return api.get("/api/plans", q);
    }

    @Override
    protected void printText(JsonNode plans, PrintWriter out) {
        if (plans.isEmpty()) {
            out.println("no plans " + (state.equalsIgnoreCase("ALL") ? "" : "in state " + state));
            return;
        }
        out.printf("%-36s %-36s %-17s %-32s %s%n", "PLAN", "INCIDENT", "STATE", "RESOURCE", "WHY HELD");
        for (JsonNode p : plans) {
            StringBuilder why = new StringBuilder();
            p.path("approval").path("reasons").forEach(r -> why.append(why.isEmpty() ? "" : "; ").append(r.asText()));
            out.printf("%-36s %-36s %-17s %-32s %s%n", p.path("planId").asText(), p.path("incidentId").asText(), p.path("state").asText(),
                    p.path("resource").path("type").asText() + " " + p.path("resource").path("name").asText(),
                    Printable.quote(why.toString(), 200));
        }
    }
}
