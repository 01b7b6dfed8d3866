package io.homeostat.runtime.provider;

import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.PlannedAction;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Tags are authoritative for every type: a tag the declaration lacks is drift, except the {@code aws:} tags AWS sets
 * itself (CloudFormation, Service Catalog), which nobody can remove. One comparison, and one way to plan the tag steps
 * of a restore, for all providers, so they agree.
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

    /**
     * Appends the tag steps that undo the {@code tags.*} differences in {@code diff}: one {@code tagAction} putting back
     * every tag that is missing or changed, then one {@code untagAction} removing every tag the declaration lacks.
     *
     * @param base a fresh parameter map naming the resource, for each step
     * @param tagPrefix the parameter prefix of a tag to set ({@code tag.}); {@code untagPrefix} of one to remove
     */
    public static void appendRestoreSteps(List<PlannedAction> actions, List<FieldDiff> diff, Supplier<Map<String, String>> base,
                                          String tagPrefix, String untagPrefix, String tagAction, String untagAction) {
        Map<String, String> put = new TreeMap<>();
        Set<String> remove = new TreeSet<>();
        for (FieldDiff d : diff) {
            if (d.path().startsWith("tags.")) {
                String key = d.path().substring("tags.".length());
                if (d.desired() == null) {
                    remove.add(key);
                } else {
                    put.put(key, d.desired());
                }
            }
        }
        appendSteps(actions, put, remove, base, tagPrefix, untagPrefix, tagAction, untagAction);
    }

    /** Appends a step setting {@code put} (when any) and one removing {@code remove} (when any), in that order. */
    public static void appendSteps(List<PlannedAction> actions, Map<String, String> put, Set<String> remove,
                                   Supplier<Map<String, String>> base, String tagPrefix, String untagPrefix,
                                   String tagAction, String untagAction) {
        if (!put.isEmpty()) {
            Map<String, String> p = base.get();
            put.forEach((k, v) -> p.put(tagPrefix + k, v));
            actions.add(new PlannedAction(actions.size() + 1, tagAction, p, "restore tag(s) " + put.keySet()));
        }
        if (!remove.isEmpty()) {
            Map<String, String> p = base.get();
            remove.forEach(k -> p.put(untagPrefix + k, ""));
            actions.add(new PlannedAction(actions.size() + 1, untagAction, p, "remove undeclared tag(s) " + remove));
        }
    }
}
