package io.homeostat.mcp.change;

import java.util.List;

/** A proposed phase change that was refused before any branch was written, with every problem found. */
public class PhaseChangeException extends RuntimeException {

    private final List<String> problems;

    public PhaseChangeException(String summary, List<String> problems) {
        super(summary + (problems.isEmpty() ? "" : ":\n  " + String.join("\n  ", problems)));
        this.problems = List.copyOf(problems);
    }

    public PhaseChangeException(String message) {
        this(message, List.of());
    }

    public List<String> problems() {
        return problems;
    }
}
