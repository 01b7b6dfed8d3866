package io.homeostat.runtime.desired;

import java.util.List;

/**
 * The phase set is invalid. Carries every problem found (file, line and column where known, and the key), because
 * fixing them one build at a time is miserable. An invalid set is rejected whole: nothing is applied from it.
 */
public class PhaseValidationException extends RuntimeException {

    private final List<String> problems;

    public PhaseValidationException(List<String> problems) {
        super("invalid desired state (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + "):\n  "
                + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
