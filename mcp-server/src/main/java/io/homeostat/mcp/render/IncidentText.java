package io.homeostat.mcp.render;

import static io.homeostat.mcp.render.Text.plain;
import static io.homeostat.mcp.render.Text.present;
import static io.homeostat.mcp.render.Text.quoted;

import com.fasterxml.jackson.databind.JsonNode;
import io.homeostat.runtime.untrusted.UntrustedText;
import java.util.List;

/**
 * Incidents as structured text: one line each for a list, and for one incident every section an operator reads when
 * asking "what happened": trigger, what differed, classification and rationale, the plan and its policy/approval, the
 * steps, the executor's call ledger, compensations and the timeline. Everything that came from outside Homeostat
 * (notes, rationales, principals, user agents, cloud answers, values) is quoted as untrusted.
 */
public final class IncidentText {

    private IncidentText() {}

    /** One line per incident, newest first as the API returns them. */
    public static String list(List<JsonNode> incidents, String filter) {
        StringBuilder out = new StringBuilder(Text.UNTRUSTED_NOTE).append('\n');
        out.append(incidents.size()).append(" incident(s)").append(filter).append('\n');
        for (JsonNode i : incidents) {
            JsonNode c = i.path("classification");
            out.append(plain(i.path("incidentId"))).append("  ").append(plain(i.path("state")))
                    .append("  ").append(present(c) ? plain(c.path("kind")) + " severity " + plain(c.path("severity")) : "unclassified")
                    .append("  ").append(resource(i.path("resource")))
                    .append("  created ").append(plain(i.path("createdAt"))).append("  updated ").append(plain(i.path("updatedAt")))
                    .append('\n');
        }
        return out.toString();
    }

    public static String explain(JsonNode i) {
        StringBuilder out = new StringBuilder(Text.UNTRUSTED_NOTE).append('\n');
        out.append("Incident ").append(plain(i.path("incidentId"))).append('\n');
        out.append("resource: ").append(resource(i.path("resource"))).append(" phase ").append(plain(i.path("resource").path("phase")))
                .append('\n');
        out.append("state: ").append(plain(i.path("state")));
        if (present(i.path("outcome"))) {
            out.append(" (outcome ").append(plain(i.path("outcome"))).append(')');
        }
        out.append("\ncreated: ").append(plain(i.path("createdAt"))).append(", updated: ").append(plain(i.path("updatedAt")));
        if (i.path("suppressed").asLong() > 0) {
            out.append(", further triggers folded in: ").append(i.path("suppressed").asLong());
        }
        out.append('\n');
        trigger(out, i.path("trigger"));
        diffs(out, "differences found", i.path("diff"));
        classification(out, i.path("classification"), i.path("similar"));
        plan(out, i.path("plan"), i.path("approval"));
        steps(out, "steps", i.path("steps"));
        ledger(out, i.path("ledger"));
        steps(out, "compensations (saga rollback)", i.path("compensations"));
        diffs(out, "still differing after verification", i.path("remaining"));
        if (present(i.path("adoption"))) {
            out.append("\nadoption proposed on branch ").append(quoted(i.path("adoption").path("branch")))
                    .append(" commit ").append(plain(i.path("adoption").path("commitId"))).append('\n');
        }
        out.append("\ntimeline:\n");
        for (JsonNode e : i.path("timeline")) {
            out.append("  ").append(plain(e.path("at"))).append("  ").append(plain(e.path("state"))).append("  ")
                    .append(plain(e.path("service"))).append("  ").append(quoted(e.path("note"))).append('\n');
        }
        return out.toString();
    }

    private static void trigger(StringBuilder out, JsonNode t) {
        if (!present(t)) {
            return;
        }
        out.append("\ntrigger: ").append(plain(t.path("kind")));
        if (present(t.path("eventName"))) {
            out.append(", call ").append(quoted(t.path("eventName"), 80));
        }
        if (present(t.path("principal"))) {
            out.append(", by ").append(quoted(t.path("principal")));
        }
        if (present(t.path("sourceIp"))) {
            out.append(", from ").append(quoted(t.path("sourceIp"), 64));
        }
        if (present(t.path("userAgent"))) {
            out.append(", user agent ").append(quoted(t.path("userAgent")));
        }
        if (present(t.path("eventTime"))) {
            out.append(", at ").append(plain(t.path("eventTime")));
        }
        out.append('\n');
    }

