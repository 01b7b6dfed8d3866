package io.homeostat.cli.flags;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.homeostat.cli.CliException;
import io.homeostat.cli.ExitCodes;
import io.homeostat.cli.api.ApiClient;
import io.homeostat.cli.api.ApiCommand;
import io.homeostat.cli.api.Durations;
import io.homeostat.cli.api.Printable;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code homeostat flags set (--resource ID | --phase P) MODE [--ttl AGE | --until INSTANT] [--reason TEXT]}: PUT /api/flags/…. */
@Command(name = "set", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Set a drift flag: PAUSED (detect and plan, hold for approval), DISABLED (not watched) or ENABLED.",
                "Without --ttl or --until it stays until cleared."},
        footer = ExitCodes.HELP + "%nA resource or phase the phase files do not declare exits 1.")
public final class FlagSetCommand extends ApiCommand {

    @Mixin
    FlagTarget target;

    @Parameters(index = "0", paramLabel = "MODE", description = "ENABLED, PAUSED or DISABLED.")
    String mode;

    @Option(names = "--ttl", paramLabel = "AGE", description = "Expire after AGE (90s, 15m, 2h, 3d, PT1H).")
    String ttl;

    @Option(names = "--until", paramLabel = "INSTANT", description = "Expire at INSTANT (ISO-8601, e.g. 2026-01-31T18:00:00Z).")
    String until;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why (recorded with your user).")
    String reason;

    @Override
    protected void validate() {
        String m = mode.toUpperCase(Locale.ROOT);
        if (!m.equals("ENABLED") && !m.equals("PAUSED") && !m.equals("DISABLED")) {
            throw new CliException(ExitCodes.USAGE, "MODE must be ENABLED, PAUSED or DISABLED, not '" + mode + "'");
        }
        if (ttl != null && until != null) {
            throw new CliException(ExitCodes.USAGE, "give either --ttl or --until, not both");
        }
        if (until != null) {
            try {
                Instant.parse(until);
            } catch (DateTimeParseException e) {
                throw new CliException(ExitCodes.USAGE, "--until '" + until + "' is not an ISO-8601 instant (e.g. 2026-01-31T18:00:00Z)");
            }
        }
    }

    @Override
    protected JsonNode call(ApiClient api) {
        ObjectNode body = ApiClient.JSON.createObjectNode().put("mode", mode.toUpperCase(Locale.ROOT));
        if (ttl != null) {
            body.put("ttl", Durations.iso("--ttl", ttl));
        }
        if (until != null) {
            body.put("expiresAt", until);
        }
        if (reason != null) {
            body.put("reason", reason);
        }
        return api.put(target.path(), body);
    }

    @Override
    protected void printText(JsonNode flag, PrintWriter out) {
        out.println(FlagListCommand.header());
        out.println(line(flag));
    }

    static String line(JsonNode f) {
        return String.format("%-9s %-24s %-9s %-24s %-12s %s", f.path("scopeType").asText(), f.path("name").asText(), f.path("mode").asText(),
                f.path("expiresAt").asText("never"), Printable.quote(f.path("setBy").asText(null), 12), Printable.quote(f.path("reason").asText(null), 200));
    }
}
