package io.homeostat.detector.cloudtrail;

import io.homeostat.runtime.provider.CloudTrailMapping;
import io.homeostat.runtime.provider.ProviderRegistry;
import io.homeostat.runtime.provider.ResourceProvider;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Maps a CloudTrail write call to the resources it touched, {@code (type, physical name)} each, using the
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
        this.byType = new TreeMap<>(byType); // a stable order, whatever map it came from
    }

    /** The first of {@link #mapAll}: the resource the call touched, when it names one of a type we manage. */
    public Optional<Target> map(CloudTrailRecord record) {
        return mapAll(record).stream().findFirst();
    }

    /**
     * Every resource the call names, in the call's order, once each: most calls name one, some several
     * ({@code ssm:DeleteParameters}, {@code ec2:CreateTags}); empty when no provider claims the call.
     */
    public List<Target> mapAll(CloudTrailRecord record) {
        Set<Target> targets = new LinkedHashSet<>();
        for (Map.Entry<String, CloudTrailMapping> e : byType.entrySet()) {
            for (String name : e.getValue().resourceNames(record.eventSource(), record.eventName(), record.requestParameters())) {
                targets.add(new Target(e.getKey(), name));
            }
        }
        return List.copyOf(targets);
    }

    private static Map<String, CloudTrailMapping> mappings(ProviderRegistry providers) {
        Map<String, CloudTrailMapping> m = new LinkedHashMap<>();
        for (ResourceProvider p : providers.all()) {
            p.cloudTrail().ifPresent(c -> m.put(p.typeInfo().type(), c));
        }
        return m;
    }
}
