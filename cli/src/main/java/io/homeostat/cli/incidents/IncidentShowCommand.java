package io.homeostat.cli.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import io.homeostat.cli.CliException;
import io.homeostat.cli.ExitCodes;
import io.homeostat.cli.api.ApiClient;
import io.homeostat.cli.api.ApiCommand;
import io.homeostat.cli.api.GlobalOptions;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code homeostat incidents show ID [--watch]}: GET /api/incidents/{id} with its timeline, plan, steps and ledger.
 * With {@code --watch} it polls and prints each new timeline entry until the incident closes (or Ctrl-C); with
 * {@code --output json} it then prints the closed incident.
 */
@Command(name = "show", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show one incident: resource, class, timeline from detection to verification, plan, steps and ledger.",
                "--watch follows it until it closes."},
        footer = ExitCodes.HELP + "%nAn incident id that is not found exits 1.")
public final class IncidentShowCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The incident id (as 'incidents list' prints it).")
    String id;

    @Option(names = "--watch", description = "Poll and print changes until the incident closes (or Ctrl-C).")
    boolean watch;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "2", description = "Seconds between polls with --watch. Default: ${DEFAULT-VALUE}.")
    int intervalSeconds;

    @Override
    protected void validate() {
        if (intervalSeconds < 1) {
            throw new CliException(ExitCodes.USAGE, "--interval must be at least 1 second");
        }
    }

    @Override
    protected JsonNode call(ApiClient api) {
        String path = "/api/incidents/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
        JsonNode incident = api.get(path);
        if (!watch) {
            return incident;
        }
        boolean text = global.output() == GlobalOptions.OutputFormat.text;
        PrintWriter out = out();
        if (text) {
            IncidentView.show(incident, out);
            out.println("watching (every " + intervalSeconds + " s) until it closes; Ctrl-C to stop");
            out.flush();
        }
        int seen = incident.path("timeline").size();
        String state = incident.path("state").asText();
        while (!IncidentView.closed(incident)) {
            sleep();
            incident = api.get(path);
            JsonNode timeline = incident.path("timeline");
            for (int i = seen; i < timeline.size() && text; i++) {
                out.println(IncidentView.timelineLine(timeline.get(i)));
            }
            seen = timeline.size();
            if (text && !incident.path("state").asText().equals(state)) {
                state = incident.path("state").asText();
                out.println("  -> " + state);
            }
            out.flush();
        }
        return incident;
    }

    @Override
    protected void printText(JsonNode incident, PrintWriter out) {
        if (watch) {
            IncidentView.closing(incident, out);
        } else {
            IncidentView.show(incident, out);
        }
    }

    private void sleep() {
        try {
            Thread.sleep(intervalSeconds * 1000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILURE, "interrupted");
        }
    }
}
