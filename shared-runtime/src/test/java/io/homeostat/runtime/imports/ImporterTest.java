package io.homeostat.runtime.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.desired.DesiredState;
import io.homeostat.runtime.desired.DriftMode;
import io.homeostat.runtime.gitops.GitWorkspace;
import io.homeostat.runtime.gitops.Proposal;
import io.homeostat.runtime.testing.LocalAws;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bulk import with progress, the filters, what counts as managed, and the proposal branch. */
class ImporterTest {

    private static final String SQS = "aws.sqs.queue";

    @TempDir
    Path repo;

    @BeforeAll
    static void stack() throws Exception {
        ImporterRoundTripTest.stack();
    }

    @Test
    void importsHundredsOfQueuesInOneRunReportingProgress() throws Exception {
        String prefix = LocalAws.prefix("bulk");
        int count = 300;
        IntStream.range(0, count).parallel().forEach(i -> ImporterRoundTripTest.clients.sqs("us-east-1")
                .createQueue(b -> b.queueName(prefix + "q" + i).attributesWithStrings(Map.of("VisibilityTimeout", String.valueOf(10 + i % 50)))
                        .tags(Map.of("n", String.valueOf(i)))));
        List<int[]> seen = Collections.synchronizedList(new ArrayList<>());

        ImportResult result = ImporterRoundTripTest.importer(ImporterRoundTripTest.nothingDeclared()).importResources(
                new ImportFilter(Set.of(SQS), List.of(), prefix, Map.of(), null), "import-bulk",
                (done, total, rate) -> seen.add(new int[] {done, total}));

        assertEquals(count, result.listed());
        assertEquals(count, result.imported(), "skipped: " + result.resources().stream().filter(r -> !r.imported()).limit(3).toList());
        assertEquals(count, seen.size(), "one progress report per resource");
        assertTrue(seen.stream().allMatch(p -> p[1] == count));
        assertEquals(Set.copyOf(IntStream.rangeClosed(1, count).boxed().toList()),
                Set.copyOf(seen.stream().map(p -> p[0]).toList()), "n of N counts every resource once");
        Set<String> ids = new HashSet<>();
        result.resources().forEach(r -> assertTrue(ids.add(r.resource().logicalId()), "duplicate logical id " + r.resource().logicalId()));
        assertEquals(count, result.phaseYaml().lines().filter(l -> l.matches("  \\S.*:")).count(), "every queue is in the file");
    }

    @Test
    void aDeclaredResourceIsManagedAndNeverImported() throws Exception {
        String prefix = LocalAws.prefix("managed");
        ImporterRoundTripTest.clients.sqs("us-east-1").createQueue(b -> b.queueName(prefix + "orders"));
        ImporterRoundTripTest.clients.sqs("us-east-1").createQueue(b -> b.queueName(prefix + "stray"));
        DesiredState declared = DesiredState.of(List.of(new DesiredResource("orders", "messaging", SQS, prefix + "orders", null, null,
                Map.of(), Map.of(), DriftMode.AUTO_HEAL)), List.of());
        Importer importer = ImporterRoundTripTest.importer(declared);
        ImportFilter filter = new ImportFilter(Set.of(SQS), List.of(), prefix, Map.of(), null);

        assertEquals(List.of(new UnmanagedResource(SQS, "us-east-1", prefix + "stray")), importer.unmanaged(filter));
        ImportResult result = importer.importResources(filter, "import-x", ImportProgress.NONE);
        assertEquals(2, result.listed());
        assertEquals(1, result.unmanaged());
        assertEquals(List.of(prefix + "stray"), result.resources().stream().map(ImportedResource::name).toList());
    }

