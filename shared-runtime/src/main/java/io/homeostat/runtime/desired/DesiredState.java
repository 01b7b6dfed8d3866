package io.homeostat.runtime.desired;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The whole validated desired state: every resource of every phase, by logical id. */
public record DesiredState(Map<String, DesiredResource> byLogicalId, List<String> files) {

    public static DesiredState of(Collection<DesiredResource> resources, List<String> files) {
        return new DesiredState(resources.stream().collect(Collectors.toMap(DesiredResource::logicalId, Function.identity(),
                (a, b) -> a, java.util.LinkedHashMap::new)), List.copyOf(files));
    }

    public Collection<DesiredResource> resources() {
        return byLogicalId.values();
    }

    public Optional<DesiredResource> find(String logicalId) {
        return Optional.ofNullable(byLogicalId.get(logicalId));
    }

    /** The managed resource with this physical identity, if any. */
    public Optional<DesiredResource> findByName(String type, String name) {
        return byLogicalId.values().stream().filter(r -> r.type().equals(type) && r.name().equals(name)).findFirst();
    }
}
