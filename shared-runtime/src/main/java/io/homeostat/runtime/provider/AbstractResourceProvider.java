package io.homeostat.runtime.provider;

import java.util.Optional;

/**
 * What every provider holds and declares the same way: the managed-cloud clients, the region used when a resource
 * names none, its {@link TypeInfo} and its {@link CloudTrailMapping}. Subclasses implement the contract's decisions
 * (observe, plan, bind, apply) and nothing else.
 */
public abstract class AbstractResourceProvider implements ResourceProvider {

    protected final CloudClients clients;
    protected final String defaultRegion;
    private final TypeInfo info;
    private final CloudTrailMapping cloudTrail;

    protected AbstractResourceProvider(CloudClients clients, String defaultRegion, TypeInfo info, CloudTrailMapping cloudTrail) {
        this.clients = clients;
        this.defaultRegion = defaultRegion;
        this.info = info;
        this.cloudTrail = cloudTrail;
    }

    @Override
    public final TypeInfo typeInfo() {
        return info;
    }

    @Override
    public final Optional<CloudTrailMapping> cloudTrail() {
        return Optional.of(cloudTrail);
    }

    /** The resource's own region, or the default when the phase names none. */
    protected String region(String region) {
        return region == null ? defaultRegion : region;
    }
}
