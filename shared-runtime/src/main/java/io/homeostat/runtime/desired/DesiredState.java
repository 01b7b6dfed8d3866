package io.homeostat.runtime.desired;

import io.homeostat.runtime.policy.PolicyRule;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The whole validated desired state: every resource of every phase, by logical id, and the policy rules the phase
 * files declare (each compiled once at load, so an invalid one rejects the set).
 */
public record DesiredState(Map<String, DesiredResource> byLogicalId, List<String> files, List<PolicyRule> policies) {

    public DesiredState {
        policies = policies == null ? List.of() : List.copyOf(policies);
    }

    public static DesiredState of(Collection<DesiredResource> resources, List<String> files) {
        return of(resources, files, List.of());
    }

    public static DesiredState of(Collection<DesiredResource> resources, List<String> files, List<PolicyRule> policies) {
        return new DesiredState(resources.stream().collect(Collectors.toMap(DesiredResource::logicalId, Function.identity(),
                (a, b) -> a, java.util.LinkedHashMap::new)), List.copyOf(files), policies);
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
