package io.homeostat.cli.flags;

import com.fasterxml.jackson.databind.JsonNode;
import io.homeostat.cli.ExitCodes;
import io.homeostat.cli.api.ApiClient;
import io.homeostat.cli.api.ApiCommand;
import io.homeostat.cli.api.Printable;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code homeostat flags list}: GET /api/flags. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the drift flags in force, with who set them, why and until when.",
        footer = ExitCodes.HELP)
public final class FlagListCommand extends ApiCommand {

    @Override
    protected JsonNode call(ApiClient api) {
        return api.get("/api/flags");
    }

    @Override
    protected void printText(JsonNode flags, PrintWriter out) {
        if (flags.isEmpty()) {
            out.println("no drift flags: every resource is watched as its phase file says");
            return;
        }
        out.println(header());
        for (JsonNode f : flags) {
            out.println(FlagSetCommand.line(f));
        }
    }

    static String header() {
        return String.format("%-9s %-24s %-9s %-24s %-12s %s", "SCOPE", "NAME", "MODE", "EXPIRES", "SET BY", "REASON");
    }
}
