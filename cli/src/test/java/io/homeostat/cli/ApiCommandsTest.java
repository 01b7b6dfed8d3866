package io.homeostat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands as picocli runs them, against a small HTTP server standing in for the services' API (what is sent:
 * method, path, token, body; what comes back: the exit code and what is printed). The real services are
 * e2e-tests' CliE2eTest.
 */
class ApiCommandsTest {

    @TempDir
    Path dir;

    private HttpServer server;
    private String api;
    private Path token;
    /** Answers by "METHOD path" (status, body); anything else is 404. */
    private final Map<String, Object[]> answers = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    /** Answers given in turn, the last one from then on (a resource that changes between polls). */
    private final Map<String, java.util.Deque<Object[]>> sequences = new ConcurrentHashMap<>();

    @BeforeEach
    void startApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String key = exchange.getRequestMethod() + " " + exchange.getRequestURI();
            requests.add(key + " " + exchange.getRequestHeaders().getFirst("Authorization") + " " + body);
            java.util.Deque<Object[]> sequence = sequences.get(key);
            Object[] answer = sequence != null && sequence.size() > 1 ? sequence.poll()
                    : sequence != null ? sequence.peek() : answers.getOrDefault(key, new Object[] {404, ""});
            byte[] bytes = ((String) answer[1]).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders((int) answer[0], bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
        api = "http://127.0.0.1:" + server.getAddress().getPort();
        token = dir.resolve("token");
        Files.writeString(token, "t0ken\n");
    }

    @AfterEach
    void stopApi() {
        server.stop(0);
    }

