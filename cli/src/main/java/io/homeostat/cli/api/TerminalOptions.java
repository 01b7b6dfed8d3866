package io.homeostat.cli.api;

import java.io.PrintWriter;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * Colour and progress, for the commands that have either. Colour is on only in a terminal, and off with
 * {@code --no-color} or a non-empty {@code NO_COLOR} (https://no-color.org); {@code --color} forces it (e.g. for
 * {@code less -R}). Progress goes to stderr, so stdout stays clean for pipes, and only in a terminal or with
 * {@code --progress}. "In a terminal" is {@link System#console()}: Java 17 cannot ask about stderr alone.
 */
public final class TerminalOptions {

    @Option(names = "--no-color", description = "No ANSI colours (also: NO_COLOR set, or not a terminal).")
    boolean noColor;

    @Option(names = "--color", description = "ANSI colours even when not in a terminal.")
    boolean color;

    @Option(names = "--progress", description = "Show progress on stderr even when not in a terminal.")
    boolean progress;

    public Ansi ansi() {
        return Ansi.of(colourOn(noColor, color, System.getenv(), System.console() != null));
    }

    /** Live (redrawn in place) in a terminal, one line per step with --progress elsewhere, else nothing. */
    public Progress progress(PrintWriter err) {
        boolean terminal = System.console() != null;
        return terminal ? Progress.live(err) : progress ? Progress.lines(err) : Progress.off();
    }

    /** Runs {@code work} with {@code step} shown as progress meanwhile (for one long API call). */
    public <T> T during(PrintWriter err, String step, Supplier<T> work) {
        try (Progress progress = progress(err)) {
            progress.step(step);
            return work.get();
        }
    }

    /** The decision alone, so it can be tested without a terminal. */
    static boolean colourOn(boolean noColor, boolean color, Map<String, String> env, boolean terminal) {
        if (noColor) {
            return false;
        }
        if (color) {
            return true;
        }
        String no = env.get("NO_COLOR");
        return (no == null || no.isEmpty()) && terminal;
    }
}
