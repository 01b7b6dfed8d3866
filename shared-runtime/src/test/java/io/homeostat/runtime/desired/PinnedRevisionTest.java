package io.homeostat.runtime.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.runtime.gitops.GitWorkspace;
import io.homeostat.runtime.store.DesiredRevisionPin;
import io.homeostat.runtime.testing.LocalAws;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pinned git revision is the desired state for every service that reads it; clearing the pin returns to the work tree. */
class PinnedRevisionTest {

    private static final String V1 = """
            phase: app
            resources:
              orders: {type: aws.sqs.queue, name: orders, properties: {VisibilityTimeout: 30}}
            """;
    private static final String V2 = """
            phase: app
            resources:
              orders: {type: aws.sqs.queue, name: orders, properties: {VisibilityTimeout: 45}}
              invoices: {type: aws.sqs.queue, name: invoices}
            """;

    @TempDir
    Path repo;

    private String commit(Git git, String yaml, String message) throws Exception {
        Files.createDirectories(repo.resolve("phases"));
        Files.writeString(repo.resolve("phases/10-app.yaml"), yaml);
        git.add().addFilepattern("phases").call();
        return git.commit().setMessage(message).setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").call().name();
    }

    @Test
    void aPinnedRevisionIsDesiredUntilTheRepinIsCleared() throws Exception {
        String first;
        try (Git git = Git.init().setDirectory(repo.toFile()).call()) {
            first = commit(git, V1, "v1");
            commit(git, V2, "v2");
        }
        DesiredRevisionPin pins = new DesiredRevisionPin(LocalAws.get().dynamo(), LocalAws.get().freshTables("pin").guards());
        PhaseLoader loader = new PhaseLoader(Set.of("aws.sqs.queue"));
        DesiredStateSource source = new DesiredStateSource(repo.resolve("phases"), loader, pins);
        assertEquals(Set.of("orders", "invoices"), source.current().byLogicalId().keySet(), "the work tree");

        pins.pin(new DesiredRevisionPin.Pin("HEAD~1", first, "alice", Instant.parse("2026-11-23T04:00:00Z"), "bad change"));
        DesiredStateSource fresh = new DesiredStateSource(repo.resolve("phases"), loader, pins);
        DesiredState pinned = fresh.current();
        assertEquals(Set.of("orders"), pinned.byLogicalId().keySet(), "the revision's phases");
        assertEquals(30, ((Number) pinned.find("orders").orElseThrow().properties().get("VisibilityTimeout")).intValue());
        assertEquals("alice", pins.current().orElseThrow().pinnedBy());

        assertTrue(pins.clear());
        assertEquals(Set.of("orders", "invoices"),
                new DesiredStateSource(repo.resolve("phases"), loader, pins).current().byLogicalId().keySet(), "back to the work tree");
        assertEquals(false, pins.clear(), "nothing pinned any more");
    }

    @Test
    void anInvalidRevisionIsRejectedNamingRevisionFileLineAndColumn() throws Exception {
        String bad;
        try (Git git = Git.init().setDirectory(repo.toFile()).call()) {
            commit(git, V1, "v1");
            bad = commit(git, V1.replace("properties:", "propertys:"), "typo");
            commit(git, V2, "v2");
        }
        PhaseLoader loader = new PhaseLoader(Set.of("aws.sqs.queue"));
        PhaseValidationException e = assertThrows(PhaseValidationException.class,
                () -> DesiredStateSource.loadAt(GitWorkspace.containing(repo.resolve("phases")), repo.resolve("phases"), bad, loader));
        String problem = e.problems().get(0);
        assertTrue(problem.startsWith(bad + ":phases/10-app.yaml:3:"), problem);
        assertTrue(problem.contains("propertys"), problem);
    }
}
