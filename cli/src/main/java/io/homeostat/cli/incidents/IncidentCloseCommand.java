package io.homeostat.cli.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import io.homeostat.cli.ExitCodes;
import io.homeostat.cli.api.ApiClient;
import io.homeostat.cli.api.ApiCommand;
import io.homeostat.cli.api.Printable;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code homeostat incidents close ID --reason TEXT}: POST /api/incidents/{id}/close. Only an ESCALATED incident (a
 * rollback that failed, left open for people) is closed by hand; the detector records who and why and releases the
 * resource, so Homeostat heals it again from the next scan unless a drift flag pauses it.
 */
@Command(name = "close", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Close an ESCALATED incident once you have looked at it (and fixed what needed fixing).",
                "Its resource is released at once: set a drift flag first if Homeostat must keep its hands off."},
        footer = ExitCodes.HELP + "%nAn unknown incident, or one that is not ESCALATED, exits 1.")
public final class IncidentCloseCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The incident id (as 'incidents list' prints it).")
    String id;

    @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "What you found or did (required; recorded with your user on the incident).")
    String reason;

    @Override
    protected JsonNode call(ApiClient api) {
        return api.post("/api/incidents/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/close",
                ApiClient.JSON.createObjectNode().put("reason", reason));
    }

    @Override
    protected void printText(JsonNode incident, PrintWriter out) {
        JsonNode timeline = incident.path("timeline");
        out.println("incident " + incident.path("incidentId").asText() + " " + incident.path("state").asText() + ": "
                + Printable.quote(timeline.path(timeline.size() - 1).path("note").asText(null), 300));
    }
}
