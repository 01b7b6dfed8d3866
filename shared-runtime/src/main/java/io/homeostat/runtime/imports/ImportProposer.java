package io.homeostat.runtime.imports;

import io.homeostat.runtime.gitops.GitWorkspace;
import io.homeostat.runtime.gitops.Proposal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * Puts an import's phase file on a new branch {@code homeostat/import/<timestamp>} for review. The work tree and the
 * current branch are left alone, so nothing imported is ever applied until a person merges it.
 */
public final class ImportProposer {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final PersonIdent HOMEOSTAT = new PersonIdent("Homeostat", "homeostat@localhost");

    private final Path phasesDir;

    public ImportProposer(Path phasesDir) {
        this.phasesDir = phasesDir;
    }

    /** The phase name an import started at {@code now} gets; also its file name and branch suffix. */
    public static String phaseName(Instant now) {
        return "import-" + STAMP.format(now);
    }

    public Proposal propose(ImportResult result, String phaseName, String requestedBy) {
        if (result.phaseYaml() == null) {
            throw new IllegalArgumentException("nothing to propose: no resource was imported");
        }
        GitWorkspace git = GitWorkspace.containing(phasesDir);
        String file = git.repoPath(phasesDir.toAbsolutePath().resolve("90-" + phaseName + ".yaml"));
        String branch = "homeostat/import/" + phaseName.substring("import-".length());
        String message = "Import " + result.imported() + " unmanaged resource(s) as phase " + phaseName
                + " (requested by " + requestedBy + "; " + result.skipped() + " skipped)";
        return git.propose(branch, Map.of(file, result.phaseYaml()), message, HOMEOSTAT);
    }
}
