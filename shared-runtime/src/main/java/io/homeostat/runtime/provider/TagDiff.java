package io.homeostat.runtime.provider;

import io.homeostat.model.events.FieldDiff;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Tags are authoritative for every type: a tag the declaration lacks is drift, except the {@code aws:} tags AWS sets
 * itself (CloudFormation, Service Catalog), which nobody can remove. One comparison for all providers, so they agree.
 */
public final class TagDiff {

    private TagDiff() {}

    /** Adds a {@code tags.<key>} difference to {@code diff} for each tag that differs, in key order. */
    public static void append(List<FieldDiff> diff, Map<String, String> desired, Map<String, String> actual) {
        Set<String> keys = new TreeSet<>(desired.keySet());
        actual.keySet().stream().filter(k -> !k.startsWith("aws:")).forEach(keys::add);
        for (String key : keys) {
            String want = desired.get(key);
            String have = actual.get(key);
            if (!Objects.equals(want, have)) {
                diff.add(new FieldDiff("tags." + key, want, have));
            }
        }
    }
}
