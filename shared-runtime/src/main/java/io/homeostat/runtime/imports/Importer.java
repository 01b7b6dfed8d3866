package io.homeostat.runtime.imports;

import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.desired.DesiredState;
import io.homeostat.runtime.desired.DriftMode;
import io.homeostat.runtime.provider.Discovered;
import io.homeostat.runtime.provider.Observation;
import io.homeostat.runtime.provider.ProviderRegistry;
import io.homeostat.runtime.provider.ResourceDiscovery;
import io.homeostat.runtime.provider.ResourceProvider;
import io.homeostat.runtime.ratelimit.RateBudgets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Reverse sync: finds live resources no phase declares and writes them as a phase file.
 *
 * <p>Each unmanaged resource is described by its provider's {@link ResourceDiscovery}, validated like a hand-written
 * declaration, then observed against what was generated: only a resource the provider reports up to date goes into
 * the file, so merging an import plans nothing. Every cloud call waits for the account/region/service budget, and a
 * small pool describes several resources at once, so hundreds of resources take seconds, not an afternoon.
 *
 * <p>Nothing is applied: the result is text for a branch ({@link ImportProposer}).
 */
public final class Importer {

    /** Not a reason to report: the resource is simply not among those asked for. */
    private static final String TAGS_DIFFER = "tags do not match the filter";

    private final ProviderRegistry providers;
    private final Supplier<DesiredState> desired;
    private final RateBudgets budgets;
    private final String defaultRegion;
    private final int concurrency;

    public Importer(ProviderRegistry providers, Supplier<DesiredState> desired, RateBudgets budgets, String defaultRegion, int concurrency) {
        this.providers = providers;
        this.desired = desired;
        this.budgets = budgets;
        this.defaultRegion = defaultRegion;
        this.concurrency = Math.max(1, concurrency);
    }

    /** Types that can be imported, among those the filter names (all such types when it names none). */
    public List<String> types(ImportFilter filter) {
        for (String type : filter.types()) {
            providers.get(type); // unknown type: rejected naming the valid ones
        }
        return providers.all().stream().filter(p -> p.discovery().isPresent()).map(p -> p.typeInfo().type())
                .filter(t -> filter.types().isEmpty() || filter.types().contains(t)).sorted().toList();
    }

    /** Live resources in the filter's types, regions and name prefix that no phase declares. Lists only. */
    public List<UnmanagedResource> unmanaged(ImportFilter filter) {
        return scan(filter).unmanaged();
    }

    /** Describes every unmanaged resource the filter selects and renders the importable ones as one phase file. */
    public ImportResult importResources(ImportFilter filter, String phaseName, ImportProgress progress) throws InterruptedException {
        long started = System.nanoTime();
        Listing listing = scan(filter);
        List<UnmanagedResource> todo = listing.unmanaged();
        List<ImportedResource> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, Math.max(1, todo.size())), r -> {
            Thread t = new Thread(r, "import");
            t.setDaemon(true);
            return t;
        });
        try {
            AtomicInteger done = new AtomicInteger();
            List<Future<ImportedResource>> futures = new ArrayList<>();
            for (UnmanagedResource u : todo) {
                futures.add(pool.submit(() -> {
                    ImportedResource r = describe(u, filter);
                    int n = done.incrementAndGet();
                    double seconds = (System.nanoTime() - started) / 1e9;
                    progress.progress(n, todo.size(), seconds > 0 ? n / seconds : 0);
                    return r;
                }));
            }
            for (Future<ImportedResource> f : futures) {
                ImportedResource r = f.get();
                if (r.imported() || !TAGS_DIFFER.equals(r.skipReason())) {
                    results.add(r);
                }
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        List<DesiredResource> imported = assignLogicalIds(results, phaseName);
        String yaml = imported.isEmpty() ? null : PhaseYaml.render(phaseName, filter.account(), regions(filter).get(0), imported);
        List<ImportedResource> withIds = new ArrayList<>();
        int i = 0;
        for (ImportedResource r : results) {
            withIds.add(r.imported() ? new ImportedResource(r.type(), r.region(), r.name(), imported.get(i++), null) : r);
        }
        return new ImportResult(listing.listed(), todo.size(), withIds, yaml, (System.nanoTime() - started) / 1e9);
    }

    private record Listing(int listed, List<UnmanagedResource> unmanaged) {}

    private Listing scan(ImportFilter filter) {
        DesiredState state = desired.get();
        int listed = 0;
        List<UnmanagedResource> unmanaged = new ArrayList<>();
        for (String type : types(filter)) {
            ResourceProvider provider = providers.get(type);
            ResourceDiscovery discovery = provider.discovery().orElseThrow();
            for (String region : regions(filter)) {
                String budget = RateBudgets.key(filter.account(), region, provider.typeInfo().service());
                for (String name : discovery.list(region, filter.namePrefix(), () -> acquire(budget))) {
                    listed++;
                    if (!declared(state, type, region, name)) {
                        unmanaged.add(new UnmanagedResource(type, region, name));
                    }
                }
            }
        }
        return new Listing(listed, unmanaged);
    }

    private boolean declared(DesiredState state, String type, String region, String name) {
        return state.resources().stream().anyMatch(r -> r.type().equals(type) && r.name().equals(name)
                && (r.region() == null ? defaultRegion : r.region()).equals(region));
    }

    private List<String> regions(ImportFilter filter) {
        return filter.regions().isEmpty() ? List.of(defaultRegion) : filter.regions();
    }

    /** Describe, check the tag filter, validate, and prove the round trip with one observation. */
    private ImportedResource describe(UnmanagedResource u, ImportFilter filter) {
        ResourceProvider provider = providers.get(u.type());
        String budget = RateBudgets.key(filter.account(), u.region(), provider.typeInfo().service());
        acquire(budget);
        Discovered d = provider.discovery().orElseThrow().describe(u.region(), u.name());
        if (!d.importable()) {
            return skipped(u, d.skipReason());
        }
        if (!filter.tagsMatch(d.tags())) {
            return skipped(u, TAGS_DIFFER);
        }
        DesiredResource resource = new DesiredResource("pending", "import", u.type(), u.name(), null,
                u.region(), d.properties(), d.tags(), DriftMode.NOTIFY);
        try {
            provider.validate(resource);
        } catch (IllegalArgumentException e) {
            return skipped(u, "not declarable: " + e.getMessage());
        }
        acquire(budget);
        Observation check = provider.observe(resource);
        if (!check.exists()) {
            return skipped(u, "no longer exists");
        }
        if (!check.upToDate()) {
            return skipped(u, "would not round-trip, these differ: "
                    + check.diff().stream().map(f -> f.path()).sorted().toList());
        }
        return new ImportedResource(u.type(), u.region(), u.name(), resource, null);
    }

    private static ImportedResource skipped(UnmanagedResource u, String reason) {
        return new ImportedResource(u.type(), u.region(), u.name(), null, reason);
    }

    private List<DesiredResource> assignLogicalIds(List<ImportedResource> results, String phaseName) {
        Set<String> taken = new HashSet<>(desired.get().byLogicalId().keySet());
        List<DesiredResource> out = new ArrayList<>();
        for (ImportedResource r : results) {
            if (r.imported()) {
                DesiredResource d = r.resource();
                out.add(new DesiredResource(LogicalIds.of(d.type(), d.name(), taken), phaseName, d.type(), d.name(), null,
                        d.region(), d.properties(), d.tags(), d.drift()));
            }
        }
        return out;
    }

    private void acquire(String key) {
        try {
            budgets.acquire(key);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("import interrupted", e);
        }
    }
}
