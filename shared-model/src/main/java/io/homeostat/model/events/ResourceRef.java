package io.homeostat.model.events;

/**
 * A managed resource as the incident sees it: its type from the provider registry, its logical id and phase from
 * the desired state, and its physical name, account and region in the managed cloud.
 */
public record ResourceRef(String type, String logicalId, String phase, String name, String account, String region) {

    public ResourceRef {
        Required.field(type, "resource.type");
        Required.field(logicalId, "resource.logicalId");
        Required.field(name, "resource.name");
    }

    /** The identity the cooldown guard locks on: one open incident per physical resource. */
    public String key() {
        return type + ":" + (account == null ? "-" : account) + ":" + (region == null ? "-" : region) + ":" + name;
    }
}
