package io.homeostat.cli.rollback;

import com.fasterxml.jackson.databind.JsonNode;
import io.homeostat.cli.ExitCodes;
import io.homeostat.cli.api.ApiClient;
import io.homeostat.cli.api.ApiCommand;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code homeostat rollback show}: GET /api/rollback. No pin is not an error: the work tree is desired. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show the revision the desired state is pinned to, if any.",
        footer = ExitCodes.HELP)
public final class RollbackShowCommand extends ApiCommand {

    @Override
    protected JsonNode call(ApiClient api) {
        return api.find("/api/rollback").orElseGet(() -> ApiClient.JSON.createObjectNode().putNull("revision"));
    }

    @Override
    protected void printText(JsonNode pin, PrintWriter out) {
        out.println(pin.path("revision").isNull() ? "no revision pinned: the phases work tree is the desired state"
                : "desired state pinned to " + RollbackCommand.line(pin));
    }
}
