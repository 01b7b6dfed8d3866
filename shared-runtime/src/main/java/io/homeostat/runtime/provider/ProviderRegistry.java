package io.homeostat.runtime.provider;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Providers by type name. A duplicate type fails at start-up; an unknown type is rejected listing the valid ones. */
public final class ProviderRegistry {

    private final Map<String, ResourceProvider> byType = new TreeMap<>();

    public ProviderRegistry(Collection<ResourceProvider> providers) {
        for (ResourceProvider p : providers) {
            ResourceProvider previous = byType.putIfAbsent(p.typeInfo().type(), p);
            if (previous != null) {
                throw new IllegalStateException("two providers for type " + p.typeInfo().type() + ": "
                        + previous.getClass().getName() + " and " + p.getClass().getName());
            }
        }
    }

    public ResourceProvider get(String type) {
        ResourceProvider p = byType.get(type);
        if (p == null) {
            throw new IllegalArgumentException("unknown resource type '" + type + "'; valid types: " + byType.keySet());
        }
        return p;
    }

    /** The provider whose catalogue holds {@code actionName} ({@code <type>/<Action>}). */
    public ResourceProvider forAction(String actionName) {
        int slash = actionName == null ? -1 : actionName.indexOf('/');
        if (slash < 1) {
            throw new InvalidActionException("action '" + actionName + "' is not of the form <type>/<Action>");
        }
        String type = actionName.substring(0, slash);
        ResourceProvider p = byType.get(type);
        if (p == null) {
            throw new InvalidActionException("action '" + actionName + "' names unknown type '" + type + "'; valid types: " + byType.keySet());
        }
        return p;
    }

    public Set<String> types() {
        return byType.keySet();
    }

    public Collection<ResourceProvider> all() {
        return byType.values();
    }
}
