package io.homeostat.planner.adopt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.PlannedAction;
import io.homeostat.model.events.ResourceRef;
import io.homeostat.model.events.Trigger;
import io.homeostat.planner.approval.DecisionRefusedException;
import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.desired.PhaseLoader;
import io.homeostat.runtime.gitops.GitWorkspace;
import io.homeostat.runtime.gitops.Proposal;
import io.homeostat.runtime.provider.Observation;
import io.homeostat.runtime.provider.ProviderRegistry;
import io.homeostat.runtime.provider.ResourceProvider;
import io.homeostat.runtime.provider.TypeInfo;
import io.homeostat.runtime.provider.TypedAction;
import io.homeostat.runtime.store.Incident;
import io.homeostat.runtime.store.IncidentState;
import io.homeostat.runtime.store.TimelineEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ADOPT against a real (temporary) git repository: a branch with the edited phase file, nothing else touched. */
class AdoptProposerTest {

    private static final String TYPE = "test.queue";
    private static final String PHASE = """
            # Messaging, owned by payments.
            phase: messaging
            defaults: {account: "123456789012", region: us-east-1}
            resources:
              orders-queue:
                type: test.queue
                name: orders
                properties:
                  VisibilityTimeout: 30   # seconds; see runbook
                  Policy: {Version: "2012-10-17"}
                tags: {team: payments, env: prod}
            """;

    /** Observes whatever the test says the live queue looks like. */
    static final class LiveQueue implements ResourceProvider {
        Observation now;

        @Override
        public TypeInfo typeInfo() {
            return new TypeInfo(TYPE, "test", List.of(), List.of());
        }

        @Override
        public Observation observe(DesiredResource desired) {
            return now;
        }

        /** Like SQS: a visibility timeout is at most 43200 s. */
        @Override
        public void validate(DesiredResource desired) {
            Object v = desired.properties().get("VisibilityTimeout");
            if (v != null && Long.parseLong(v.toString()) > 43_200) {
                throw new IllegalArgumentException("VisibilityTimeout must be at most 43200, was " + v);
            }
        }

        @Override
        public List<PlannedAction> planRestore(DesiredResource desired, Observation observed) {
            return List.of();
        }

        @Override
        public TypedAction bind(PlannedAction action) {
            throw new AssertionError("ADOPT never binds an action");
        }

        @Override
        public String apply(TypedAction action) {
            throw new AssertionError("ADOPT never applies anything");
        }
    }

    @TempDir
    Path repo;

    private Path phases;
    private final LiveQueue live = new LiveQueue();
    private AdoptProposer adopter;
    private String head;

