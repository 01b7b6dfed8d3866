package io.homeostat.mcp.change;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.runtime.bootstrap.IamPolicyGenerator;
import io.homeostat.runtime.desired.PhaseLoader;
import io.homeostat.runtime.provider.ProviderRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * plan_change's logic on a real git repository (JGit, temp folder): a valid edit is validated with the other phase
 * files, planned as a desired-state diff against HEAD and committed on a new branch while main, the index and the
 * work tree stay as they were; an invalid edit is refused with file:line:col and leaves no branch.
 */
class PhaseChangeProposerTest {

    private static final String MESSAGING = """
            phase: messaging
            defaults: {account: "123456789012", region: us-east-1}
            resources:
              orders:
                type: aws.sqs.queue
                name: orders
                properties: {VisibilityTimeout: 30, DelaySeconds: 0}
                tags: {team: payments}
              invoices:
                type: aws.sqs.queue
                name: invoices
                properties: {VisibilityTimeout: 30}
            """;
    private static final String TOPICS = """
            phase: topics
            defaults: {account: "123456789012", region: us-east-1}
            resources:
              alerts:
                type: aws.sns.topic
                name: alerts
            """;

    @TempDir
    Path repo;

    private Path phases;
    private String mainBefore;
    private PhaseChangeProposer proposer;

