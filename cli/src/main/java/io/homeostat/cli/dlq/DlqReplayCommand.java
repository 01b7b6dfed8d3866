package io.homeostat.cli.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.homeostat.cli.CliException;
import io.homeostat.cli.ExitCodes;
import io.homeostat.cli.api.ApiClient;
import io.homeostat.cli.api.ApiCommand;
import io.homeostat.cli.api.Printable;
import io.homeostat.cli.api.TerminalOptions;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code homeostat dlq replay}: POST /api/dlq/replay. The API sends each selected message back to its queue first
 * and only then deletes it from the DLQ; consumers deduplicate, so replaying something twice does no harm.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Send dead letters back to the queue they came from (after fixing the cause).",
                "Say what: --id (repeatable), a filter (--queue, --type, --reason, --older-than), or --all."},
        footer = ExitCodes.HELP + "%nA replay that leaves any selected message behind exits 1; an --id not found exits 1.")
public final class DlqReplayCommand extends ApiCommand {

    @Option(names = "--id", paramLabel = "ID", description = "Replay the message with this id (as 'dlq list' shows it). Repeatable.")
    List<String> ids;

    @Mixin
    DlqFilterOptions filter;

    @Option(names = "--all", description = "Replay every dead letter of every queue.")
    boolean all;

    @Mixin
    TerminalOptions terminal;

    @Override
    protected void validate() {
        boolean filtered = filter.any();
        boolean byId = ids != null && !ids.isEmpty();
        if (all && (filtered || byId)) {
            throw new CliException(ExitCodes.USAGE, "--all replays everything: leave out --id and the filter options");
        }
        if (byId && filtered) {
            throw new CliException(ExitCodes.USAGE, "give either --id or a filter (--queue, --type, --reason, --older-than), not both");
        }
        if (!all && !filtered && !byId) {
            throw new CliException(ExitCodes.USAGE, "say what to replay: --id ID, a filter (--queue, --type, --reason, --older-than) or --all");
        }
    }

    @Override
    protected JsonNode call(ApiClient api) {
        ObjectNode body = ApiClient.JSON.createObjectNode();
        if (ids != null && !ids.isEmpty()) {
            ids.forEach(body.putArray("ids")::add);
        }
        filter.asFields().forEach(body::put);
        if (all) {
            body.put("all", true);
        }
        return terminal.during(err(), "replaying dead letters (each is sent back before it is deleted)", () -> api.post("/api/dlq/replay", body));
    }

    @Override
    protected void printText(JsonNode r, PrintWriter out) {
        out.printf("replayed %d of %d selected (%d examined) as %s; %d failed%n", r.path("replayed").asInt(), r.path("matched").asInt(),
                r.path("examined").asInt(), Printable.quote(r.path("by").asText(null), 64), r.path("failed").asInt());
        r.path("errors").forEach(e -> out.println("  " + Printable.quote(e.asText(), 400)));
    }

    @Override
    protected int exitCodeFor(JsonNode r) {
        return r.path("failed").asInt() > 0 ? ExitCodes.FAILURE : ExitCodes.OK;
    }
}