    @Test
    void theTagFilterKeepsOnlyMatchingResources() throws Exception {
        String prefix = LocalAws.prefix("tagged");
        ImporterRoundTripTest.clients.sqs("us-east-1").createQueue(b -> b.queueName(prefix + "a").tags(Map.of("team", "payments")));
        ImporterRoundTripTest.clients.sqs("us-east-1").createQueue(b -> b.queueName(prefix + "b").tags(Map.of("team", "search")));
        ImporterRoundTripTest.clients.sqs("us-east-1").createQueue(b -> b.queueName(prefix + "c"));

        ImportResult byValue = ImporterRoundTripTest.importer(ImporterRoundTripTest.nothingDeclared()).importResources(
                new ImportFilter(Set.of(SQS), List.of(), prefix, Map.of("team", "payments"), null), "import-t", ImportProgress.NONE);
        ImportResult anyValue = ImporterRoundTripTest.importer(ImporterRoundTripTest.nothingDeclared()).importResources(
                new ImportFilter(Set.of(SQS), List.of(), prefix, Map.of("team", ""), null), "import-t", ImportProgress.NONE);

        assertEquals(List.of(prefix + "a"), byValue.resources().stream().map(ImportedResource::name).toList());
        assertEquals(List.of(prefix + "a", prefix + "b"), anyValue.resources().stream().map(ImportedResource::name).sorted().toList());
    }

    @Test
    void anUnknownTypeIsRejectedNamingTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImporterRoundTripTest.importer(
                ImporterRoundTripTest.nothingDeclared()).unmanaged(new ImportFilter(Set.of("aws.sqs.queeu"), List.of(), "", Map.of(), null)));
        assertTrue(e.getMessage().contains("aws.sqs.queue"), e.getMessage());
    }

    @Test
    void logicalIdsAreSafeAndUnique() {
        Set<String> taken = new HashSet<>(Set.of("queue-orders"));
        assertEquals("queue-orders-2", LogicalIds.of(SQS, "Orders", taken), "an id already declared is numbered");
        assertEquals("queue-orders-3", LogicalIds.of(SQS, "orders", taken));
        assertEquals("parameter-app-db-url", LogicalIds.of("aws.ssm.parameter", "/app/db/url", taken));
        assertEquals("security-group-x-y", LogicalIds.of("aws.ec2.security-group", "x\n: y #", taken), "YAML syntax never survives");
        assertEquals("bucket", LogicalIds.of("aws.s3.bucket", "...", taken));
        assertTrue(LogicalIds.of(SQS, "a".repeat(200), taken).length() <= 64);
    }

    @Test
    void theProposalIsABranchWithTheFileAndTheWorkTreeIsUntouched() throws Exception {
        PersonIdent me = new PersonIdent("t", "t@localhost");
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            Files.createDirectories(repo.resolve("phases"));
            Files.writeString(repo.resolve("phases/10-messaging.yaml"), "resources: {}\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("first").setAuthor(me).setCommitter(me).call();
        }
        String prefix = LocalAws.prefix("proposal");
        ImporterRoundTripTest.clients.sqs("us-east-1").createQueue(b -> b.queueName(prefix + "orders"));
        String phase = ImportProposer.phaseName(Instant.parse("2026-11-23T04:00:00Z"));
        ImportResult result = ImporterRoundTripTest.importer(ImporterRoundTripTest.nothingDeclared()).importResources(
                new ImportFilter(Set.of(SQS), List.of(), prefix, Map.of(), null), phase, ImportProgress.NONE);

        Proposal proposal = new ImportProposer(repo.resolve("phases")).propose(result, phase, "alice");

        assertEquals("homeostat/import/20261123-040000", proposal.branch());
        GitWorkspace workspace = GitWorkspace.containing(repo.resolve("phases"));
        assertEquals(result.phaseYaml(), workspace.filesAt(proposal.branch(), "phases").get("phases/90-import-20261123-040000.yaml"));
        assertFalse(Files.exists(repo.resolve("phases/90-import-20261123-040000.yaml")), "never applied to the work tree");
        assertEquals(proposal.baseCommitId(), workspace.head());
    }
}
