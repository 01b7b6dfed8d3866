package io.homeostat.detector.imports;

import io.homeostat.runtime.config.StartupGate;
import io.homeostat.runtime.imports.ImportFilter;
import io.homeostat.runtime.imports.UnmanagedResource;
import io.homeostat.runtime.untrusted.UntrustedText;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Notices live resources no phase declares and reports them — never touches them. On a schedule (listing every type
 * is a whole-region call, so less often than the drift scan) it lists what exists, counts what is unmanaged per type
 * ({@code homeostat_unmanaged_resources{type}}), logs what appeared or went since the last look, and keeps the list
 * for {@code GET /api/unmanaged}.
 */
@Singleton
public class UnmanagedReport {

    private static final Logger LOG = Logger.getLogger(UnmanagedReport.class);

    /** The last look: when, and what was unmanaged (or why it could not be listed). */
    public record Snapshot(Instant at, List<UnmanagedResource> resources, String error) {}

    @Inject
    ImportService imports;

    @Inject
    StartupGate startup;

    @Inject
    MeterRegistry metrics;

    @Inject
    Clock clock;

    private final Map<String, AtomicInteger> perType = new ConcurrentHashMap<>();
    private volatile Snapshot last;

    @Scheduled(every = "${homeostat.detector.imports.unmanaged-interval:5m}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (startup.isOpen()) {
            refresh();
        }
    }

    /** Lists now and records the result. */
    public Snapshot refresh() {
        Snapshot previous = last;
        Snapshot now;
        try {
            now = new Snapshot(clock.instant(), imports.unmanaged(ImportFilter.all()), null);
        } catch (RuntimeException e) {
            LOG.warnf("unmanaged resources could not be listed: %s", e.getMessage());
            now = new Snapshot(clock.instant(), previous == null ? List.of() : previous.resources(), e.getMessage());
            last = now;
            return now;
        }
        Map<String, Long> counts = now.resources().stream().collect(Collectors.groupingBy(UnmanagedResource::type, TreeMap::new,
                Collectors.counting()));
        perType.keySet().forEach(type -> counts.putIfAbsent(type, 0L));
        counts.forEach((type, n) -> perType.computeIfAbsent(type, t -> {
            AtomicInteger holder = new AtomicInteger();
            Gauge.builder("homeostat.unmanaged.resources", holder, AtomicInteger::get).tag("type", t)
                    .description("live resources no phase declares (reported, never touched)").register(metrics);
            return holder;
        }).set(n.intValue()));
        Set<UnmanagedResource> before = previous == null ? Set.of() : Set.copyOf(previous.resources());
        Set<UnmanagedResource> current = Set.copyOf(now.resources());
        current.stream().filter(r -> !before.contains(r)).sorted(java.util.Comparator.comparing(UnmanagedResource::name)).limit(50)
                .forEach(r -> LOG.infof("unmanaged %s %s in %s: no phase declares it (left alone; POST /api/import to adopt it)",
                        r.type(), UntrustedText.quote(r.name()), r.region()));
        long gone = before.stream().filter(r -> !current.contains(r)).count();
        if (gone > 0 || current.size() != before.size()) {
            LOG.infof("unmanaged resources: %d now (%s), %d no longer unmanaged", current.size(), counts, gone);
        }
        last = now;
        return now;
    }

    /** The last snapshot, listing now when there is none yet. */
    public Snapshot current() {
        Snapshot s = last;
        return s != null ? s : refresh();
    }
}