    @BeforeEach
    void repository() throws Exception {
        phases = repo.resolve("phases");
        Files.createDirectories(phases);
        Files.writeString(phases.resolve("10-messaging.yaml"), PHASE);
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern("phases").call();
            head = git.commit().setMessage("phases").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com")
                    .setSign(false).call().name();
        }
        ProviderRegistry registry = new ProviderRegistry(List.of(live));
        adopter = new AdoptProposer(() -> new PhaseLoader(registry).load(phases), phases, registry, "Homeostat", "homeostat@test");
    }

    private static Incident incident(String id) {
        ResourceRef ref = new ResourceRef(TYPE, "orders-queue", "messaging", "orders", "123456789012", "us-east-1");
        Instant t = Instant.parse("2026-11-23T10:00:00Z");
        return Incident.open(id, ref, new Trigger(Trigger.Kind.SCAN, null, null, null, null, null, t), List.of(), t,
                new TimelineEntry(t, IncidentState.DETECTED, "detector", null, "drift"));
    }

    private static Observation drifted(FieldDiff... diff) {
        return new Observation(true, List.of(diff), Map.of());
    }

    @Test
    void proposesDesiredEqualsActualOnItsOwnBranchAndTouchesNothingElse() throws Exception {
        live.now = drifted(new FieldDiff("attributes.VisibilityTimeout", "30", "99"), new FieldDiff("tags.env", "prod", null),
                new FieldDiff("tags.owner", null, "mallory"));

        Proposal p = adopter.propose(incident("inc-1"), "alice", "the team wants 99 now");

        assertEquals("homeostat/adopt/inc-1", p.branch());
        assertEquals(List.of("phases/10-messaging.yaml"), p.files());
        GitWorkspace git = GitWorkspace.containing(phases);
        String proposed = git.filesAt(p.branch(), "phases").get("phases/10-messaging.yaml");
        assertEquals(PHASE.replace("VisibilityTimeout: 30   #", "VisibilityTimeout: 99   #")
                .replace("{team: payments, env: prod}", "{team: payments, owner: mallory}"), proposed,
                "only the adopted values change; the comments and the rest stay as written");
        assertEquals(head, git.head(), "the checked-out branch does not move");
        assertEquals(PHASE, Files.readString(phases.resolve("10-messaging.yaml")), "the work tree is untouched");
        try (Git g = Git.open(repo.toFile())) {
            String message = g.log().add(g.getRepository().resolve(p.branch())).setMaxCount(1).call().iterator().next().getFullMessage();
            assertTrue(message.contains("incident inc-1") && message.contains("Chosen by alice") && message.contains("nothing was applied"),
                    message);
        }

        Proposal retried = adopter.propose(incident("inc-1"), "alice", null);
        assertEquals(p.commitId(), retried.commitId(), "a retry reuses the branch it made");
    }

    @Test
    void refusesWhatCannotBeAdoptedSafely() {
        live.now = Observation.missing();
        assertRefused("does not exist");
        live.now = new Observation(true, List.of(), Map.of());
        assertRefused("matches desired again");
        live.now = drifted(new FieldDiff("properties.Value", "(secret)", "(secret)"));
        assertRefused("a secret");
        live.now = drifted(new FieldDiff("attributes.Policy", "{\"Version\":\"2012-10-17\"}", "{}"));
        assertRefused("only declared single-value properties");
        live.now = drifted(new FieldDiff("attributes.RedrivePolicy", null, "{}"));
        assertRefused("only declared single-value properties");
    }

    @Test
    void anEditThatWouldNotLoadIsNeverProposed() throws Exception {
        // A live value the provider would reject in a phase file (an emulator or an old API let it through).
        live.now = drifted(new FieldDiff("attributes.VisibilityTimeout", "30", "99999"));
        DecisionRefusedException e = assertThrows(DecisionRefusedException.class, () -> adopter.propose(incident("inc-3"), "alice", null));
        assertTrue(e.getMessage().contains("would not load") && e.getMessage().contains("at most 43200"), e.getMessage());
        assertThrows(Exception.class, () -> GitWorkspace.containing(phases).resolve("refs/heads/homeostat/adopt/inc-3"),
                "no branch was made");
    }

    @Test
    void aPhasesFolderOutsideGitIsRefusedWithTheFix(@TempDir Path elsewhere) throws Exception {
        Path bare = elsewhere.resolve("phases");
        Files.createDirectories(bare);
        Files.writeString(bare.resolve("10-messaging.yaml"), PHASE);
        ProviderRegistry registry = new ProviderRegistry(List.of(live));
        AdoptProposer outside = new AdoptProposer(() -> new PhaseLoader(registry).load(bare), bare, registry, "H", "h@test");
        live.now = drifted(new FieldDiff("attributes.VisibilityTimeout", "30", "99"));
        DecisionRefusedException e = assertThrows(DecisionRefusedException.class, () -> outside.propose(incident("inc-4"), "alice", null));
        assertTrue(e.getMessage().contains("not inside a git repository"), e.getMessage());
    }

    private void assertRefused(String why) {
        DecisionRefusedException e = assertThrows(DecisionRefusedException.class, () -> adopter.propose(incident("inc-2"), "alice", null));
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }
}
