package io.homeostat.executor.service;

import io.homeostat.model.events.FieldDiff;
import io.homeostat.runtime.provider.Values;
import io.homeostat.runtime.untrusted.UntrustedText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A step's preconditions against the before-image the executor took when it started the plan: if the resource no
 * longer shows what the planner saw, the plan was made for another world and the step is refused rather than applied
 * over someone's newer change.
 */
public final class Preconditions {

    private Preconditions() {}

    /**
     * @param expected field key ({@code attributes.VisibilityTimeout}, {@code tags.team}, {@code exists}) → value seen
     *     at planning; empty = no precondition
     * @param beforeImage the live state as the executor observed it; empty = the resource did not exist
     * @return why the step must not run, or empty when every precondition holds
     */
    public static Optional<String> violated(Map<String, String> expected, Map<String, String> beforeImage) {
        List<String> moved = new ArrayList<>();
        expected.forEach((field, planned) -> {
            String now = FieldDiff.EXISTS.equals(field) ? Boolean.toString(!beforeImage.isEmpty()) : beforeImage.get(field);
            if (!Objects.equals(normalized(planned), normalized(now))) {
                // Values come from the cloud and the plan: shown quoted, never as our own words.
                moved.add(UntrustedText.quote(field) + " is " + (now == null ? "absent" : UntrustedText.quote(now))
                        + ", planned against " + (planned == null ? "absent" : UntrustedText.quote(planned)));
            }
        });
        return moved.isEmpty() ? Optional.empty()
                : Optional.of("precondition failed, the resource changed since planning: " + String.join("; ", moved));
    }

    private static String normalized(String v) {
        return v == null || v.isEmpty() ? null : Values.normalize(v);
    }
}
