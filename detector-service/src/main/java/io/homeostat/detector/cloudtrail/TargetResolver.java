package io.homeostat.detector.cloudtrail;

import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.desired.DesiredState;
import io.homeostat.runtime.desired.DriftMode;
import io.homeostat.runtime.provider.ProviderRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * From a CloudTrail write call to the declared resources it touched: maps the call ({@link CloudTrailMapper#mapAll}),
 * turns what it names into physical names through each type's provider
 * ({@link io.homeostat.runtime.provider.ResourceProvider#resolveName}: a security group's {@code sg-…} id becomes its
 * name), and matches them against the desired state by type, name, region and account. At most
 * {@link #MAX_TARGETS_PER_EVENT} resources of one call are looked at: each managed one adds up to two writes to the
 * handler's DynamoDB transaction, which holds at most 100 items.
 */
public final class TargetResolver {

    /** Resources handled per event; the rest are counted as {@code too_many_targets} and left to the scan. */
    public static final int MAX_TARGETS_PER_EVENT = 25;

    /**
     * One resource the event named, and what became of it.
     *
     * @param resource the managed resource; empty when the target is ignored
     * @param reason why it is ignored ({@code unresolved}, {@code unmanaged}), for the metric; null when managed
     * @param note why it is ignored, for the log; null when managed
     */
    public record Resolution(CloudTrailMapper.Target target, Optional<DesiredResource> resource, String reason, String note) {

        static Resolution managed(CloudTrailMapper.Target target, DesiredResource resource) {
            return new Resolution(target, Optional.of(resource), null, null);
        }

        static Resolution ignored(CloudTrailMapper.Target target, String reason, String note) {
            return new Resolution(target, Optional.empty(), reason, note);
        }
    }

    /**
     * @param resolutions one per resource looked at, in the event's order (empty: the call names nothing we manage a
     *     type of); a resource named twice (by id and by name) appears once
     * @param dropped resources named beyond {@link #MAX_TARGETS_PER_EVENT}, not looked at
     */
    public record Result(List<Resolution> resolutions, int dropped) {}

    private final ProviderRegistry providers;
    private final CloudTrailMapper mapper;
    private final int maxTargets;

    public TargetResolver(ProviderRegistry providers) {
        this(providers, new CloudTrailMapper(providers), MAX_TARGETS_PER_EVENT);
    }

    TargetResolver(ProviderRegistry providers, CloudTrailMapper mapper, int maxTargets) {
        this.providers = providers;
        this.mapper = mapper;
        this.maxTargets = maxTargets;
    }

    public Result resolve(CloudTrailRecord record, DesiredState desired) {
        List<CloudTrailMapper.Target> targets = mapper.mapAll(record);
        int dropped = Math.max(0, targets.size() - maxTargets);
        List<Resolution> resolutions = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (CloudTrailMapper.Target target : targets.subList(0, targets.size() - dropped)) {
            Resolution r = resolve(target, record, desired);
            if (r.resource().isEmpty() || seen.add(r.resource().get().logicalId())) {
                resolutions.add(r);
            }
        }
        return new Result(List.copyOf(resolutions), dropped);
    }

    private Resolution resolve(CloudTrailMapper.Target target, CloudTrailRecord record, DesiredState desired) {
        String in = record.region() != null ? " in " + record.region() : "";
        Optional<String> name = providers.types().contains(target.type())
                ? providers.get(target.type()).resolveName(record.region(), target.name())
                : Optional.of(target.name());
        if (name.isEmpty() || name.get().isBlank()) {
            return Resolution.ignored(target, "unresolved", target.type() + " " + target.name() + " names no known resource" + in);
        }
        Optional<DesiredResource> resource = desired.findByName(target.type(), name.get())
                .filter(r -> sameOrUnknown(r.region(), record.region()) && sameOrUnknown(r.account(), record.account()));
        if (resource.isEmpty() || resource.get().drift() == DriftMode.IGNORE) {
            String named = name.get().equals(target.name()) ? name.get() : name.get() + " (" + target.name() + ")";
            return Resolution.ignored(target, "unmanaged", target.type() + " " + named + " is not managed" + in);
        }
        return Resolution.managed(target, resource.get());
    }

    private static boolean sameOrUnknown(String declared, String seen) {
        return declared == null || seen == null || declared.equals(seen);
    }
}
