package io.homeostat.runtime.imports;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which live resources an import (or the unmanaged report) looks at.
 *
 * @param types resource types ({@code aws.sqs.queue}); empty = every type that supports discovery
 * @param regions regions to list; empty = the managed cloud's default region
 * @param namePrefix only names starting with this ({@code ""} = all)
 * @param tags only resources carrying every one of these tags (key → value; an empty value matches any value)
 * @param account written as the generated phase's default account; Homeostat reaches one account per configuration,
 *     so this labels the file rather than selecting another account ({@code null} = not written)
 */
public record ImportFilter(Set<String> types, List<String> regions, String namePrefix, Map<String, String> tags, String account) {

    public ImportFilter {
        types = types == null ? Set.of() : Set.copyOf(types);
        regions = regions == null ? List.of() : List.copyOf(regions);
        namePrefix = namePrefix == null ? "" : namePrefix;
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public static ImportFilter all() {
        return new ImportFilter(Set.of(), List.of(), "", Map.of(), null);
    }

    /** Whether a resource's tags satisfy the tag filter. */
    public boolean tagsMatch(Map<String, String> resourceTags) {
        return tags.entrySet().stream().allMatch(want -> resourceTags.containsKey(want.getKey())
                && (want.getValue().isEmpty() || want.getValue().equals(resourceTags.get(want.getKey()))));
    }
}
