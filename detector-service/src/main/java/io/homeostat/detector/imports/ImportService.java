package io.homeostat.detector.imports;

import io.homeostat.detector.config.DetectorConfig;
import io.homeostat.runtime.config.HomeostatConfig;
import io.homeostat.runtime.desired.DesiredStateSource;
import io.homeostat.runtime.gitops.Proposal;
import io.homeostat.runtime.imports.ImportFilter;
import io.homeostat.runtime.imports.ImportProposer;
import io.homeostat.runtime.imports.ImportResult;
import io.homeostat.runtime.imports.Importer;
import io.homeostat.runtime.imports.UnmanagedResource;
import io.homeostat.runtime.provider.ProviderRegistry;
import io.homeostat.runtime.ratelimit.RateBudgets;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Runs imports for the API: lists, describes and proves the round trip ({@link Importer}), logs progress as it goes
 * (n of N, rate), and proposes the file on a branch ({@link ImportProposer}). One import at a time: two at once would
 * race for the same branch name and double the load on the cloud.
 */
@Singleton
public class ImportService {

    private static final Logger LOG = Logger.getLogger(ImportService.class);
    /** Log a progress line at most this often, and always at the end. */
    private static final long PROGRESS_EVERY_NANOS = 2_000_000_000L;

    /** The API's answer: where the file went, and what was and was not imported. */
    public record Outcome(ImportResult result, Proposal proposal, String phase) {}

    @Inject
    ProviderRegistry providers;

    @Inject
    DesiredStateSource desired;

    @Inject
    HomeostatConfig config;

    @Inject
    DetectorConfig detector;

    @Inject
    Clock clock;

    private Importer importer;

    @PostConstruct
    void init() {
        importer = new Importer(providers, desired::current, new RateBudgets(detector.scanRate(), detector.scanBurst()),
                config.cloud().region(), detector.imports().concurrency());
    }

    public List<UnmanagedResource> unmanaged(ImportFilter filter) {
        return importer.unmanaged(filter);
    }

    public synchronized Outcome run(ImportFilter filter, String user) throws InterruptedException {
        String phase = ImportProposer.phaseName(clock.instant());
        AtomicLong lastLog = new AtomicLong(System.nanoTime());
        LOG.infof("import %s started by %s: types %s, regions %s", phase, user, importer.types(filter), filter.regions());
        ImportResult result = importer.importResources(filter, phase, (done, total, perSecond) -> {
            long now = System.nanoTime();
            long last = lastLog.get();
            if (done == total || (now - last >= PROGRESS_EVERY_NANOS && lastLog.compareAndSet(last, now))) {
                LOG.infof("import %s: %d of %d described (%.0f%%), %.1f/s", phase, done, total, 100.0 * done / total, perSecond);
            }
        });
        Proposal proposal = result.imported() == 0 ? null
                : new ImportProposer(Path.of(config.phases().dir())).propose(result, phase, user);
        LOG.infof("import %s done in %.1f s: %d listed, %d unmanaged, %d imported, %d skipped%s", phase, result.seconds(),
                result.listed(), result.unmanaged(), result.imported(), result.skipped(),
                proposal == null ? "; nothing to propose" : "; proposed on branch " + proposal.branch() + " (" + proposal.commitId() + ")");
        return new Outcome(result, proposal, phase);
    }
}
