package io.homeostat.mcp.render;

import static io.homeostat.mcp.render.Text.plain;
import static io.homeostat.mcp.render.Text.present;
import static io.homeostat.mcp.render.Text.quoted;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code GET /api/status} as text an assistant can read out: totals first, then every resource by phase. */
public final class StatusText {

    private StatusText() {}

    public static String render(JsonNode status) {
        StringBuilder out = new StringBuilder(Text.UNTRUSTED_NOTE).append('\n');
        out.append("Status at ").append(plain(status.path("at"))).append('\n');
        out.append("drift: ").append(totals(status.path("counts"))).append('\n');
        out.append("watch: ").append(totals(status.path("watch"))).append('\n');
        String phase = null;
        for (JsonNode r : status.path("resources")) {
            if (!plain(r.path("phase")).equals(phase)) {
                phase = plain(r.path("phase"));
                out.append("\nphase ").append(phase).append(":\n");
            }
            out.append("  ").append(plain(r.path("logicalId"))).append(" (").append(plain(r.path("type"))).append(' ')
                    .append(plain(r.path("name"))).append("): ").append(plain(r.path("drift")))
                    .append(", watch ").append(plain(r.path("watch"))).append(", mode ").append(plain(r.path("mode")));
            if (present(r.path("openIncident"))) {
                out.append(", open incident ").append(plain(r.path("openIncident")));
            }
            out.append('\n');
            for (JsonNode d : r.path("diff")) {
                out.append("      ").append(plain(d.path("path"))).append(": desired ").append(quoted(d.path("desired"), 80))
                        .append(", actual ").append(quoted(d.path("actual"), 80)).append('\n');
            }
            if (present(r.path("error"))) {
                out.append("      error: ").append(quoted(r.path("error"))).append('\n');
            }
        }
        return out.toString();
    }

    static String totals(JsonNode counts) {
        if (!present(counts)) {
            return "none";
        }
        StringBuilder s = new StringBuilder();
        counts.fields().forEachRemaining(e -> s.append(s.isEmpty() ? "" : ", ").append(e.getValue().asText()).append(' ').append(e.getKey()));
        return s.toString();
    }
}