    private CliRun run(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {"--api", api, "--token-file", token.toString()}, 0, all, args.length, 4);
        return CliRun.of(all);
    }

    private void answer(String request, int status, String body) {
        answers.put(request, new Object[] {status, body});
    }

    @Test
    void planExits5WhenChangesArePendingAnd0InSyncWithoutColourOutsideATerminal() {
        answer("GET /api/drift", 200, """
                [{"logicalId":"q","type":"aws.sqs.queue","name":"q","status":"DRIFTED",
                  "diff":[{"path":"VisibilityTimeout","desired":"30","actual":"77"}],"wouldRun":[],"error":null}]""");
        CliRun drifted = run("plan");
        assertEquals(ExitCodes.CHANGES, drifted.code(), drifted.err());
        assertTrue(drifted.out().contains("~ VisibilityTimeout: \"77\" -> \"30\""), drifted.out());
        assertFalse(drifted.out().contains("\u001b["), "not a terminal: no colour");
        assertEquals("GET /api/drift Bearer t0ken ", requests.get(0));

        answer("GET /api/drift", 200, """
                [{"logicalId":"q","type":"aws.sqs.queue","name":"q","status":"IN_SYNC","diff":[],"wouldRun":[],"error":null}]""");
        assertEquals(ExitCodes.OK, run("plan").code());
        assertTrue(run("plan", "--color").out().contains("No changes."));
    }

    @Test
    void planWithColorForcedPaintsAndJsonIsWhatTheApiSaid() throws IOException {
        answer("GET /api/drift", 200, """
                [{"logicalId":"q","type":"aws.sqs.queue","name":"q","status":"MISSING","diff":[],"wouldRun":[],"error":null}]""");
        assertTrue(run("plan", "--color").out().contains("\u001b[32m+ aws.sqs.queue"));
        CliRun json = run("plan", "--output", "json");
        assertEquals(ExitCodes.CHANGES, json.code(), "the exit code does not depend on the format");
        assertEquals("MISSING", json.json().get(0).path("status").asText());
    }

    @Test
    void statusShowsDriftWatchAndTheOpenIncident() {
        answer("GET /api/status", 200, """
                {"at":"2026-01-01T00:00:00Z","counts":{"DRIFTED":1,"IN_SYNC":1},"watch":{"ENABLED":1,"PAUSED":1},"resources":[
                 {"phase":"e2e","logicalId":"a","type":"aws.sqs.queue","name":"a","drift":"DRIFTED","watch":"PAUSED","mode":"AUTO_HEAL",
                  "openIncident":"inc-1","diff":[{"path":"VisibilityTimeout","desired":"30","actual":"77"}],"error":null},
                 {"phase":"e2e","logicalId":"b","type":"aws.sqs.queue","name":"b","drift":"IN_SYNC","watch":"ENABLED","mode":"AUTO_HEAL",
                  "openIncident":null,"diff":[],"error":null}]}""");
        CliRun r = run("status");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertTrue(r.out().matches("(?s).*e2e +a +aws.sqs.queue +DRIFTED +PAUSED +AUTO_HEAL +inc-1\\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*e2e +b +aws.sqs.queue +IN_SYNC +ENABLED +AUTO_HEAL +-\\n.*"), r.out());
        assertTrue(r.out().contains("2 resource(s): 1 in sync, 1 drifting, 0 missing, 0 not observable; watched 1, paused 1, disabled 0"), r.out());
    }

    @Test
    void approveAndRejectGoToThePlannerWithTheTokenAndTheReason() {
        answer("POST /api/plans/plan-1/approve", 200, """
                {"planId":"plan-1","incidentId":"inc-1","state":"PLANNED","approval":{"decision":"APPROVED","decidedBy":"ops"}}""");
        answer("POST /api/plans/plan-2/reject", 409, "{\"error\":\"plan plan-2 was already approved by ops\"}");
        CliRun approved = run("approve", "plan-1", "--reason", "checked", "--planner-api", api);
        assertEquals(ExitCodes.OK, approved.code(), approved.err());
        assertEquals("plan plan-1 of incident inc-1 approved by \"ops\"; incident now PLANNED\n", approved.out());
        assertEquals("POST /api/plans/plan-1/approve Bearer t0ken {\"reason\":\"checked\"}", requests.get(0));

        CliRun late = run("reject", "plan-2", "--reason", "no", "--planner-api", api);
        assertEquals(ExitCodes.FAILURE, late.code());
        assertTrue(late.err().contains("HTTP 409: plan plan-2 was already approved by ops"), late.err());
    }

    @Test
    void aPlannerThatIsNotThereIsNamedAsThePlanner() throws IOException {
        int dead;
        try (var s = new java.net.ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        CliRun r = run("approve", "p", "--planner-api", "http://127.0.0.1:" + dead);
        assertEquals(ExitCodes.UNREACHABLE, r.code());
        assertTrue(r.err().contains("is the planner running? (--planner-api URL or HOMEOSTAT_PLANNER_API)"), r.err());
    }

    @Test
    void flagsSetSendsTheModeTheTtlInIso8601AndTheReasonAndClearDeletes() throws IOException {
        answer("PUT /api/flags/resource/orders-queue", 200, """
                {"scopeType":"resource","name":"orders-queue","mode":"PAUSED","expiresAt":"2026-01-01T02:00:00Z","setBy":"ops","reason":"freeze"}""");
        answer("DELETE /api/flags/phase/messaging", 204, "");
        CliRun set = run("flags", "set", "paused", "--resource", "orders-queue", "--ttl", "2h", "--reason", "freeze");
        assertEquals(ExitCodes.OK, set.code(), set.err());
        assertEquals("PUT /api/flags/resource/orders-queue Bearer t0ken {\"mode\":\"PAUSED\",\"ttl\":\"PT2H\",\"reason\":\"freeze\"}", requests.get(0));
        assertTrue(set.out().matches("(?s).*resource +orders-queue +PAUSED +2026-01-01T02:00:00Z +\"ops\" +\"freeze\"\\n"), set.out());

        CliRun cleared = run("flags", "clear", "--phase", "messaging", "--output", "json");
        assertEquals(ExitCodes.OK, cleared.code(), cleared.err());
        assertEquals("messaging", cleared.json().path("name").asText());
        assertTrue(requests.get(1).startsWith("DELETE /api/flags/phase/messaging "));

        CliRun none = run("flags", "clear", "--resource", "nothing");
        assertEquals(ExitCodes.FAILURE, none.code(), "no such flag: the API's 404");
    }

    @Test
    void incidentsShowPrintsTheTimelineStepsAndLedger() {
        answer("GET /api/incidents/inc-1", 200, """
                {"incidentId":"inc-1","state":"RESOLVED","outcome":"RESOLVED",
                 "resource":{"type":"aws.sqs.queue","logicalId":"q","phase":"e2e","name":"q","account":"1","region":"us-east-1"},
                 "createdAt":"t0","updatedAt":"t3","trigger":{"kind":"SCAN"},
                 "classification":{"kind":"DRIFT","severity":2,"confidence":0.9,"rationale":"manual change","analyzer":"rules"},
                 "plan":{"planId":"p-1","strategy":"RESTORE","actions":[{"step":1,"action":"aws.sqs.queue/SetQueueAttributes","description":"set it back"}],
                         "policy":{"effect":"ALLOW"}},
                 "timeline":[{"at":"t0","state":"DETECTED","service":"detector","note":"drift"},
                             {"at":"t3","state":"RESOLVED","service":"verifier","note":"in sync"}],
                 "steps":[{"step":1,"action":"aws.sqs.queue/SetQueueAttributes","status":"SUCCEEDED","message":"ok","durationMillis":12}],
                 "ledger":[{"step":1,"attempt":1,"action":"aws.sqs.queue/SetQueueAttributes","result":"SUCCEEDED","message":"ok","durationMillis":10}]}""");
        CliRun r = run("incidents", "show", "inc-1");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertTrue(r.out().contains("class     DRIFT, severity 2, confidence 0.9 (rules): \"manual change\""), r.out());
        assertTrue(r.out().matches("(?s).*timeline\\n +t0 +DETECTED +detector +\"drift\"\\n +t3 +RESOLVED +verifier +\"in sync\"\\n.*"), r.out());
        assertTrue(r.out().contains("ledger (every cloud call)\n  step 1 try 1 aws.sqs.queue/SetQueueAttributes"), r.out());
        assertTrue(r.out().contains("plan      p-1 RESTORE, 1 action(s), policy ALLOW"), r.out());

        CliRun watched = run("incidents", "show", "inc-1", "--watch");
        assertEquals(ExitCodes.OK, watched.code(), "a closed incident ends the watch at once");
        assertTrue(watched.out().contains("closed    RESOLVED"), watched.out());

        assertEquals(ExitCodes.FAILURE, run("incidents", "show", "nope").code(), "not found");
    }

    @Test
    void watchPrintsEachNewTimelineEntryAndStopsWhenTheIncidentCloses() {
        String resource = "\"resource\":{\"type\":\"aws.sqs.queue\",\"logicalId\":\"q\",\"phase\":\"e2e\",\"name\":\"q\"}";
        String detected = "{\"at\":\"t0\",\"state\":\"DETECTED\",\"service\":\"detector\",\"note\":\"drift\"}";
        String executed = "{\"at\":\"t1\",\"state\":\"EXECUTED\",\"service\":\"executor\",\"note\":\"1 step(s)\"}";
        String resolved = "{\"at\":\"t2\",\"state\":\"RESOLVED\",\"service\":\"verifier\",\"note\":\"verified\"}";
        sequences.put("GET /api/incidents/inc-9", new java.util.ArrayDeque<>(List.of(
                new Object[] {200, "{\"incidentId\":\"inc-9\",\"state\":\"DETECTED\"," + resource + ",\"timeline\":[" + detected + "]}"},
                new Object[] {200, "{\"incidentId\":\"inc-9\",\"state\":\"EXECUTED\"," + resource + ",\"timeline\":[" + detected + "," + executed + "]}"},
                new Object[] {200, "{\"incidentId\":\"inc-9\",\"state\":\"RESOLVED\",\"outcome\":\"RESOLVED\"," + resource
                        + ",\"timeline\":[" + detected + "," + executed + "," + resolved + "]}"})));

        CliRun r = run("incidents", "show", "inc-9", "--watch", "--interval", "1");

        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertEquals(3, requests.size(), "polled until closed, then stopped: " + requests);
        String after = r.out().substring(r.out().indexOf("watching"));
        assertTrue(after.matches("(?s)watching.*\\n +t1 +EXECUTED +executor +\"1 step\\(s\\)\"\\n  -> EXECUTED\\n"
                + " +t2 +RESOLVED +verifier +\"verified\"\\n  -> RESOLVED\\nclosed    RESOLVED \\(outcome RESOLVED\\)\\n"), after);
    }

    @Test
    void incidentsCloseSendsTheReasonAndARefusalExits1WithTheApisWords() {
        answer("POST /api/incidents/inc-5/close", 200, """
                {"incidentId":"inc-5","state":"CLOSED","timeline":[{"state":"ESCALATED","note":"rollback failed"},
                {"state":"CLOSED","service":"detector","note":"closed by ops: fixed by hand; resource released without a cooldown"}]}""");
        answer("POST /api/incidents/inc-6/close", 409, "{\"error\":\"incident inc-6 is RESOLVED; only an ESCALATED incident is closed by hand\"}");

        CliRun closed = run("incidents", "close", "inc-5", "--reason", "fixed by hand");
        assertEquals(ExitCodes.OK, closed.code(), closed.err());
        assertEquals("POST /api/incidents/inc-5/close Bearer t0ken {\"reason\":\"fixed by hand\"}", requests.get(0));
        assertEquals("incident inc-5 CLOSED: \"closed by ops: fixed by hand; resource released without a cooldown\"\n", closed.out());

        CliRun refused = run("incidents", "close", "inc-6", "--reason", "tidy");
        assertEquals(ExitCodes.FAILURE, refused.code());
        assertTrue(refused.err().contains("HTTP 409: incident inc-6 is RESOLVED"), refused.err());

        CliRun noReason = run("incidents", "close", "inc-5");
        assertEquals(ExitCodes.USAGE, noReason.code());
        assertTrue(noReason.err().contains("--reason"), noReason.err());
        assertEquals(2, requests.size(), "nothing sent without a reason");
    }

    @Test
    void watchStopsAtAnIncidentClosedByHandToo() {
        String resource = "\"resource\":{\"type\":\"aws.sqs.queue\",\"logicalId\":\"q\",\"phase\":\"e2e\",\"name\":\"q\"}";
        sequences.put("GET /api/incidents/inc-7", new java.util.ArrayDeque<>(List.of(
                new Object[] {200, "{\"incidentId\":\"inc-7\",\"state\":\"ESCALATED\"," + resource + ",\"timeline\":[]}"},
                new Object[] {200, "{\"incidentId\":\"inc-7\",\"state\":\"CLOSED\"," + resource + ",\"timeline\":[]}"})));

        CliRun r = run("incidents", "show", "inc-7", "--watch", "--interval", "1");

        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertEquals(2, requests.size(), "ESCALATED is open, CLOSED is over: " + requests);
    }

    @Test
    void rollbackShowWithNothingPinnedIsNotAFailureAndARefusedRevisionListsItsProblems() throws IOException {
        CliRun none = run("rollback", "show", "--output", "json");
        assertEquals(ExitCodes.OK, none.code(), none.err());
        assertTrue(none.json().path("revision").isNull());

        answer("POST /api/rollback", 400, """
                {"error":"the phases at 'main~1' are invalid; nothing was pinned","problems":["main~1:phases/a.yaml:3:5: resources.q.type: missing"]}""");
        CliRun refused = run("rollback", "--to", "main~1");
        assertEquals(ExitCodes.USAGE, refused.code());
        assertTrue(refused.err().contains("main~1:phases/a.yaml:3:5: resources.q.type: missing"), refused.err());
    }

    @Test
    void aFailureInJsonModeIsJsonOnStdoutToo() throws IOException {
        answer("GET /api/status", 500, "{\"error\":\"boom\"}");
        CliRun r = run("status", "-o", "json");
        assertEquals(ExitCodes.FAILURE, r.code());
        assertEquals(1, r.json().path("exitCode").asInt());
        assertTrue(r.json().path("error").asText().contains("boom"));
    }
}
