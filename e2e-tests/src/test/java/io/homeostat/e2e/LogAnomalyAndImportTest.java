package io.homeostat.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Issue 9 on the local stack: a log spike posted to the ingest endpoint becomes an ANOMALY incident that runs
 * nothing; unmanaged queues are reported and imported onto a branch of the phases' git repository, never applied.
 */
class LogAnomalyAndImportTest {

    /** Listing every type in moto, or an import, can take a while on a busy machine. */
    private static final Duration SLOW = Duration.ofSeconds(60);

    private static Pipeline pipeline;
    private static Probe probe;
    private static SqsClient cloud;
    private static Path repo;

    @BeforeAll
    static void startEverything() throws Exception {
        // The phases live in a git repository of their own: imports propose branches there.
        repo = Pipeline.WORK.resolve("i9-repo");
        if (Files.exists(repo)) {
            try (var walk = Files.walk(repo)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Path generated = Pipeline.phasesWithQueues("i9-phases", List.of("i9-declared"));
        Files.createDirectories(repo.resolve("phases"));
        Files.copy(generated.resolve("10-e2e.yaml"), repo.resolve("phases/10-e2e.yaml"));
        PersonIdent me = new PersonIdent("e2e", "e2e@localhost");
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("declared").setAuthor(me).setCommitter(me).call();
        }
        pipeline = Pipeline.start("i9", repo.resolve("phases"));
        pipeline.startAll(Map.of(), Map.of(
                "homeostat.detector.provision-on-start", "true",
                "homeostat.detector.logs.bucket", "2s",
                "homeostat.detector.logs.evaluate-interval", "1s",
                "homeostat.detector.logs.warmup-buckets", "0",
                "homeostat.detector.imports.unmanaged-interval", "3600s"));
        probe = new Probe(pipeline);
        cloud = Clients.sqs(pipeline.endpoints.cloud(), "someone");
    }

    @AfterAll
    static void stopEverything() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void aLogSpikeRaisesAnAnomalyIncidentThatRunsNothing() {
        List<String> lines = new ArrayList<>();
        IntStream.range(0, 40).forEach(i -> lines.add("2026-11-23T01:00:0" + (i % 10) + "Z ERROR payment " + java.util.UUID.randomUUID()
                + " failed: timeout after " + (3000 + i) + " ms"));
        lines.add("INFO all good");
        var accepted = Probe.json(post("/api/logs", Map.of("source", "checkout", "lines", lines)).body());
        assertEquals(41, accepted.path("lines").asInt());
        assertEquals(40, accepted.path("errors").asInt());
        assertEquals(1, accepted.path("patterns").asInt(), "one template for every payment timeout");
        // A quiet service's single error is no anomaly.
        post("/api/logs", Map.of("source", "search", "lines", List.of("ERROR index 7 missing")));

        JsonNode incident = Await.until("ANOMALY incident for the checkout spike", Duration.ofSeconds(45), () -> probe.incidents().stream()
                .filter(i -> i.path("classification").path("kind").asText().equals("ANOMALY"))
                .filter(i -> i.path("resource").path("name").asText().startsWith("checkout#"))
                .findFirst());
        JsonNode trigger = incident.path("trigger");
        assertEquals("LOG_ANOMALY", trigger.path("kind").asText());
        JsonNode evidence = trigger.path("evidence");
        assertEquals("checkout", evidence.path("source").asText());
        assertEquals("ERROR payment <uuid> failed: timeout after <n> ms", evidence.path("pattern").asText());
        assertEquals(40, evidence.path("count").asLong());
        assertTrue(evidence.path("failureLikelihood").asDouble() > 0.5, evidence.toString());
        assertFalse(evidence.path("samples").isEmpty(), "sample lines are kept as evidence");
        assertTrue(incident.path("classification").path("rationale").asText().contains("'checkout'"), "log text is quoted");
        assertEquals(0, incident.path("steps").size(), "an anomaly never runs an action by itself");
        assertTrue(probe.incidents().stream().noneMatch(i -> i.path("resource").path("name").asText().startsWith("search#")),
                "one error on a quiet service raises nothing");
    }

    @Test
    void logIngestNeedsATokenAndIsBounded() {
        ServiceProcess detector = pipeline.service("detector");
        assertEquals(401, detector.send("POST", "/api/logs", "{\"source\":\"x\",\"lines\":[]}", null).orElseThrow().statusCode());
        assertEquals(400, detector.send("POST", "/api/logs", "{\"source\":\"../../etc\\n\",\"lines\":[]}", Pipeline.API_TOKEN)
                .orElseThrow().statusCode(), "a source name that could pose as something else is refused");
        String big = "{\"source\":\"big\",\"lines\":[\"" + "x".repeat(1_100_000) + "\"]}";
        assertEquals(413, detector.send("POST", "/api/logs", big, Pipeline.API_TOKEN).orElseThrow().statusCode());
    }

    @Test
    void unmanagedQueuesAreReportedThenImportedOnABranchNeverApplied() throws Exception {
        List.of("imp-e2e-a", "imp-e2e-b", "imp-e2e-c").forEach(q -> cloud.createQueue(b -> b.queueName(q)
                .attributesWithStrings(Map.of("VisibilityTimeout", "17")).tags(Map.of("owner", "legacy"))));
        ServiceProcess detector = pipeline.service("detector");

        JsonNode unmanaged = Probe.json(detector.send("GET", "/api/unmanaged?refresh=true", null, Pipeline.API_TOKEN, "*/*", SLOW)
                .orElseThrow().body());
        List<String> names = new ArrayList<>();
        unmanaged.path("resources").forEach(r -> names.add(r.path("name").asText()));
        assertTrue(names.containsAll(List.of("imp-e2e-a", "imp-e2e-b", "imp-e2e-c")), names.toString());
        assertFalse(names.contains("i9-declared"), "a declared queue is managed, not reported");

        var response = post("/api/import", Map.of("types", List.of("aws.sqs.queue"), "namePrefix", "imp-e2e-"));
        assertEquals(200, response.statusCode(), response.body());
        JsonNode result = Probe.json(response.body());
        assertEquals(3, result.path("imported").asInt(), result.toString());
        String branch = result.path("branch").asText();
        assertTrue(branch.startsWith("homeostat/import/"), branch);
        String file = result.path("file").asText();
        String yaml = fileOnBranch(branch, file);
        assertTrue(yaml.contains("name: imp-e2e-b") && yaml.contains("VisibilityTimeout: 17") && yaml.contains("owner: legacy"), yaml);
        assertFalse(Files.exists(repo.resolve(file)), "the work tree is left alone: nothing imported is applied");
        assertEquals("17", cloud.getQueueAttributes(b -> b.queueUrl(cloud.getQueueUrl(q -> q.queueName("imp-e2e-a")).queueUrl())
                .attributeNamesWithStrings("VisibilityTimeout")).attributesAsStrings().get("VisibilityTimeout"), "not touched");
        assertTrue(probe.incidents().stream().noneMatch(i -> i.path("resource").path("name").asText().startsWith("imp-e2e-")),
                "unmanaged resources raise no incident");
    }

    private static java.net.http.HttpResponse<String> post(String path, Object body) {
        try {
            String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body);
            return pipeline.service("detector").send("POST", path, json, Pipeline.API_TOKEN, "*/*", SLOW).orElseThrow();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String fileOnBranch(String branch, String file) throws Exception {
        try (Git git = Git.open(repo.toFile()); RevWalk walk = new RevWalk(git.getRepository())) {
            var commit = walk.parseCommit(git.getRepository().resolve("refs/heads/" + branch));
            try (TreeWalk tree = TreeWalk.forPath(git.getRepository(), file, commit.getTree())) {
                return Optional.ofNullable(tree).map(t -> {
                    try {
                        return new String(git.getRepository().open(t.getObjectId(0)).getBytes(), java.nio.charset.StandardCharsets.UTF_8);
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                }).orElseThrow(() -> new AssertionError(file + " is not on " + branch));
            }
        }
    }
}
