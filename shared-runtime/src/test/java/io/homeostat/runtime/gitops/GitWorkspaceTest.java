package io.homeostat.runtime.gitops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class GitWorkspaceTest {

    private static final PersonIdent HOMEOSTAT = new PersonIdent("Homeostat", "homeostat@localhost");

    @TempDir
    Path repoDir;

    private String first;
    private String second;

    @BeforeEach
    void repositoryWithTwoCommits() throws Exception {
        try (Git git = Git.init().setDirectory(repoDir.toFile()).setInitialBranch("main").call()) {
            Files.createDirectories(repoDir.resolve("phases"));
            Files.writeString(repoDir.resolve("phases/10-queues.yaml"), "resources: {}\n");
            Files.writeString(repoDir.resolve("README.md"), "hello\n");
            git.add().addFilepattern(".").call();
            first = git.commit().setMessage("first").setAuthor(HOMEOSTAT).setCommitter(HOMEOSTAT).call().name();
            Files.writeString(repoDir.resolve("phases/10-queues.yaml"), "resources: {a: 1}\n");
            git.add().addFilepattern(".").call();
            second = git.commit().setMessage("second").setAuthor(HOMEOSTAT).setCommitter(HOMEOSTAT).call().name();
        }
    }

    @Test
    void proposalIsACommitOnANewBranchAndLeavesTheWorkTreeAlone() throws Exception {
        GitWorkspace workspace = GitWorkspace.containing(repoDir.resolve("phases"));

        Proposal proposal = workspace.propose("homeostat/adopt/inc-1",
                Map.of("phases/10-queues.yaml", "resources: {a: 2}\n", "phases/20-new.yaml", "resources: {}\n"),
                "Adopt what is running", HOMEOSTAT);

        assertEquals(second, proposal.baseCommitId());
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("phases/10-queues.yaml", "resources: {a: 2}\n");
        expected.put("phases/20-new.yaml", "resources: {}\n");
        assertEquals(expected, workspace.filesAt("homeostat/adopt/inc-1", "phases"));
        assertTrue(workspace.filesAt(proposal.commitId(), "").containsKey("README.md"));
        assertEquals(second, workspace.head(), "HEAD stays where it was");
        assertEquals("resources: {a: 1}\n", Files.readString(repoDir.resolve("phases/10-queues.yaml")));
        assertFalse(Files.exists(repoDir.resolve("phases/20-new.yaml")), "the work tree is never written");
        try (Git git = Git.open(repoDir.toFile())) {
            assertEquals("main", git.getRepository().getBranch());
            assertTrue(git.status().call().isClean());
        }
    }

    @Test
    void nullContentDeletesAFile() {
        GitWorkspace workspace = GitWorkspace.containing(repoDir);
        Map<String, String> changes = new HashMap<>();
        changes.put("README.md", null);

        Proposal proposal = workspace.propose("drop-readme", changes, "Drop it", HOMEOSTAT);

        assertEquals(Set.of("phases/10-queues.yaml"), workspace.filesAt(proposal.commitId(), "").keySet());
    }

    @Test
    void readsAnyRevision() {
        GitWorkspace workspace = GitWorkspace.containing(repoDir);

        assertEquals(Map.of("phases/10-queues.yaml", "resources: {}\n"), workspace.filesAt(first, "phases/"));
        assertEquals(workspace.filesAt(first, "phases"), workspace.filesAt("main~1", "phases"));
        assertEquals(second, workspace.resolve("main"));
    }

    @Test
    void refusesWhatWouldBeWrongOrPointless() {
        GitWorkspace workspace = GitWorkspace.containing(repoDir);
        workspace.propose("taken", Map.of("phases/x.yaml", "x: 1\n"), "x", HOMEOSTAT);

        assertRefused("branch 'taken' exists already",
                () -> workspace.propose("taken", Map.of("phases/y.yaml", "y: 1\n"), "y", HOMEOSTAT));
        assertRefused("changes nothing", () -> workspace.propose("same",
                Map.of("phases/10-queues.yaml", "resources: {a: 1}\n"), "noop", HOMEOSTAT));
        assertRefused("'../outside.yaml' is not a plain repository-relative file path",
                () -> workspace.propose("escape", Map.of("../outside.yaml", "x"), "x", HOMEOSTAT));
        assertRefused("not a plain repository-relative",
                () -> workspace.propose("hooks", Map.of(".git/hooks/post-commit", "x"), "x", HOMEOSTAT));
        assertRefused("not a valid branch name",
                () -> workspace.propose("bad..name", Map.of("a", "x"), "x", HOMEOSTAT));
        assertRefused("revision 'no-such-rev' does not name a commit",
                () -> workspace.filesAt("no-such-rev", "phases"));
    }

    @Test
    void saysWhenThePhasesAreNotInARepository(@TempDir Path elsewhere) {
        assertRefused("is not inside a git repository", () -> GitWorkspace.containing(elsewhere));
    }

    @Test
    void repoPathIsRelativeToTheWorkTree() {
        GitWorkspace workspace = GitWorkspace.containing(repoDir.resolve("phases"));

        assertEquals("phases/10-queues.yaml", workspace.repoPath(repoDir.resolve("phases/10-queues.yaml")));
        assertRefused("outside the repository", () -> workspace.repoPath(repoDir.getParent()));
    }

    /** A linked work tree ({@code git worktree add}): {@code .git} is a file naming the real git directory. */
    @Test
    void aLinkedWorkTreeIsItsOwnWorkTreeOnItsOwnBranch(@TempDir Path elsewhere) throws Exception {
        Path linked = elsewhere.resolve("linked");
        Process add = new ProcessBuilder("git", "-C", repoDir.toString(), "worktree", "add", "-q", "-b", "feature",
                linked.toString(), first).redirectErrorStream(true).start();
        String log = new String(add.getInputStream().readAllBytes());
        assertEquals(0, add.waitFor(), log);
        assertTrue(Files.isRegularFile(linked.resolve(".git")), "git wrote a .git file");

        GitWorkspace workspace = GitWorkspace.containing(linked.resolve("phases"));

        assertEquals(linked.toRealPath(), workspace.workTree().toRealPath());
        assertEquals("phases/10-queues.yaml", workspace.repoPath(linked.resolve("phases/10-queues.yaml")));
        assertEquals(first, workspace.head(), "the linked tree's own HEAD, not the main tree's");
        assertEquals(second, workspace.resolve("main"), "and the shared branches");
        assertEquals(Map.of("phases/10-queues.yaml", "resources: {}\n"), workspace.filesAt("HEAD", "phases"));

        Proposal proposal = workspace.propose("homeostat/adopt/linked", Map.of("phases/10-queues.yaml", "resources: {b: 1}\n"),
                "proposed from the linked tree", HOMEOSTAT);
        assertEquals(first, proposal.baseCommitId(), "based on the linked tree's HEAD");
        assertEquals(proposal.commitId(), GitWorkspace.containing(repoDir).resolve("homeostat/adopt/linked"),
                "the branch belongs to the repository: the main tree sees it");
    }

    private static void assertRefused(String message, Executable call) {
        GitProposalException e = assertThrows(GitProposalException.class, call);
        assertTrue(e.getMessage().contains(message), () -> "expected '" + message + "' in: " + e.getMessage());
    }
}
