package io.homeostat.cli.rollback;

import com.fasterxml.jackson.databind.JsonNode;
import io.homeostat.cli.ExitCodes;
import io.homeostat.cli.api.ApiClient;
import io.homeostat.cli.api.ApiCommand;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code homeostat rollback clear}: DELETE /api/rollback; the phases work tree is the desired state again. */
@Command(name = "clear", mixinStandardHelpOptions = true, description = "Remove the pin: the phases work tree is the desired state again.",
        footer = ExitCodes.HELP + "%nNothing pinned exits 1.")
public final class RollbackClearCommand extends ApiCommand {

    @Override
    protected JsonNode call(ApiClient api) {
        api.delete("/api/rollback");
        return ApiClient.JSON.createObjectNode().put("cleared", true);
    }

    @Override
    protected void printText(JsonNode r, PrintWriter out) {
        out.println("pin cleared: the phases work tree is the desired state again");
    }
}
