package io.homeostat.cli.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import io.homeostat.cli.CliException;
import io.homeostat.cli.ExitCodes;
import io.homeostat.cli.api.ApiClient;
import io.homeostat.cli.api.ApiCommand;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code homeostat incidents list}: GET /api/incidents, newest first. */
@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List recent incidents, newest first, with state, class and resource.",
        footer = ExitCodes.HELP)
public final class IncidentListCommand extends ApiCommand {

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N incidents (1-500). Default: ${DEFAULT-VALUE}.")
    int limit;

    @Option(names = "--resource", paramLabel = "KEY",
            description = "Only this resource's incidents, by its key <type>:<account>:<region>:<name> (as 'incidents show' prints it).")
    String resource;

    @Override
    protected void validate() {
        if (limit < 1 || limit > 500) {
            throw new CliException(ExitCodes.USAGE, "--limit must be between 1 and 500, not " + limit);
        }
    }

    @Override
    protected JsonNode call(ApiClient api) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("limit", Integer.toString(limit));
        q.put("resource", resource);
        return api.get("/api/incidents", q);
    }

    @Override
    protected void printText(JsonNode incidents, PrintWriter out) {
        IncidentView.list(incidents, out);
    }
}
