package io.homeostat.runtime.desired;

import io.homeostat.model.events.ResourceRef;
import java.util.Map;

/** A resource as the desired state declares it, with phase defaults applied. */
public record DesiredResource(
        String logicalId,
        String phase,
        String type,
        String name,
        String account,
        String region,
        Map<String, Object> properties,
        Map<String, String> tags,
        DriftMode drift) {

    public DesiredResource {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public ResourceRef ref() {
        return new ResourceRef(type, logicalId, phase, name, account, region);
    }
}
