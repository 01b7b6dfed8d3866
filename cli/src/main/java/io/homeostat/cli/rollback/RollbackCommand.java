package io.homeostat.cli.rollback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.homeostat.cli.CliException;
import io.homeostat.cli.ExitCodes;
import io.homeostat.cli.api.ApiClient;
import io.homeostat.cli.api.ApiCommand;
import io.homeostat.cli.api.Printable;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code homeostat rollback --to REV}: POST /api/rollback. The detector validates the revision's phases first (every
 * problem as {@code <revision>:<file>:line:col}, exit 2 when invalid) and then pins them as the desired state; the
 * normal loop applies it. {@code rollback show} and {@code rollback clear} read and remove the pin.
 */
@Command(name = "rollback", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Make the phases of an earlier git revision the desired state; Homeostat then restores the cloud to it.",
                "'rollback show' prints the pin, 'rollback clear' goes back to the phases work tree."},
        subcommands = {RollbackShowCommand.class, RollbackClearCommand.class},
        footer = ExitCodes.HELP + "%nA revision that does not exist, or whose phases are invalid, exits 2 and pins nothing.")
public final class RollbackCommand extends ApiCommand {

    @Option(names = "--to", paramLabel = "REV", description = "A git revision: commit id, tag, branch, main~2.")
    String to;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why (recorded with your user on the pin).")
    String reason;

    @Override
    protected void validate() {
        if (to == null || to.isBlank()) {
            throw new CliException(ExitCodes.USAGE, "say where to: --to REV (or 'rollback show' / 'rollback clear')");
        }
    }

    @Override
    protected JsonNode call(ApiClient api) {
        ObjectNode body = ApiClient.JSON.createObjectNode().put("to", to);
        if (reason != null) {
            body.put("reason", reason);
        }
        return api.post("/api/rollback", body);
    }

    @Override
    protected void printText(JsonNode pin, PrintWriter out) {
        out.println("desired state pinned to " + line(pin));
        out.println("Homeostat now restores the cloud to it; 'homeostat rollback clear' goes back to the work tree.");
    }

    static String line(JsonNode pin) {
        return pin.path("revision").asText() + " (" + pin.path("commit").asText() + ") by " + Printable.quote(pin.path("pinnedBy").asText(null), 64)
                + " at " + pin.path("pinnedAt").asText() + ", reason " + Printable.quote(pin.path("reason").asText(null), 200);
    }
}
