package io.homeostat.runtime.provider;

import io.homeostat.model.events.PlannedAction;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The undo shapes every provider shares, built from the observation a plan was made from: put back the observed values
 * of what a step sets, remove tags a step adds, put back tags a step removes. Each returns {@code null} when the
 * step's effect cannot be undone by one action (some keys existed before and some did not, or a value was never seen).
 */
public final class Compensations {

    private Compensations() {}

    /** A compensation of {@code step}: same step number, so the verifier can undo in reverse step order. */
    public static PlannedAction undo(PlannedAction step, String action, Map<String, String> parameters, String description) {
        return new PlannedAction(step.step(), action, parameters, description);
    }

    /**
     * For a step setting {@code <paramPrefix>Name = value}: the same action with each value observed before
     * ({@code <actualPrefix>Name} in the observation), or {@code null} when one was not observed (it had no value then,
     * and "no value" cannot be set back).
     */
    public static PlannedAction restoreValues(PlannedAction step, Observation before, String paramPrefix, String actualPrefix) {
        Map<String, String> params = identity(step, paramPrefix);
        boolean any = false;
        for (Map.Entry<String, String> p : step.parameters().entrySet()) {
            if (!p.getKey().startsWith(paramPrefix)) {
                continue;
            }
            String name = p.getKey().substring(paramPrefix.length());
            String old = before.actual().get(actualPrefix + name);
            if (old == null) {
                return null;
            }
            params.put(p.getKey(), old);
            any = true;
        }
        return any ? undo(step, step.action(), params, "put back " + names(step, paramPrefix) + " as observed before the repair") : null;
    }

    /**
     * For a tag step ({@code tag.K = v}): tags that existed get their old values back ({@code tagAction}); tags that did
     * not exist are removed ({@code untagAction}). For an untag step ({@code untag.K}): the removed tags come back with
     * their old values. Mixed cases need two actions: {@code null}.
     */
    public static PlannedAction tags(PlannedAction step, Observation before, String tagPrefix, String untagPrefix,
                                     String tagAction, String untagAction) {
        boolean tagging = step.action().equals(tagAction);
        String prefix = tagging ? tagPrefix : untagPrefix;
        Set<String> keys = new TreeSet<>();
        step.parameters().keySet().stream().filter(k -> k.startsWith(prefix)).forEach(k -> keys.add(k.substring(prefix.length())));
        if (keys.isEmpty()) {
            return null;
        }
        Map<String, String> old = new TreeMap<>();
        keys.forEach(k -> {
            if (before.actual().containsKey("tags." + k)) {
                old.put(k, before.actual().get("tags." + k));
            }
        });
        Map<String, String> params = identity(step, tagPrefix, untagPrefix);
        if (old.size() == keys.size()) {
            old.forEach((k, v) -> params.put(tagPrefix + k, v));
            return undo(step, tagAction, params, "put back tag(s) " + keys + " as observed before the repair");
        }
        if (tagging && old.isEmpty()) {
            keys.forEach(k -> params.put(untagPrefix + k, ""));
            return undo(step, untagAction, params, "remove tag(s) " + keys + " the repair added");
        }
        return null;
    }

    /**
     * The usual catalogue of a type with settable attributes and tags (SQS queues, SNS topics): attributes go back to
     * their observed values, tags are put back or removed again; anything else (re-creation) is not undone.
     */
    public static PlannedAction attributesAndTags(PlannedAction step, Observation before, String setAttributes,
                                                  String attributePrefix, String tagAction, String untagAction,
                                                  String tagPrefix, String untagPrefix) {
        if (step.action().equals(setAttributes)) {
            return restoreValues(step, before, attributePrefix, "attributes.");
        }
        if (step.action().equals(tagAction) || step.action().equals(untagAction)) {
            return tags(step, before, tagPrefix, untagPrefix, tagAction, untagAction);
        }
        return null;
    }

    /** The step's parameters that name the resource (every one not under the given prefixes). */
    private static Map<String, String> identity(PlannedAction step, String... prefixes) {
        Map<String, String> params = new LinkedHashMap<>();
        step.parameters().forEach((k, v) -> {
            for (String prefix : prefixes) {
                if (k.startsWith(prefix)) {
                    return;
                }
            }
            params.put(k, v);
        });
        return params;
    }

    private static Set<String> names(PlannedAction step, String prefix) {
        Set<String> names = new TreeSet<>();
        step.parameters().keySet().stream().filter(k -> k.startsWith(prefix)).forEach(k -> names.add(k.substring(prefix.length())));
        return names;
    }
}