    @BeforeEach
    void repositoryWithTwoPhaseFiles() throws Exception {
        phases = repo.resolve("phases");
        Files.createDirectories(phases);
        Files.writeString(phases.resolve("10-messaging.yaml"), MESSAGING);
        Files.writeString(phases.resolve("20-topics.yaml"), TOPICS);
        PersonIdent me = new PersonIdent("test", "test@localhost");
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            mainBefore = git.commit().setMessage("declared").setAuthor(me).setCommitter(me).call().name();
        }
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T08:00:00.123Z"), ZoneOffset.UTC);
        proposer = new PhaseChangeProposer(phases, new PhaseLoader(new ProviderRegistry(IamPolicyGenerator.defaultProviders())), clock);
    }

    @Test
    void aValidEditIsPlannedAgainstHeadAndCommittedOnANewBranchOnly() throws Exception {
        String edited = MESSAGING.replace("properties: {VisibilityTimeout: 30, DelaySeconds: 0}",
                        "properties: {VisibilityTimeout: 60, DelaySeconds: 0}")
                .replace("""
                          invoices:
                            type: aws.sqs.queue
                            name: invoices
                            properties: {VisibilityTimeout: 30}
                        """, """
                          refunds:
                            type: aws.sqs.queue
                            name: refunds
                            properties: {VisibilityTimeout: 45}
                            tags: {team: payments}
                        """);

        ChangeProposal p = proposer.propose("10-messaging.yaml", edited, "orders need longer to process");

        assertEquals("homeostat/assistant/20261123-080000-123-10-messaging", p.proposal().branch());
        assertEquals(mainBefore, p.proposal().baseCommitId());
        assertEquals("phases/10-messaging.yaml", p.file());
        assertFalse(p.newFile());

        DesiredStateDiff plan = p.plan();
        assertEquals(List.of("invoices", "orders", "refunds"), plan.changes().stream().map(DesiredStateDiff.ResourceChange::logicalId).toList());
        assertEquals(DesiredStateDiff.Kind.REMOVED, plan.changes().get(0).kind());
        assertEquals(DesiredStateDiff.Kind.CHANGED, plan.changes().get(1).kind());
        assertEquals(List.of(new DesiredStateDiff.FieldChange("properties.VisibilityTimeout", "30", "60")), plan.changes().get(1).fields());
        assertEquals(DesiredStateDiff.Kind.ADDED, plan.changes().get(2).kind());
        assertTrue(plan.render().contains("Desired state: 1 to add, 1 to change, 1 to remove."), plan.render());
        assertTrue(plan.render().contains("properties.VisibilityTimeout: 30 -> 60"), plan.render());
        assertTrue(plan.render().contains("+ refunds (aws.sqs.queue refunds, phase messaging)"), plan.render());

        try (Git git = Git.open(repo.toFile())) {
            Repository r = git.getRepository();
            assertEquals(edited, fileAt(r, p.proposal().branch(), "phases/10-messaging.yaml"), "the branch holds the change");
            assertEquals(TOPICS, fileAt(r, p.proposal().branch(), "phases/20-topics.yaml"), "other files are carried over");
            assertEquals(mainBefore, r.resolve("refs/heads/main").name(), "main is untouched");
            assertEquals("main", r.getBranch(), "the checked-out branch is untouched");
            assertTrue(git.status().call().isClean(), "work tree and index are untouched");
            RevCommit commit = new RevWalk(r).parseCommit(r.resolve(p.proposal().commitId()));
            assertTrue(commit.getFullMessage().contains("orders need longer to process"), commit.getFullMessage());
        }
        assertEquals(MESSAGING, Files.readString(phases.resolve("10-messaging.yaml")), "the work tree file is unchanged");
    }

    @Test
    void aNewFileIsProposedAsAnAddition() throws Exception {
        ChangeProposal p = proposer.propose("30-params.yaml", """
                phase: params
                resources:
                  flag:
                    type: aws.ssm.parameter
                    name: /app/flag
                    region: us-east-1
                    properties: {Type: String, Value: "on"}
                """, null);
        assertTrue(p.newFile());
        assertEquals(1, p.plan().count(DesiredStateDiff.Kind.ADDED), p.plan().render());
        assertFalse(Files.exists(phases.resolve("30-params.yaml")), "nothing written to the work tree");
    }

    @Test
    void structuredEditsAreAppliedToHeadsFileThenValidatedPlannedAndProposed() throws Exception {
        ChangeProposal p = proposer.proposeEdits("10-messaging.yaml",
                List.of("resources.invoices.properties.VisibilityTimeout=90", "-resources.orders.tags.team"), null);
        assertEquals(List.of(
                new DesiredStateDiff.ResourceChange(DesiredStateDiff.Kind.CHANGED, "invoices", "aws.sqs.queue", "invoices", "messaging",
                        List.of(new DesiredStateDiff.FieldChange("properties.VisibilityTimeout", "30", "90"))),
                new DesiredStateDiff.ResourceChange(DesiredStateDiff.Kind.CHANGED, "orders", "aws.sqs.queue", "orders", "messaging",
                        List.of(new DesiredStateDiff.FieldChange("tags.team", "payments", null)))), p.plan().changes());

        PhaseChangeException invalid = assertThrows(PhaseChangeException.class, () -> proposer.proposeEdits("10-messaging.yaml",
                List.of("resources.invoices.properties.Colour=blue"), null));
        assertTrue(invalid.getMessage().contains("phases/10-messaging.yaml:17:5: resources.invoices.properties: "), invalid.getMessage());
        try (Git git = Git.open(repo.toFile())) {
            assertEquals(2, git.branchList().call().size(), "main and the one valid proposal");
        }
    }

    @Test
    void policyRuleChangesArePartOfThePlan() {
        ChangeProposal p = proposer.proposeEdits("20-topics.yaml", List.of(
                "policy.alerts-need-approval.when=resource.name == 'alerts'",
                "policy.alerts-need-approval.effect=require-approval"), "alerts are shared");
        assertTrue(p.plan().changes().isEmpty(), p.plan().render());
        assertEquals(1, p.plan().rules().size(), p.plan().render());
        assertTrue(p.plan().render().contains("+ policy alerts-need-approval (phase topics)"), p.plan().render());
    }

    @Test
    void brokenYamlIsRefusedWithFileLineAndColumnAndNoBranch() throws Exception {
        String broken = MESSAGING.replace("    properties: {VisibilityTimeout: 30}\n", "    properties: {VisibilityTimeout: 30\n");
        PhaseChangeException e = assertThrows(PhaseChangeException.class, () -> proposer.propose("10-messaging.yaml", broken, null));
        assertTrue(e.getMessage().startsWith("the change to phases/10-messaging.yaml does not validate; no branch was created"),
                e.getMessage());
        assertEquals(1, e.problems().size(), e.problems().toString());
        assertTrue(e.problems().get(0).matches("phases/10-messaging\\.yaml:\\d+:\\d+: invalid YAML: .*"), e.problems().get(0));
        assertNoProposalBranches();
    }

    @Test
    void anUnknownTypeAndAnInvalidPropertyAreRefusedNamingTheResource() throws Exception {
        String wrong = MESSAGING.replace("type: aws.sqs.queue\n    name: invoices", "type: aws.sqs.queeue\n    name: invoices")
                .replace("VisibilityTimeout: 30, DelaySeconds: 0", "VisibilityTimeout: 30, DelaySeconds: 0, Colour: blue");
        PhaseChangeException e = assertThrows(PhaseChangeException.class, () -> proposer.propose("10-messaging.yaml", wrong, null));
        String all = String.join("\n", e.problems());
        assertTrue(all.contains("phases/10-messaging.yaml:10:5: resources.invoices.type: unknown resource type 'aws.sqs.queeue'"), all);
        assertTrue(all.contains("phases/10-messaging.yaml:7:5: resources.orders.properties: "), all);
        assertTrue(all.contains("Colour"), all);
        assertNoProposalBranches();
    }

    @Test
    void aDuplicateLogicalIdAcrossFilesIsCaughtBecauseTheOtherFilesAreValidatedToo() throws Exception {
        String clash = TOPICS.replace("alerts:", "orders:");
        PhaseChangeException e = assertThrows(PhaseChangeException.class, () -> proposer.propose("20-topics.yaml", clash, null));
        assertTrue(String.join("\n", e.problems()).contains("duplicate logical id 'orders'"), e.getMessage());
        assertNoProposalBranches();
    }

    @Test
    void namesThatAreNotPlainPhaseFilesAndUnchangedContentAreRefused() throws Exception {
        for (String name : List.of("../escape.yaml", "sub/10.yaml", "10-messaging.txt", ".hidden.yaml", "")) {
            PhaseChangeException e = assertThrows(PhaseChangeException.class, () -> proposer.propose(name, TOPICS, null), name);
            assertTrue(e.getMessage().contains("is not a phase file name"), e.getMessage());
        }
        PhaseChangeException same = assertThrows(PhaseChangeException.class, () -> proposer.propose("20-topics.yaml", TOPICS, null));
        assertTrue(same.getMessage().contains("already reads so"), same.getMessage());
        PhaseChangeException empty = assertThrows(PhaseChangeException.class, () -> proposer.propose("20-topics.yaml", "  ", null));
        assertTrue(empty.getMessage().contains("is empty"), empty.getMessage());
        assertNoProposalBranches();
    }

    @Test
    void aPhasesFolderOutsideAnyRepositoryIsAClearError(@TempDir Path elsewhere) throws IOException {
        Path loose = elsewhere.resolve("phases");
        Files.createDirectories(loose);
        PhaseChangeProposer outside = new PhaseChangeProposer(loose, new PhaseLoader(java.util.Set.of("aws.sqs.queue")), Clock.systemUTC());
        PhaseChangeException e = assertThrows(PhaseChangeException.class, () -> outside.propose("10-x.yaml", TOPICS, null));
        assertTrue(e.getMessage().contains("not inside a git repository"), e.getMessage());
    }

    private void assertNoProposalBranches() throws Exception {
        try (Git git = Git.open(repo.toFile())) {
            List<String> branches = git.branchList().call().stream().map(Ref::getName).toList();
            assertEquals(List.of("refs/heads/main"), branches);
            assertEquals(mainBefore, git.getRepository().resolve("refs/heads/main").name());
        }
    }

    private static String fileAt(Repository r, String branch, String path) throws IOException {
        try (RevWalk walk = new RevWalk(r)) {
            RevCommit commit = walk.parseCommit(r.resolve("refs/heads/" + branch));
            try (TreeWalk tree = TreeWalk.forPath(r, path, commit.getTree())) {
                assertNotNull(tree, path + " on " + branch);
                return new String(r.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
