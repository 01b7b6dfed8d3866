package io.homeostat.runtime.desired;

import java.util.LinkedHashMap;
import java.util.Map;

/** One {@code phases/*.yaml} file as written (see docs/phases.md). */
public record PhaseFile(String phase, Defaults defaults, LinkedHashMap<String, ResourceSpec> resources,
                        LinkedHashMap<String, PolicySpec> policy) {

    public PhaseFile(String phase, Defaults defaults, LinkedHashMap<String, ResourceSpec> resources) {
        this(phase, defaults, resources, null);
    }

    /**
     * One rule under {@code policy:}, keyed by its name: a CEL expression over the planned step that, when true, denies
     * it or requires approval. Applies to this phase's resources only.
     */
    public record PolicySpec(String when, String effect, String description) {}

    public record Defaults(String account, String region, DriftMode drift) {}

    /** One resource under {@code resources:}; its key is the logical id, unique across all phases. */
    public record ResourceSpec(String type, String name, Map<String, Object> properties, Map<String, String> tags,
                               String account, String region, DriftMode drift) {}
}
