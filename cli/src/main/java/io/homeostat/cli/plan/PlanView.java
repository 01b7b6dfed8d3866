package io.homeostat.cli.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.homeostat.cli.ExitCodes;
import io.homeostat.cli.api.Ansi;
import io.homeostat.cli.api.Printable;
import java.io.PrintWriter;

/**
 * Renders {@code GET /api/drift} like {@code terraform plan}: {@code +} to create (green), {@code ~} to change
 * (yellow), {@code -} a field to remove (red), {@code !} not observable (red); a summary line; and the exit code a
 * script branches on. Values come from the cloud, so they are shown through {@link Printable} (quoted, escaped).
 */
final class PlanView {

    private PlanView() {}

    static void print(JsonNode entries, Ansi ansi, PrintWriter out) {
        int create = 0, change = 0, inSync = 0, errors = 0;
        StringBuilder body = new StringBuilder();
        for (JsonNode e : entries) {
            String head = e.path("type").asText() + " " + Printable.quote(e.path("name").asText(null), 200) + " ("
                    + e.path("logicalId").asText() + ")";
            switch (e.path("status").asText()) {
                case "IN_SYNC" -> inSync++;
                case "MISSING" -> {
                    create++;
                    body.append("  ").append(ansi.green("+ " + head)).append("  missing: will be created\n");
                    wouldRun(e, ansi, body);
                }
                case "ERROR" -> {
                    errors++;
                    body.append("  ").append(ansi.red("! " + head)).append("  cannot observe: ")
                            .append(Printable.quote(e.path("error").asText(null), 400)).append('\n');
                }
                default -> {
                    change++;
                    body.append("  ").append(ansi.yellow("~ " + head)).append('\n');
                    for (JsonNode d : e.path("diff")) {
                        body.append("      ").append(field(d, ansi)).append('\n');
                    }
                    wouldRun(e, ansi, body);
                }
            }
        }
        if (create + change + errors == 0) {
            out.println("No changes. The cloud matches the phase files (" + inSync + " resource(s) in sync).");
        } else {
            out.println("Homeostat would restore these resources to their phase files:");
            out.println();
            out.print(body);
            out.println();
            out.println(ansi.bold("Plan: " + create + " to create, " + change + " to change, " + inSync + " in sync"
                    + (errors > 0 ? ", " + errors + " not observable" : "") + "."));
        }
        out.println("This was a dry run: no changes made.");
    }

    /** 0 in sync, {@link ExitCodes#CHANGES} when something differs, {@link ExitCodes#FAILURE} when any resource cannot be observed. */
    static int exitCode(JsonNode entries) {
        boolean changes = false;
        for (JsonNode e : entries) {
            switch (e.path("status").asText()) {
                case "ERROR" -> {
                    return ExitCodes.FAILURE;
                }
                case "IN_SYNC" -> { }
                default -> changes = true;
            }
        }
        return changes ? ExitCodes.CHANGES : ExitCodes.OK;
    }

    private static String field(JsonNode d, Ansi ansi) {
        String path = d.path("path").asText();
        String desired = Printable.quote(d.path("desired").asText(null), 200);
        String actual = Printable.quote(d.path("actual").asText(null), 200);
        if (d.path("actual").isNull() || d.path("actual").isMissingNode()) {
            return ansi.green("+ " + path + " = " + desired);
        }
        if (d.path("desired").isNull() || d.path("desired").isMissingNode()) {
            return ansi.red("- " + path + " = " + actual);
        }
        return ansi.yellow("~ " + path + ": " + actual + " -> " + desired);
    }

    private static void wouldRun(JsonNode e, Ansi ansi, StringBuilder body) {
        if (e.path("wouldRun").isEmpty()) {
            if (!"MISSING".equals(e.path("status").asText())) {
                body.append("      ").append(ansi.dim("(no action can restore this; it needs a person)")).append('\n');
            }
            return;
        }
        for (JsonNode a : e.path("wouldRun")) {
            body.append("      ").append(ansi.dim("would run " + a.path("action").asText())).append('\n');
        }
    }
}
