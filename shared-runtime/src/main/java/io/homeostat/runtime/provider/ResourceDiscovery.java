package io.homeostat.runtime.provider;

import java.util.List;

/**
 * Reverse sync for one resource type: lists the live resources of the type and describes each the way a phase
 * would declare it. Read-only; nothing here ever changes the cloud.
 *
 * <p>What {@link #describe} returns must round-trip: declared as desired state, the provider's
 * {@link ResourceProvider#observe} reports it up to date, so importing never plans a change.
 */
public interface ResourceDiscovery {

    /**
     * Physical names of the type's live resources in {@code region}, listed page by page.
     *
     * @param namePrefix only names starting with it ({@code ""} = all); pushed to the API where it filters by prefix
     * @param beforeCall run before every list call, so the caller can hold the calls to its rate budget
     */
    List<String> list(String region, String namePrefix, Runnable beforeCall);

    /** The live resource as a phase declares it, or skipped with the reason (gone meanwhile, not importable). */
    Discovered describe(String region, String name);
}
