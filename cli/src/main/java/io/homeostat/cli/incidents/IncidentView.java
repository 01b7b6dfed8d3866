package io.homeostat.cli.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import io.homeostat.cli.api.Printable;
import io.homeostat.runtime.store.IncidentState;
import java.io.PrintWriter;

/**
 * Renders incidents as the detector's API stores them ({@code Incident} in shared-runtime). Notes, messages and
 * rationales can carry text from events, logs or a model, so they are shown through {@link Printable}.
 */
final class IncidentView {

    private IncidentView() {}

    /** Whether the incident is over (ESCALATED stays open for people); a state this CLI does not know is not over. */
    static boolean closed(JsonNode incident) {
        try {
            return IncidentState.valueOf(incident.path("state").asText()).isTerminal();
        } catch (IllegalArgumentException newerServer) {
            return false;
        }
    }

    static void list(JsonNode incidents, PrintWriter out) {
        if (incidents.isEmpty()) {
            out.println("no incidents");
            return;
        }
        out.printf("%-36s %-17s %-9s %-32s %s%n", "INCIDENT", "STATE", "CLASS", "RESOURCE", "UPDATED");
        for (JsonNode i : incidents) {
            out.printf("%-36s %-17s %-9s %-32s %s%n", i.path("incidentId").asText(), i.path("state").asText(),
                    i.path("classification").path("kind").asText("-"), resource(i.path("resource")), i.path("updatedAt").asText("-"));
        }
    }

    static void show(JsonNode i, PrintWriter out) {
        out.println("incident  " + i.path("incidentId").asText() + "  " + i.path("state").asText()
                + (i.path("outcome").isTextual() ? " (outcome " + i.path("outcome").asText() + ")" : ""));
        JsonNode r = i.path("resource");
        out.println("resource  " + resource(r) + " (" + r.path("logicalId").asText() + ", phase " + r.path("phase").asText()
                + ", key " + r.path("type").asText() + ":" + r.path("account").asText() + ":" + r.path("region").asText() + ":"
                + r.path("name").asText() + ")");
        out.println("opened    " + i.path("createdAt").asText() + " by " + i.path("trigger").path("kind").asText("-")
                + "; updated " + i.path("updatedAt").asText());
        JsonNode c = i.path("classification");
        if (c.isObject()) {
            out.println("class     " + c.path("kind").asText() + ", severity " + c.path("severity").asInt() + ", confidence "
                    + c.path("confidence").asDouble() + " (" + c.path("analyzer").asText("-") + "): "
                    + Printable.quote(c.path("rationale").asText(null), 300));
        }
        for (JsonNode d : i.path("diff")) {
            out.println("diff      " + d.path("path").asText() + ": " + Printable.quote(d.path("actual").asText(null), 120)
                    + " (declared " + Printable.quote(d.path("desired").asText(null), 120) + ")");
        }
        JsonNode plan = i.path("plan");
        if (plan.isObject()) {
            out.println("plan      " + plan.path("planId").asText() + " " + plan.path("strategy").asText() + ", "
                    + plan.path("actions").size() + " action(s), policy " + plan.path("policy").path("effect").asText("ALLOW"));
            for (JsonNode a : plan.path("actions")) {
                out.println("            " + a.path("step").asInt() + ". " + a.path("action").asText() + " "
                        + Printable.quote(a.path("description").asText(null), 200));
            }
        }
        JsonNode a = i.path("approval");
        if (a.isObject()) {
            out.println("approval  " + a.path("decision").asText("waiting") + (a.path("decidedBy").isTextual()
                    ? " by " + Printable.quote(a.path("decidedBy").asText(), 64) : "") + "; why held: "
                    + Printable.quote(texts(a.path("reasons")), 300));
        }
        out.println("timeline");
        i.path("timeline").forEach(e -> out.println(timelineLine(e)));
        steps(i, out);
    }

    /** With --watch, after the timeline was printed as it grew: the verdict, steps and ledger. */
    static void closing(JsonNode i, PrintWriter out) {
        out.println("closed    " + i.path("state").asText() + (i.path("outcome").isTextual() ? " (outcome " + i.path("outcome").asText() + ")" : ""));
        steps(i, out);
    }

    static String timelineLine(JsonNode e) {
        return String.format("  %-24s %-17s %-9s %s", e.path("at").asText(), e.path("state").asText(), e.path("service").asText(),
                Printable.quote(e.path("note").asText(null), 300));
    }

    private static void steps(JsonNode i, PrintWriter out) {
        if (!i.path("steps").isEmpty()) {
            out.println("steps");
            for (JsonNode s : i.path("steps")) {
                out.printf("  %d. %-40s %-10s %5d ms %s%n", s.path("step").asInt(), s.path("action").asText(), s.path("status").asText(),
                        s.path("durationMillis").asLong(), Printable.quote(s.path("message").asText(null), 200));
            }
        }
        if (!i.path("ledger").isEmpty()) {
            out.println("ledger (every cloud call)");
            for (JsonNode l : i.path("ledger")) {
                out.printf("  step %d try %d %-40s %-9s %5d ms %s%s%n", l.path("step").asInt(), l.path("attempt").asInt(),
                        l.path("action").asText(), l.path("result").asText(), l.path("durationMillis").asLong(),
                        l.path("errorCode").isTextual() ? l.path("errorCode").asText() + " " : "",
                        Printable.quote(l.path("message").asText(null), 200));
            }
        }
        if (!i.path("compensations").isEmpty()) {
            out.println("compensations");
            for (JsonNode s : i.path("compensations")) {
                out.printf("  %d. %-40s %-10s %s%n", s.path("step").asInt(), s.path("action").asText(), s.path("status").asText(),
                        Printable.quote(s.path("message").asText(null), 200));
            }
        }
    }

    private static String resource(JsonNode r) {
        return r.path("type").asText() + " " + r.path("name").asText();
    }

    private static String texts(JsonNode array) {
        StringBuilder b = new StringBuilder();
        array.forEach(t -> b.append(b.isEmpty() ? "" : "; ").append(t.asText()));
        return b.toString();
    }
}
