package io.homeostat.detector.cloudtrail;

import io.homeostat.runtime.provider.CloudTrailMapping;
import io.homeostat.runtime.provider.ProviderRegistry;
import io.homeostat.runtime.provider.ResourceProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Maps a CloudTrail write call to the managed resource it touched, {@code (type, physical name)}, using the
 * {@link CloudTrailMapping} each provider declares. Calls no provider claims are not ours to look at.
 */
public final class CloudTrailMapper {

    /** A resource named by an event. */
    public record Target(String type, String name) {}

    private final Map<String, CloudTrailMapping> byType;

    public CloudTrailMapper(ProviderRegistry providers) {
        this(mappings(providers));
    }

    /** @param byType resource type → its CloudTrail mapping */
    public CloudTrailMapper(Map<String, CloudTrailMapping> byType) {
        this.byType = Map.copyOf(byType);
    }

    public Optional<Target> map(CloudTrailRecord record) {
        for (Map.Entry<String, CloudTrailMapping> e : byType.entrySet()) {
            Optional<String> name = e.getValue().resourceName(record.eventSource(), record.eventName(), record.requestParameters());
            if (name.isPresent()) {
                return Optional.of(new Target(e.getKey(), name.get()));
            }
        }
        return Optional.empty();
    }

    private static Map<String, CloudTrailMapping> mappings(ProviderRegistry providers) {
        Map<String, CloudTrailMapping> m = new LinkedHashMap<>();
        for (ResourceProvider p : providers.all()) {
            p.cloudTrail().ifPresent(c -> m.put(p.typeInfo().type(), c));
        }
        return m;
    }
}
