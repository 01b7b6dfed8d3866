package io.homeostat.runtime.desired;

import io.homeostat.runtime.config.HomeostatConfig;
import io.homeostat.runtime.gitops.GitWorkspace;
import io.homeostat.runtime.provider.ProviderRegistry;
import io.homeostat.runtime.store.DesiredRevisionPin;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The current desired state, re-read whenever a phase file changes. An invalid edit is reported and the last valid
 * state stays in force: nothing is applied from a half-valid set.
 *
 * <p>When a git revision is pinned in the store ({@link DesiredRevisionPin}, set by {@code POST /api/rollback}), the
 * phases of that revision are desired instead of the work tree's, for every service alike; clearing the pin returns
 * to the work tree. The pin is looked up at most every {@link #PIN_CHECK}.
 */
@Singleton
public class DesiredStateSource {

    private static final Logger LOG = Logger.getLogger(DesiredStateSource.class);

    /** How stale a service's view of the pinned revision may be. */
    static final Duration PIN_CHECK = Duration.ofSeconds(2);

    private final Path dir;
    private final PhaseLoader loader;
    private final DesiredRevisionPin pins;
    private DesiredState current;
    private String fingerprint = "";
    private Optional<String> pinnedCommit = Optional.empty();
    private long pinCheckedAt = Long.MIN_VALUE;

    @Inject
    public DesiredStateSource(HomeostatConfig config, ProviderRegistry providers, DesiredRevisionPin pins) {
        this(Path.of(config.phases().dir()), new PhaseLoader(providers), pins);
    }

    public DesiredStateSource(Path dir, PhaseLoader loader) {
        this(dir, loader, null);
    }

    /** @param pins where a pinned revision is kept; {@code null}: the work tree is always desired */
    public DesiredStateSource(Path dir, PhaseLoader loader, DesiredRevisionPin pins) {
        this.dir = dir;
        this.loader = loader;
        this.pins = pins;
    }

    public Path dir() {
        return dir;
    }

    public PhaseLoader loader() {
        return loader;
    }

    /** @throws PhaseValidationException when no valid desired state was ever loaded */
    public synchronized DesiredState current() {
        Optional<String> commit = pinnedCommit();
        String now = commit.map(c -> "git:" + c).orElseGet(this::fingerprint);
        if (current == null || !now.equals(fingerprint)) {
            try {
                current = commit.isPresent() ? loadAt(GitWorkspace.containing(dir), dir, commit.get(), loader) : loader.load(dir);
                LOG.infof("desired state: %d resource(s) from %s", current.resources().size(), current.files());
            } catch (PhaseValidationException | io.homeostat.runtime.gitops.GitProposalException e) {
                if (current == null) {
                    throw e;
                }
                LOG.errorf("ignoring invalid phase change, keeping the last valid desired state: %s", e.getMessage());
            }
            fingerprint = now;
        }
        return current;
    }

    private Optional<String> pinnedCommit() {
        if (pins == null) {
            return Optional.empty();
        }
        long nowNanos = System.nanoTime();
        if (pinCheckedAt == Long.MIN_VALUE || nowNanos - pinCheckedAt >= PIN_CHECK.toNanos()) {
            try {
                pinnedCommit = pins.current().map(DesiredRevisionPin.Pin::commit);
            } catch (RuntimeException e) {
                // Store briefly unreachable: keep what we knew rather than flip the desired state back and forth.
                LOG.warnf("cannot read the pinned desired revision, keeping %s: %s", pinnedCommit.orElse("the work tree"), e.getMessage());
            }
            pinCheckedAt = nowNanos;
        }
        return pinnedCommit;
    }

    /**
     * The desired state as the phases folder held it at {@code revision}, validated like the work tree. Problems name
     * {@code <revision>:<path in the repository>:line:col}.
     *
     * @throws PhaseValidationException when that revision's phases are invalid
     * @throws io.homeostat.runtime.gitops.GitProposalException when the revision does not resolve
     */
    public static DesiredState loadAt(GitWorkspace git, Path dir, String revision, PhaseLoader loader) {
        return loader.loadStaged(phaseFilesAt(git, dir, revision), revision + ":" + git.repoPath(dir));
    }

    /** The phase files of {@code dir} at {@code revision}: file name → content, the folder's own files only. */
    public static Map<String, String> phaseFilesAt(GitWorkspace git, Path dir, String revision) {
        String folder = git.repoPath(dir);
        Map<String, String> byName = new java.util.TreeMap<>();
        git.filesAt(revision, folder).forEach((path, content) -> {
            String relative = path.substring(folder.length() + 1);
            if (!relative.contains("/")) { // the loader reads the folder's own files only, as in the work tree
                byName.put(relative, content);
            }
        });
        return byName;
    }

    /** Names, sizes and modification times of the phase files: cheap to compute on every scan. */
    private String fingerprint() {
        if (!Files.isDirectory(dir)) {
            return "missing";
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> parts = files.sorted().map(p -> {
                try {
                    return p.getFileName() + ":" + Files.size(p) + ":" + Files.getLastModifiedTime(p).toMillis();
                } catch (IOException e) {
                    return p.getFileName() + ":?";
                }
            }).toList();
            return String.join("|", parts);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
