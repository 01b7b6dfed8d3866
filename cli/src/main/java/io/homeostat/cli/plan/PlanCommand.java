package io.homeostat.cli.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.homeostat.cli.ExitCodes;
import io.homeostat.cli.api.ApiClient;
import io.homeostat.cli.api.ApiCommand;
import io.homeostat.cli.api.TerminalOptions;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code homeostat plan}: GET /api/drift, the detector's dry run. It observes every declared resource now and shows
 * what differs and the typed actions that would restore it; it changes nothing and opens no incident.
 */
@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show what differs between the phase files and the cloud, and what Homeostat would do about it.",
                "A dry run: nothing is changed, no incident is opened."},
        footer = ExitCodes.HELP + "%nplan exits 0 when everything is in sync, 5 when changes are pending (like terraform plan"
                + " -detailed-exitcode), 1 when a resource cannot be observed.")
public final class PlanCommand extends ApiCommand {

    @Mixin
    TerminalOptions terminal;

    @Override
    protected JsonNode call(ApiClient api) {
        return terminal.during(err(), "observing every declared resource", () -> api.get("/api/drift"));
    }

    @Override
    protected void printText(JsonNode entries, PrintWriter out) {
        PlanView.print(entries, terminal.ansi(), out);
    }

    @Override
    protected int exitCodeFor(JsonNode entries) {
        return PlanView.exitCode(entries);
    }
}
