package io.homeostat.runtime.provider;

import io.homeostat.model.events.FieldDiff;
import java.util.List;
import java.util.Map;

/**
 * The live resource compared with desired.
 *
 * @param actual the live state as flat normalised key/values ({@code attributes.X}, {@code tags.K}); the executor keeps
 *     it as the before-image
 */
public record Observation(boolean exists, List<FieldDiff> diff, Map<String, String> actual) {

    public Observation {
        diff = List.copyOf(diff);
        actual = actual == null ? Map.of() : Map.copyOf(actual);
    }

    public boolean upToDate() {
        return diff.isEmpty();
    }

    public static Observation missing() {
        return new Observation(false, List.of(new FieldDiff(FieldDiff.EXISTS, "true", "false")), Map.of());
    }
}
