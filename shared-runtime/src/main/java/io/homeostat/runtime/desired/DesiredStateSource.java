package io.homeostat.runtime.desired;

import io.homeostat.runtime.config.HomeostatConfig;
import io.homeostat.runtime.provider.ProviderRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The current desired state, re-read whenever a phase file changes. An invalid edit is reported and the last valid
 * state stays in force: nothing is applied from a half-valid set.
 */
@Singleton
public class DesiredStateSource {

    private static final Logger LOG = Logger.getLogger(DesiredStateSource.class);

    private final Path dir;
    private final PhaseLoader loader;
    private DesiredState current;
    private String fingerprint = "";

    @Inject
    public DesiredStateSource(HomeostatConfig config, ProviderRegistry providers) {
        this(Path.of(config.phases().dir()), new PhaseLoader(providers));
    }

    public DesiredStateSource(Path dir, PhaseLoader loader) {
        this.dir = dir;
        this.loader = loader;
    }

    /** @throws PhaseValidationException when no valid desired state was ever loaded */
    public synchronized DesiredState current() {
        String now = fingerprint();
        if (current == null || !now.equals(fingerprint)) {
            try {
                current = loader.load(dir);
                LOG.infof("desired state: %d resource(s) from %s", current.resources().size(), current.files());
            } catch (PhaseValidationException e) {
                if (current == null) {
                    throw e;
                }
                LOG.errorf("ignoring invalid phase change, keeping the last valid desired state: %s", e.getMessage());
            }
            fingerprint = now;
        }
        return current;
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
