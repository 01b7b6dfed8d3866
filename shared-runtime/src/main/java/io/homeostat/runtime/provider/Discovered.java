package io.homeostat.runtime.provider;

import java.util.Map;

/**
 * A live resource as a phase would declare it to keep it exactly as it is.
 *
 * @param properties values in the form a phase file writes them (numbers, booleans, maps for JSON documents)
 * @param tags the resource's tags without AWS-reserved {@code aws:} ones
 * @param skipReason why the resource cannot be imported (then properties and tags are empty), or {@code null}
 */
public record Discovered(String name, Map<String, Object> properties, Map<String, String> tags, String skipReason) {

    public Discovered {
        properties = properties == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(properties));
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public static Discovered of(String name, Map<String, Object> properties, Map<String, String> tags) {
        return new Discovered(name, properties, tags, null);
    }

    public static Discovered skipped(String name, String reason) {
        return new Discovered(name, Map.of(), Map.of(), reason);
    }

    public static Discovered gone(String name) {
        return skipped(name, "no longer exists");
    }

    public boolean importable() {
        return skipReason == null;
    }
}
