package io.homeostat.mcp.change;

import io.homeostat.runtime.desired.DesiredState;
import io.homeostat.runtime.desired.DesiredStateSource;
import io.homeostat.runtime.desired.PhaseLoader;
import io.homeostat.runtime.desired.PhaseValidationException;
import io.homeostat.runtime.gitops.GitProposalException;
import io.homeostat.runtime.gitops.GitWorkspace;
import io.homeostat.runtime.gitops.Proposal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * Turns "this phase file should read so" into a reviewed-by-a-person change: the new content is validated together with
 * every other phase file of the current revision (HEAD), exactly as the services would load it; the plan is the
 * desired-state difference from HEAD; and the change is committed on a new branch
 * {@code homeostat/assistant/<time>-<file>} through {@link GitWorkspace#propose}. The work tree, the index and the
 * checked-out branch are never touched, and nothing is applied: the change takes effect only when a person merges it.
 */
public final class PhaseChangeProposer {

    /** A plain phase file name in the phases folder, as the loader reads them. */
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}\\.ya?ml");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);
    static final String BRANCH_PREFIX = "homeostat/assistant/";
    private static final PersonIdent AUTHOR = new PersonIdent("Homeostat assistant (MCP)", "homeostat-mcp@localhost");

    private final Path phasesDir;
    private final PhaseLoader loader;
    private final Clock clock;

    public PhaseChangeProposer(Path phasesDir, PhaseLoader loader, Clock clock) {
        this.phasesDir = phasesDir.toAbsolutePath().normalize();
        this.loader = loader;
        this.clock = clock;
    }

    /**
     * @param fileName the phase file to write, e.g. {@code 10-messaging.yaml} (no folders)
     * @param content its complete new YAML content
     * @param reason why, for the commit message (may be blank)
     * @throws PhaseChangeException with every problem (file:line:col where known) when nothing was proposed
     */
    public ChangeProposal propose(String fileName, String content, String reason) {
        checkName(fileName);
        if (content == null || content.isBlank()) {
            throw new PhaseChangeException("the new content of " + fileName + " is empty; to propose a change, give the"
                    + " complete YAML of the file");
        }
        try {
            GitWorkspace git = GitWorkspace.containing(phasesDir);
            String folder = git.repoPath(phasesDir);
            String head = git.head();
            if (head == null) {
                throw new PhaseChangeException("the repository at " + git.workTree() + " has no commit yet to propose against");
            }
            Map<String, String> current = DesiredStateSource.phaseFilesAt(git, phasesDir, head);
            String file = folder + "/" + fileName;
            if (content.equals(current.get(fileName))) {
                throw new PhaseChangeException(file + " already reads so at " + head + "; nothing to propose");
            }
            Map<String, String> proposed = new TreeMap<>(current);
            proposed.put(fileName, content);
            DesiredState after;
            try {
                after = loader.loadStaged(proposed, folder);
            } catch (PhaseValidationException e) {
                throw new PhaseChangeException("the change to " + file + " does not validate; no branch was created",
                        e.problems());
            }
            DesiredStateDiff plan = DesiredStateDiff.between(before(current, head, folder), after);
            String branch = BRANCH_PREFIX + STAMP.format(clock.instant()) + "-" + fileName.replaceFirst("\\.ya?ml$", "");
            String message = "Assistant proposal: " + (current.containsKey(fileName) ? "change " : "add ") + file
                    + (reason == null || reason.isBlank() ? "" : "\n\n" + reason.strip())
                    + "\n\n" + plan.render() + "\nProposed through the Homeostat MCP server; validated, never applied.";
            Proposal proposal = git.propose(branch, Map.of(file, content), message, AUTHOR);
            return new ChangeProposal(proposal, file, !current.containsKey(fileName), plan);
        } catch (GitProposalException e) {
            throw new PhaseChangeException("cannot propose the change: " + e.getMessage());
        }
    }

    /**
     * Like {@link #propose}, with the new content made by applying {@link PhaseEdits} to the file as HEAD has it (or to
     * an empty file when it is new).
     */
    public ChangeProposal proposeEdits(String fileName, List<String> edits, String reason) {
        checkName(fileName);
        String current;
        try {
            current = DesiredStateSource.phaseFilesAt(GitWorkspace.containing(phasesDir), phasesDir, "HEAD").get(fileName);
        } catch (GitProposalException e) {
            throw new PhaseChangeException("cannot propose the change: " + e.getMessage());
        }
        return propose(fileName, PhaseEdits.apply(current, edits), reason);
    }

    private static void checkName(String fileName) {
        if (fileName == null || !FILE_NAME.matcher(fileName).matches()) {
            throw new PhaseChangeException("'" + fileName + "' is not a phase file name: a plain name ending in .yaml or"
                    + " .yml, no folders (e.g. 10-messaging.yaml)");
        }
    }

    /** The desired state at HEAD; an invalid HEAD (it happens) is shown as empty rather than blocking a fix. */
    private DesiredState before(Map<String, String> current, String head, String folder) {
        try {
            return loader.loadStaged(current, head + ":" + folder);
        } catch (PhaseValidationException e) {
            return DesiredState.of(List.of(), List.of());
        }
    }
}
