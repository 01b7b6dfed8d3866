package io.homeostat.cli.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import io.homeostat.cli.ExitCodes;
import io.homeostat.cli.api.ApiClient;
import io.homeostat.cli.api.ApiCommand;
import io.homeostat.cli.api.Durations;
import io.homeostat.cli.api.Printable;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code homeostat dlq list}: GET /api/dlq. Looking does not consume: the messages stay on their DLQ. */
@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List dead letters with why they failed, on which attempt, in which service. Nothing is consumed.",
        footer = ExitCodes.HELP)
public final class DlqListCommand extends ApiCommand {

    @Mixin
    DlqFilterOptions filter;

    @Option(names = "--newer-than", paramLabel = "AGE", description = "Only those dead-lettered less than AGE ago.")
    String newerThan;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N messages (1-1000). Default: ${DEFAULT-VALUE}.")
    int limit;

    @Override
    protected JsonNode call(ApiClient api) {
        Map<String, String> q = new LinkedHashMap<>(filter.asFields());
        q.put("newerThan", Durations.iso("--newer-than", newerThan));
        q.put("limit", Integer.toString(limit));
        return api.get("/api/dlq", q);
    }

    @Override
    protected void printText(JsonNode listing, PrintWriter out) {
        StringBuilder depths = new StringBuilder("DLQ depth:");
        listing.path("queues").forEach(q -> depths.append(' ').append(q.path("queue").asText()).append('=').append(q.path("depth").asLong()));
        out.println(depths);
        JsonNode messages = listing.path("messages");
        if (messages.isEmpty()) {
            out.println("no dead letters" + (filter.any() || newerThan != null
                    ? " match the filter" : ""));
            return;
        }
        out.printf("%-9s %-36s %-20s %-8s %-24s %s%n", "QUEUE", "MESSAGE ID", "TYPE", "ATTEMPT", "LAST FAILED", "SERVICE / REASON");
        for (JsonNode m : messages) {
            out.printf("%-9s %-36s %-20s %-8s %-24s %s %s%n", m.path("queue").asText(), m.path("messageId").asText(),
                    Printable.quote(m.path("eventType").asText(null), 18), m.path("attempt").asInt(),
                    m.path("lastFailedAt").asText("-"), Printable.quote(m.path("service").asText(null), 20),
                    Printable.quote(m.path("reason").asText(null), 300));
        }
        if (listing.path("truncated").asBoolean()) {
            out.println("(more match: raise --limit or narrow the filter)");
        }
    }
}
