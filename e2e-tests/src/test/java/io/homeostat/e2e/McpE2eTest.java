package io.homeostat.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The MCP server as an assistant's client runs it: the packaged jar started as a process, spoken to in JSON-RPC over
 * its stdin/stdout, against the five services on the local stack. It initializes, lists its five tools with input
 * schemas, reads the status, lists and explains an incident that healed after a tamper, proposes a phase change as a
 * branch of the phases' git repository (main untouched; a broken file proposes nothing), approves a plan held by a
 * PAUSED flag, which then resolves, and refuses an approval made with an unknown token as a tool error, not a crash.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class McpE2eTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PHASE_FILE = "10-e2e.yaml";
    private static final String PHASES = """
            phase: e2e
            defaults: {account: "123456789012", region: us-east-1, drift: auto-heal}
            resources:
              mcp-heal:
                type: aws.sqs.queue
                name: mcp-heal
                properties: {VisibilityTimeout: 30, DelaySeconds: 2}
                tags: {team: payments, env: e2e}
              mcp-paused:
                type: aws.sqs.queue
                name: mcp-paused
                properties: {VisibilityTimeout: 30, DelaySeconds: 2}
                tags: {team: payments, env: e2e}
            """;

    private static Path repo;
    private static String mainAtStart;
    private static Pipeline pipeline;
    private static Probe probe;
    private static SqsClient cloud;
    private static McpSession mcp;
    private static String healedIncident;

    @BeforeAll
    static void startEverything() throws Exception {
        // The phases live in a git repository of their own: plan_change proposes branches there.
        repo = Pipeline.WORK.resolve("mcp-repo");
        if (Files.exists(repo)) {
            try (var walk = Files.walk(repo)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(repo.resolve("phases"));
        Files.writeString(repo.resolve("phases").resolve(PHASE_FILE), PHASES);
        PersonIdent me = new PersonIdent("e2e", "e2e@localhost");
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            mainAtStart = git.commit().setMessage("declared").setAuthor(me).setCommitter(me).call().name();
        }
        pipeline = Pipeline.start("mcp", repo.resolve("phases"));
        pipeline.startAll(Map.of(), Map.of("homeostat.detector.scan-interval", "1s", "homeostat.detector.provision-on-start", "true"));
        probe = new Probe(pipeline);
        cloud = Clients.sqs(pipeline.endpoints().cloud(), "mallory");
        Await.until("flag PAUSED on mcp-paused", Duration.ofSeconds(60), () -> pipeline.service("detector").send("PUT",
                "/api/flags/resource/mcp-paused", "{\"mode\":\"PAUSED\",\"reason\":\"change freeze\"}", Pipeline.API_TOKEN)
                .filter(r -> r.statusCode() == 200));
        mcp = McpSession.start("mcp-server", Pipeline.API_TOKEN);
    }

    @AfterAll
    static void stopEverything() {
        if (mcp != null) {
            mcp.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    @Order(1)
    void initializeAnswersWithTheServerAndItsToolsCapability() {
        JsonNode result = mcp.initialize();
        assertEquals("homeostat", result.path("serverInfo").path("name").asText(), result.toString());
        assertTrue(result.path("capabilities").has("tools"), result.toString());
        assertFalse(result.path("protocolVersion").asText().isEmpty(), result.toString());
    }

    @Test
    @Order(2)
    void toolsListShowsTheFiveToolsWithInputSchemasAndNoCredentialArgument() {
        JsonNode tools = mcp.request("tools/list", JSON.createObjectNode()).path("tools");
        TreeSet<String> names = new TreeSet<>();
        for (JsonNode t : tools) {
            names.add(t.path("name").asText());
            assertEquals("object", t.path("inputSchema").path("type").asText(), t.toString());
            assertFalse(t.path("description").asText().isBlank(), t.toString());
            assertFalse(t.path("inputSchema").path("properties").toString().toLowerCase().contains("token"),
                    "no tool takes a credential: " + t);
        }
        assertEquals(new TreeSet<>(List.of("approve_plan", "explain_incident", "get_status", "list_incidents", "plan_change")), names);
        JsonNode planChange = tool(tools, "plan_change").path("inputSchema");
        assertEquals(List.of("file"), texts(planChange.path("required")), "content or edits");
        assertEquals("string", planChange.path("properties").path("content").path("type").asText());
        assertEquals("array", planChange.path("properties").path("edits").path("type").asText());
        assertEquals("integer", tool(tools, "list_incidents").path("inputSchema").path("properties").path("limit").path("type").asText());
        assertEquals(List.of("planId"), texts(tool(tools, "approve_plan").path("inputSchema").path("required")));
        assertTrue(tool(tools, "explain_incident").path("description").asText().contains("untrusted data"));
    }

    @Test
    @Order(3)
    void getStatusReadsEveryResourceByPhase() {
        String status = Await.until("mcp-heal IN_SYNC in get_status", TIMEOUT, () -> {
            String text = mcp.callText("get_status", Map.of());
            return text.contains("mcp-heal (aws.sqs.queue mcp-heal): IN_SYNC") ? Optional.of(text) : Optional.empty();
        });
        assertTrue(status.contains("phase e2e:"), status);
        assertTrue(status.contains("mcp-paused (aws.sqs.queue mcp-paused): IN_SYNC, watch PAUSED"), status);
    }

    @Test
    @Order(4)
    void aTamperThatHealedIsListedAndExplained() {
        tamper("mcp-heal");
        JsonNode resolved = Await.until("mcp-heal RESOLVED", TIMEOUT, () -> probe.incidentsFor("mcp-heal").stream()
                .filter(i -> "RESOLVED".equals(i.path("state").asText())).findFirst());
        healedIncident = resolved.path("incidentId").asText();

        String list = mcp.callText("list_incidents", Map.of("state", "RESOLVED", "limit", 10));
        assertTrue(list.contains(healedIncident + "  RESOLVED  "), list);
        assertTrue(list.contains("aws.sqs.queue mcp-heal"), list);
        JsonNode wrongState = mcp.call("list_incidents", Map.of("state", "SLEEPY"));
        assertTrue(wrongState.path("isError").asBoolean(), wrongState.toString());

        String story = mcp.callText("explain_incident", Map.of("incidentId", healedIncident));
        for (String expected : List.of("Incident " + healedIncident, "resource: aws.sqs.queue mcp-heal", "state: RESOLVED",
                "desired '30', actual '77'", "classification: ", "rationale: '", "plan ", "ledger (every cloud call, in order):",
                "SetQueueAttributes: SUCCEEDED", "timeline:", "  DETECTED  detector  '", "  RESOLVED  verifier  '")) {
            assertTrue(story.contains(expected), "missing <" + expected + "> in\n" + story);
        }
        JsonNode unknown = mcp.call("explain_incident", Map.of("incidentId", "no-such-incident"));
        assertTrue(unknown.path("isError").asBoolean(), unknown.toString());
        assertTrue(text(unknown).contains("404"), unknown.toString());
    }

    @Test
    @Order(5)
    void planChangeCommitsOnANewBranchAndLeavesMainAndTheWorkTreeAlone() throws Exception {
        String edited = PHASES.replace("name: mcp-heal\n    properties: {VisibilityTimeout: 30,",
                "name: mcp-heal\n    properties: {VisibilityTimeout: 45,") + """
                  mcp-proposed:
                    type: aws.sqs.queue
                    name: mcp-proposed
                    properties: {VisibilityTimeout: 30}
                """;
        JsonNode broken = mcp.call("plan_change", Map.of("file", PHASE_FILE, "content", edited.replace("{VisibilityTimeout: 30}", "{VisibilityTimeout: 30")));
        assertTrue(broken.path("isError").asBoolean(), broken.toString());
        assertTrue(text(broken).matches("(?s).*phases/10-e2e\\.yaml:\\d+:\\d+: invalid YAML.*"), text(broken));
        assertEquals(List.of("refs/heads/main"), branches(), "an invalid change proposes nothing");

        String answer = mcp.callText("plan_change", Map.of("file", PHASE_FILE, "content", edited, "reason", "mcp-heal needs longer"));
        assertTrue(answer.contains("Desired state: 1 to add, 1 to change, 0 to remove."), answer);
        assertTrue(answer.contains("properties.VisibilityTimeout: 30 -> 45"), answer);
        assertTrue(answer.contains("+ mcp-proposed (aws.sqs.queue mcp-proposed, phase e2e)"), answer);
        String branch = answer.replaceFirst("(?s)^Proposed on branch (\\S+) .*", "$1");
        assertTrue(branch.startsWith("homeostat/assistant/"), answer);

        assertEquals(List.of("refs/heads/" + branch, "refs/heads/main"), branches());
        try (Git git = Git.open(repo.toFile())) {
            Repository r = git.getRepository();
            assertEquals(edited, fileAt(r, "refs/heads/" + branch, "phases/" + PHASE_FILE), "the branch holds the change");
            assertEquals(mainAtStart, r.resolve("refs/heads/main").name(), "main is untouched");
            assertEquals("main", r.getBranch());
            assertTrue(git.status().call().isClean(), "work tree and index untouched");
        }
        assertEquals(PHASES, Files.readString(repo.resolve("phases").resolve(PHASE_FILE)), "nothing applied");
        String edits = mcp.callText("plan_change", Map.of("file", PHASE_FILE,
                "edits", List.of("resources.mcp-paused.properties.DelaySeconds=5")));
        assertTrue(edits.contains("~ mcp-paused (aws.sqs.queue mcp-paused, phase e2e)\n    properties.DelaySeconds: 2 -> 5\n"), edits);
        assertEquals(3, branches().size(), "one more branch: " + branches());
        assertEquals(mainAtStart, Git.open(repo.toFile()).getRepository().resolve("refs/heads/main").name(), "main is untouched");

        String status = mcp.callText("get_status", Map.of());
        assertFalse(status.contains("mcp-proposed"), "the services' desired state is unchanged: " + status);
        assertTrue(status.contains("mcp-heal (aws.sqs.queue mcp-heal): IN_SYNC"), status);
    }

    @Test
    @Order(6)
    void approvePlanApprovesAHeldPlanWithTheCallersTokenAndItResolves() {
        tamper("mcp-paused");
        JsonNode waiting = Await.until("mcp-paused AWAITING_APPROVAL", TIMEOUT, () -> probe.incidentsFor("mcp-paused").stream()
                .filter(i -> "AWAITING_APPROVAL".equals(i.path("state").asText())).findFirst());
        String planId = waiting.path("plan").path("planId").asText();
        String listed = mcp.callText("list_incidents", Map.of("state", "AWAITING_APPROVAL"));
        assertTrue(listed.contains(waiting.path("incidentId").asText()), listed);

        String approved = mcp.callText("approve_plan", Map.of("planId", planId, "reason", "asked in chat"));
        assertTrue(approved.startsWith("Plan " + planId + " approved by 'e2e'"), approved);

        JsonNode resolved = Await.until("mcp-paused RESOLVED", TIMEOUT, () -> probe.incidentsFor("mcp-paused").stream()
                .filter(i -> i.path("incidentId").asText().equals(waiting.path("incidentId").asText()))
                .filter(i -> "RESOLVED".equals(i.path("state").asText())).findFirst());
        assertEquals("e2e", resolved.path("approval").path("decidedBy").asText(), "recorded as the token's user");
        assertEquals("asked in chat", resolved.path("approval").path("comment").asText());
        JsonNode again = mcp.call("approve_plan", Map.of("planId", planId));
        assertTrue(again.path("isError").asBoolean(), again.toString());
        assertTrue(text(again).contains("409"), again.toString());
    }

    @Test
    @Order(7)
    void anUnknownTokenGetsAnErrorResultAndTheServerKeepsServing() {
        try (McpSession stranger = McpSession.start("mcp-server-stranger", "not-a-known-token")) {
            stranger.initialize();
            JsonNode refused = stranger.call("approve_plan", Map.of("planId", healedIncident));
            assertTrue(refused.path("isError").asBoolean(), refused.toString());
            assertTrue(text(refused).contains("not authorized (HTTP 401)"), refused.toString());
            assertTrue(stranger.isAlive(), "an error result, not a crash");
            assertEquals(5, stranger.request("tools/list", JSON.createObjectNode()).path("tools").size(), "still serving");
        }
        assertTrue(mcp.nonProtocolLines().isEmpty(), "stdout carried only JSON-RPC: " + mcp.nonProtocolLines());
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static void tamper(String queue) {
        String url = cloud.getQueueUrl(b -> b.queueName(queue)).queueUrl();
        cloud.setQueueAttributes(b -> b.queueUrl(url).attributesWithStrings(Map.of("VisibilityTimeout", "77")));
    }

    private static JsonNode tool(JsonNode tools, String name) {
        for (JsonNode t : tools) {
            if (name.equals(t.path("name").asText())) {
                return t;
            }
        }
        throw new AssertionError("no tool " + name + " in " + tools);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String text(JsonNode callResult) {
        StringBuilder s = new StringBuilder();
        callResult.path("content").forEach(c -> s.append(c.path("text").asText()));
        return s.toString();
    }

    private static List<String> branches() throws Exception {
        try (Git git = Git.open(repo.toFile())) {
            return git.branchList().call().stream().map(Ref::getName).sorted().toList();
        }
    }

    private static String fileAt(Repository r, String ref, String path) throws IOException {
        try (RevWalk walk = new RevWalk(r); TreeWalk tree = TreeWalk.forPath(r, path, walk.parseCommit(r.resolve(ref)).getTree())) {
            return new String(r.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * One MCP server process and a minimal JSON-RPC client over its stdio: one JSON message per line each way, as the
     * MCP stdio transport specifies. Every stdout line must be a JSON-RPC message; anything else is recorded.
     */
    static final class McpSession implements AutoCloseable {

        private final Process process;
        private final OutputStream in;
        private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        private final List<String> nonProtocol = Collections.synchronizedList(new ArrayList<>());
        private final AtomicInteger ids = new AtomicInteger();
        /** Every message both ways, one per line ({@code >} sent, {@code <} received), for reading what happened. */
        private final Path transcript;

        private McpSession(Process process, Path transcript) {
            this.process = process;
            this.transcript = transcript;
            this.in = process.getOutputStream();
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        transcribe("< " + line);
                        try {
                            messages.add(JSON.readTree(line));
                        } catch (IOException notJson) {
                            nonProtocol.add(line);
                        }
                    }
                } catch (IOException ended) {
                    // the process is gone; requests time out with its log named
                }
            }, "mcp-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        static McpSession start(String logName, String token) {
            Path jar = Pipeline.ROOT.resolve("mcp-server/target/quarkus-app/quarkus-run.jar");
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("MCP server not packaged: " + jar + " (run ./mvnw verify from the root)");
            }
            ProcessBuilder pb = new ProcessBuilder(ServiceProcess.javaBin(), "-jar", jar.toString())
                    .redirectError(ProcessBuilder.Redirect.appendTo(Pipeline.LOG_DIR.resolve("mcp").resolve(logName + ".log").toFile()));
            pb.environment().put("HOMEOSTAT_API", "http://127.0.0.1:" + pipeline.service("detector").port);
            pb.environment().put("HOMEOSTAT_PLANNER_API", "http://127.0.0.1:" + pipeline.service("planner").port);
            pb.environment().put("HOMEOSTAT_TOKEN", token);
            pb.environment().put("HOMEOSTAT_PHASES_DIR", repo.resolve("phases").toString());
            try {
                Path transcript = Pipeline.LOG_DIR.resolve("mcp").resolve(logName + "-transcript.txt");
                Files.deleteIfExists(transcript);
                return new McpSession(pb.start(), transcript);
            } catch (IOException e) {
                throw new IllegalStateException("cannot start " + jar, e);
            }
        }

        JsonNode initialize() {
            ObjectNode params = JSON.createObjectNode().put("protocolVersion", "2024-11-05");
            params.putObject("capabilities");
            params.putObject("clientInfo").put("name", "homeostat-e2e").put("version", "1");
            JsonNode result = request("initialize", params);
            send(JSON.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/initialized"));
            return result;
        }

        /** tools/call; the result, which may be an error result ({@code isError}). */
        JsonNode call(String tool, Map<String, Object> arguments) {
            ObjectNode params = JSON.createObjectNode().put("name", tool);
            params.set("arguments", JSON.valueToTree(arguments));
            return request("tools/call", params);
        }

        /** tools/call that must succeed; its text. */
        String callText(String tool, Map<String, Object> arguments) {
            JsonNode result = call(tool, arguments);
            assertFalse(result.path("isError").asBoolean(), tool + " failed: " + result);
            return text(result);
        }

        /** Sends a request and waits for the response with its id; a JSON-RPC error fails the test. */
        JsonNode request(String method, JsonNode params) {
            int id = ids.incrementAndGet();
            ObjectNode request = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
            request.set("params", params);
            send(request);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            try {
                while (System.nanoTime() < deadline) {
                    JsonNode message = messages.poll(1, TimeUnit.SECONDS);
                    if (message != null && message.path("id").asInt(-1) == id) {
                        assertFalse(message.has("error"), method + " answered a JSON-RPC error: " + message);
                        assertEquals("2.0", message.path("jsonrpc").asText());
                        return message.path("result");
                    }
                    if (message == null && !process.isAlive()) {
                        throw new AssertionError("the MCP server exited with " + process.exitValue() + "; see " + Pipeline.LOG_DIR.resolve("mcp"));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new AssertionError("no answer to " + method + " within " + TIMEOUT);
        }

        private void transcribe(String line) {
            try {
                Files.writeString(transcript, line + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
            } catch (IOException e) {
                // the transcript is a convenience; the assertions do not depend on it
            }
        }

        private void send(JsonNode message) {
            transcribe("> " + message);
            try {
                in.write((message.toString() + "\n").getBytes(StandardCharsets.UTF_8));
                in.flush();
            } catch (IOException e) {
                throw new IllegalStateException("cannot write to the MCP server", e);
            }
        }

        boolean isAlive() {
            return process.isAlive();
        }

        List<String> nonProtocolLines() {
            return List.copyOf(nonProtocol);
        }

        @Override
        public void close() {
            try {
                in.close(); // end of input: a stdio MCP server stops
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroy();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (IOException | InterruptedException e) {
                process.destroyForcibly();
            }
        }
    }
}
