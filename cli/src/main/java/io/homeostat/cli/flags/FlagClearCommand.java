package io.homeostat.cli.flags;

import com.fasterxml.jackson.databind.JsonNode;
import io.homeostat.cli.ExitCodes;
import io.homeostat.cli.api.ApiClient;
import io.homeostat.cli.api.ApiCommand;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code homeostat flags clear (--resource ID | --phase P)}: DELETE /api/flags/…; the phase file's drift mode applies again. */
@Command(name = "clear", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Clear a drift flag: the resource or phase is watched as its phase file says again.",
        footer = ExitCodes.HELP + "%nNo such flag exits 1.")
public final class FlagClearCommand extends ApiCommand {

    @Mixin
    FlagTarget target;

    @Override
    protected JsonNode call(ApiClient api) {
        api.delete(target.path());
        return ApiClient.JSON.createObjectNode().put("cleared", true).put("scopeType", target.scopeType()).put("name", target.name());
    }

    @Override
    protected void printText(JsonNode r, PrintWriter out) {
        out.println("cleared the flag on " + r.path("scopeType").asText() + " " + r.path("name").asText());
    }
}