    private static void diffs(StringBuilder out, String title, JsonNode diffs) {
        if (!present(diffs)) {
            return;
        }
        out.append('\n').append(title).append(":\n");
        for (JsonNode d : diffs) {
            out.append("  ").append(plain(d.path("path"))).append(": desired ").append(quoted(d.path("desired"), 120))
                    .append(", actual ").append(quoted(d.path("actual"), 120)).append('\n');
        }
    }

    private static void classification(StringBuilder out, JsonNode c, JsonNode similar) {
        if (!present(c)) {
            return;
        }
        out.append("\nclassification: ").append(plain(c.path("kind"))).append(", severity ").append(plain(c.path("severity")))
                .append(", confidence ").append(plain(c.path("confidence"))).append(", by ").append(plain(c.path("analyzer")))
                .append("\nrationale: ").append(quoted(c.path("rationale"), 1000)).append('\n');
        if (present(similar)) {
            out.append("similar past incidents:\n");
            for (JsonNode s : similar) {
                out.append("  ").append(plain(s.path("incidentId"))).append(" outcome ").append(plain(s.path("outcome"))).append('\n');
            }
        }
    }

    private static void plan(StringBuilder out, JsonNode p, JsonNode approval) {
        if (!present(p)) {
            return;
        }
        out.append("\nplan ").append(plain(p.path("planId"))).append(": ").append(plain(p.path("strategy"))).append('\n');
        for (JsonNode a : p.path("actions")) {
            out.append("  step ").append(plain(a.path("step"))).append(' ').append(plain(a.path("action")))
                    .append(' ').append(UntrustedText.quote(a.path("parameters").toString(), 300))
                    .append(" — ").append(quoted(a.path("description"))).append('\n');
        }
        JsonNode policy = p.path("policy");
        if (present(policy)) {
            out.append("policy: ").append(plain(policy.path("effect")));
            for (JsonNode m : policy.path("matches")) {
                out.append("; rule ").append(quoted(m.path("rule"), 80)).append(" from ").append(quoted(m.path("source"), 80));
            }
            out.append('\n');
        }
        if (present(approval)) {
            out.append("approval: ").append(present(approval.path("decision")) ? plain(approval.path("decision")) : "WAITING");
            approval.path("reasons").forEach(r -> out.append("; needed because ").append(quoted(r)));
            if (present(approval.path("expiresAt"))) {
                out.append("; expires ").append(plain(approval.path("expiresAt")));
            }
            if (present(approval.path("decidedBy"))) {
                out.append("; decided by ").append(quoted(approval.path("decidedBy"), 80)).append(" at ")
                        .append(plain(approval.path("decidedAt"))).append(", comment ").append(quoted(approval.path("comment")));
            }
            out.append('\n');
        }
    }

    private static void steps(StringBuilder out, String title, JsonNode steps) {
        if (!present(steps)) {
            return;
        }
        out.append('\n').append(title).append(":\n");
        for (JsonNode s : steps) {
            out.append("  step ").append(plain(s.path("step"))).append(' ').append(plain(s.path("action"))).append(": ")
                    .append(plain(s.path("status"))).append(" in ").append(plain(s.path("durationMillis"))).append(" ms");
            if (present(s.path("errorCode"))) {
                out.append(", error ").append(quoted(s.path("errorCode"), 80));
            }
            out.append(", ").append(quoted(s.path("message"))).append('\n');
        }
    }

    private static void ledger(StringBuilder out, JsonNode ledger) {
        if (!present(ledger)) {
            return;
        }
        out.append("\nledger (every cloud call, in order):\n");
        for (JsonNode l : ledger) {
            out.append("  ").append(plain(l.path("startedAt"))).append(" step ").append(plain(l.path("step")))
                    .append(" attempt ").append(plain(l.path("attempt"))).append(' ').append(plain(l.path("action")))
                    .append(": ").append(plain(l.path("result")));
            if (present(l.path("errorCode"))) {
                out.append(" ").append(quoted(l.path("errorCode"), 80)).append(l.path("retryable").asBoolean() ? " (retryable)" : "");
            }
            if (present(l.path("message"))) {
                out.append(", ").append(quoted(l.path("message")));
            }
            out.append('\n');
        }
    }

    private static String resource(JsonNode r) {
        return plain(r.path("type")) + " " + plain(r.path("name"));
    }
}
