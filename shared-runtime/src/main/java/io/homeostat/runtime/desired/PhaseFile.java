package io.homeostat.runtime.desired;

import java.util.LinkedHashMap;
import java.util.Map;

/** One {@code phases/*.yaml} file as written (see docs/phases.md). */
public record PhaseFile(String phase, Defaults defaults, LinkedHashMap<String, ResourceSpec> resources) {

    public record Defaults(String account, String region, DriftMode drift) {}

    /** One resource under {@code resources:}; its key is the logical id, unique across all phases. */
    public record ResourceSpec(String type, String name, Map<String, Object> properties, Map<String, String> tags,
                               String account, String region, DriftMode drift) {}
}
