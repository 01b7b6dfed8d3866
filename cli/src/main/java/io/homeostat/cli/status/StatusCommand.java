package io.homeostat.cli.status;

import com.fasterxml.jackson.databind.JsonNode;
import io.homeostat.cli.ExitCodes;
import io.homeostat.cli.api.Ansi;
import io.homeostat.cli.api.ApiClient;
import io.homeostat.cli.api.ApiCommand;
import io.homeostat.cli.api.Printable;
import io.homeostat.cli.api.TerminalOptions;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code homeostat status}: GET /api/status, every declared resource by phase with whether it is in sync, whether
 * Homeostat watches it (drift flags, the phase's drift mode) and the incident open on it. The detector computes the
 * status; the CLI only shows it.
 */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Every declared resource by phase: in sync, drifting, missing; watched, paused or disabled; open incident.",
        footer = ExitCodes.HELP)
public final class StatusCommand extends ApiCommand {

    @Mixin
    TerminalOptions terminal;

    @Override
    protected JsonNode call(ApiClient api) {
        return terminal.during(err(), "observing every declared resource", () -> api.get("/api/status"));
    }

    @Override
    protected void printText(JsonNode status, PrintWriter out) {
        print(status, terminal.ansi(), out);
    }

    static void print(JsonNode status, Ansi ansi, PrintWriter out) {
        JsonNode resources = status.path("resources");
        if (resources.isEmpty()) {
            out.println("no resources declared");
            return;
        }
        out.printf("%-12s %-24s %-20s %-9s %-9s %-10s %s%n", "PHASE", "RESOURCE", "TYPE", "DRIFT", "WATCH", "MODE", "OPEN INCIDENT");
        for (JsonNode r : resources) {
            String drift = r.path("drift").asText();
            // padded before it is painted: escape codes inside the padding would throw the columns off
            out.println(String.format("%-12s %-24s %-20s ", r.path("phase").asText(), r.path("logicalId").asText(), r.path("type").asText())
                    + paint(String.format("%-9s", drift), drift, ansi)
                    + String.format(" %-9s %-10s %s", r.path("watch").asText(), r.path("mode").asText(), r.path("openIncident").asText("-")));
            for (JsonNode d : r.path("diff")) {
                out.println(ansi.dim("    ~ " + d.path("path").asText() + ": " + Printable.quote(d.path("actual").asText(null), 120)
                        + " (declared " + Printable.quote(d.path("desired").asText(null), 120) + ")"));
            }
            if (!r.path("error").isNull() && !r.path("error").isMissingNode()) {
                out.println(ansi.red("    ! " + Printable.quote(r.path("error").asText(), 300)));
            }
        }
        JsonNode c = status.path("counts");
        JsonNode w = status.path("watch");
        out.printf("%d resource(s): %d in sync, %d drifting, %d missing, %d not observable; watched %d, paused %d, disabled %d%n",
                resources.size(), c.path("IN_SYNC").asInt(), c.path("DRIFTED").asInt(), c.path("MISSING").asInt(),
                c.path("ERROR").asInt(), w.path("ENABLED").asInt(), w.path("PAUSED").asInt(), w.path("DISABLED").asInt());
    }

    private static String paint(String padded, String drift, Ansi ansi) {
        return switch (drift) {
            case "IN_SYNC" -> ansi.green(padded);
            case "DRIFTED" -> ansi.yellow(padded);
            default -> ansi.red(padded);
        };
    }
}
