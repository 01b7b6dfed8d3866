package io.homeostat.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The {@code homeostat} CLI as an operator runs it: the packaged jar as a process against the five services on the
 * local stack, with a token file. Checks phase files (file:line:col), sees a tampered queue in {@code plan} (exit 5)
 * and {@code status}, lets it heal and follows the incident ({@code incidents show --watch}, then its timeline and
 * ledger), holds a plan with a PAUSED flag set by the CLI and approves it by the CLI, and bootstraps the control plane
 * twice (nothing to do the second time). Every JSON output is parsed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliE2eTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String HEAL = "cli-heal";
    private static final String PAUSED = "cli-paused";

    private static Pipeline pipeline;
    private static SqsClient cloud;
    private static Path phases;
    private static Path tokenFile;
    private static String api;
    private static String plannerApi;
    /** What an operator would have seen, for the README's session: each command (without --api/--token-file) and its output. */
    private static final StringBuilder SESSION = new StringBuilder();

    @BeforeAll
    static void startEverything() throws Exception {
        phases = Pipeline.phasesWithQueues("phases-cli", List.of(HEAL, PAUSED));
        pipeline = Pipeline.start("cli", phases);
        pipeline.startAll(Map.of(), Map.of("homeostat.detector.scan-interval", "1s", "homeostat.detector.provision-on-start", "true"));
        cloud = Clients.sqs(pipeline.endpoints.cloud(), "mallory");
        tokenFile = Pipeline.WORK.resolve("cli-token");
        Files.writeString(tokenFile, Pipeline.API_TOKEN + "\n");
        api = "http://127.0.0.1:" + pipeline.service("detector").port;
        plannerApi = "http://127.0.0.1:" + pipeline.service("planner").port;
        Await.until("both queues provisioned", TIMEOUT, () -> Optional.of(true).filter(x -> visibility(HEAL) != null && visibility(PAUSED) != null));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        Files.writeString(Pipeline.WORK.resolve("cli-session.txt"), SESSION);
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    @Order(1)
    void validateAcceptsThePipelinesPhasesAndPointsAtTheBrokenLineOfAnother() throws Exception {
        CliProcess.Result good = CliProcess.run("validate", phases.toString());
        assertEquals(0, good.exitCode(), good.out() + good.err());
        assertTrue(good.out().contains("valid: 2 resource(s)"), good.out());

        Path broken = Pipeline.WORK.resolve("phases-cli-broken");
        Files.createDirectories(broken);
        Path file = broken.resolve("10-broken.yaml");
        Files.writeString(file, """
                phase: broken
                resources:
                  orders-queue:
                    type: aws.sqs.queue
                    name: orders
                    properties:
                      VisibilityTimeout: 30
                  typo-queue:
                    type: aws.sqs.queu
                    name: typo
                """);
        CliProcess.Result bad = record("validate " + broken, CliProcess.run("validate", broken.toString()));
        assertEquals(1, bad.exitCode(), bad.out() + bad.err());
        assertTrue(bad.out().contains(file + ":9:5: resources.typo-queue.type: unknown resource type 'aws.sqs.queu'"), bad.out());

        JsonNode json = Probe.json(CliProcess.run("validate", broken.toString(), "--output", "json").out());
        assertEquals(9, json.path("problems").get(0).path("line").asInt());
        assertEquals(5, json.path("problems").get(0).path("column").asInt());
    }

    @Test
    @Order(2)
    void aTamperedQueueShowsInPlanWithTheChangesExitCodeAndInStatusAsDrifting() {
        // Not watched for a moment, so the drift stays while we look at it (the detector would heal it within a second).
        CliProcess.Result flag = cli("flags", "set", "DISABLED", "--resource", HEAL, "--ttl", "10m", "--reason", "look first");
        assertEquals(0, flag.exitCode(), flag.err());
        tamper(HEAL);

        CliProcess.Result plan = cli("plan");
        assertEquals(5, plan.exitCode(), plan.out() + plan.err());
        assertTrue(plan.out().contains("~ aws.sqs.queue \"cli-heal\" (cli-heal)"), plan.out());
        assertTrue(plan.out().contains("~ attributes.VisibilityTimeout: \"77\" -> \"30\""), plan.out());
        assertTrue(plan.out().contains("would run aws.sqs.queue/SetQueueAttributes"), plan.out());
        assertTrue(plan.out().contains("Plan: 0 to create, 1 to change, 1 in sync."), plan.out());
        assertTrue(!plan.out().contains("\u001b["), "not a terminal: no colour");
        assertEquals("77", visibility(HEAL), "plan changes nothing");

        JsonNode drift = Probe.json(cli("plan", "--output", "json").out());
        assertEquals("DRIFTED", entry(drift, "logicalId", HEAL).path("status").asText());

        CliProcess.Result status = cli("status");
        assertEquals(0, status.exitCode(), status.err());
        assertTrue(status.out().matches("(?s).*e2e +cli-heal +aws.sqs.queue +DRIFTED +DISABLED .*"), status.out());
        JsonNode statusJson = Probe.json(cli("status", "--output", "json").out());
        assertEquals(1, statusJson.path("counts").path("DRIFTED").asInt(), statusJson.toString());
    }

    @Test
    @Order(3)
    void clearedItHealsAndIncidentsShowGivesTheTimelineAndTheLedger() {
        assertEquals(0, cli("flags", "clear", "--resource", HEAL).exitCode());
        String id = Await.until("an incident on " + HEAL, TIMEOUT, () -> incidentOn(HEAL)).path("incidentId").asText();

        CliProcess.Result watched = cli("incidents", "show", id, "--watch", "--interval", "1");
        assertEquals(0, watched.exitCode(), watched.out() + watched.err());
        assertTrue(watched.out().contains("closed    RESOLVED"), watched.out());
        assertEquals("30", visibility(HEAL));

        CliProcess.Result shown = cli("incidents", "show", id);
        assertEquals(0, shown.exitCode(), shown.err());
        for (String state : List.of("DETECTED", "ANALYZED", "PLANNED", "EXECUTING", "EXECUTED", "RESOLVED")) {
            assertTrue(shown.out().matches("(?s).*\\ntimeline\\n.* " + state + " .*"), state + " in " + shown.out());
        }
        assertTrue(shown.out().contains("ledger (every cloud call)"), shown.out());
        assertTrue(shown.out().contains("aws.sqs.queue/SetQueueAttributes"), shown.out());

        JsonNode json = Probe.json(cli("incidents", "show", id, "--output", "json").out());
        assertEquals("RESOLVED", json.path("state").asText());
        assertTrue(cli("incidents", "list").out().contains(id));
    }

    @Test
    @Order(4)
    void aPausedResourceHoldsItsPlanUntilItIsApprovedThroughTheCli() {
        CliProcess.Result paused = cli("flags", "set", "PAUSED", "--resource", PAUSED, "--reason", "change freeze");
        assertEquals(0, paused.exitCode(), paused.err());
        JsonNode flags = Probe.json(cli("flags", "list", "--output", "json").out());
        assertEquals("PAUSED", entry(flags, "name", PAUSED).path("mode").asText());

        tamper(PAUSED);
        JsonNode waiting = Await.until("a plan for " + PAUSED + " waiting for approval", TIMEOUT, () -> {
            CliProcess.Result plans = CliProcess.run("plans", "--planner-api", plannerApi, "--token-file", tokenFile.toString(), "-o", "json");
            return plans.exitCode() != 0 ? Optional.empty() : Optional.ofNullable(entry(Probe.json(plans.out()), "resource.name", PAUSED));
        });
        Await.sleep(2_000);
        assertEquals("77", visibility(PAUSED), "nothing runs before the approval");

        record("plans", CliProcess.run("plans", "--planner-api", plannerApi, "--token-file", tokenFile.toString()));
        CliProcess.Result approved = record("approve " + waiting.path("planId").asText() + " --reason 'checked with payments'",
                CliProcess.run("approve", waiting.path("planId").asText(), "--reason", "checked with payments",
                "--planner-api", plannerApi, "--token-file", tokenFile.toString()));
        assertEquals(0, approved.exitCode(), approved.out() + approved.err());
        assertTrue(approved.out().contains("approved by \"e2e\"; incident now PLANNED"), approved.out());

        String id = waiting.path("incidentId").asText();
        CliProcess.Result watched = cli("incidents", "show", id, "--watch", "--interval", "1", "--output", "json");
        assertEquals(0, watched.exitCode(), watched.err());
        JsonNode closed = Probe.json(watched.out());
        assertEquals("RESOLVED", closed.path("state").asText());
        assertEquals("APPROVED", closed.path("approval").path("decision").asText());
        assertEquals("30", visibility(PAUSED), "the approved plan ran");

        CliProcess.Result again = CliProcess.run("approve", id, "--planner-api", plannerApi, "--token-file", tokenFile.toString());
        assertEquals(1, again.exitCode(), "a plan already decided is refused: " + again.err());
        assertEquals(0, cli("plan").exitCode(), "everything in sync again");
    }

    @Test
    @Order(5)
    void bootstrapIsIdempotentAgainstTheControlPlaneEmulators() {
        Map<String, String> aws = Map.of("AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local", "AWS_REGION", "us-east-1");
        String[] args = {"bootstrap", "--sqs-endpoint", pipeline.endpoints.controlSqs(), "--dynamodb-endpoint",
                pipeline.endpoints.controlDynamodb(), "--queue-prefix", "cli-boot-", "--table-prefix", "cli-boot-"};
        CliProcess.Result first = record("bootstrap --queue-prefix cli-boot- --table-prefix cli-boot- ...", CliProcess.run(aws, args));
        assertEquals(0, first.exitCode(), first.out() + first.err());
        assertTrue(first.out().matches("(?s).*\\ncreated  queue +cli-boot-detector\\n.*"), first.out());
        assertTrue(first.out().matches("(?s).*\\nbootstrap done: [1-9]\\d* created, 0 updated, 0 already present\\n"), first.out());

        List<String> json = new ArrayList<>(List.of(args));
        json.addAll(List.of("--output", "json"));
        JsonNode again = Probe.json(CliProcess.run(aws, json.toArray(String[]::new)).out());
        assertEquals(0, again.path("created").asInt(), again.toString());
        assertEquals(0, again.path("updated").asInt(), again.toString());
        assertEquals(again.path("items").size(), again.path("present").asInt(), "everything there: " + again);
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static CliProcess.Result cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--api", api, "--token-file", tokenFile.toString()));
        return record(String.join(" ", args), CliProcess.run(all.toArray(String[]::new)));
    }

    private static CliProcess.Result record(String command, CliProcess.Result r) {
        SESSION.append("$ homeostat ").append(command).append('\n').append(r.out()).append(r.err()).append("(exit ").append(r.exitCode())
                .append(")\n\n");
        return r;
    }

    private static Optional<JsonNode> incidentOn(String queue) {
        CliProcess.Result list = cli("incidents", "list", "--output", "json");
        return list.exitCode() != 0 ? Optional.empty() : Optional.ofNullable(entry(Probe.json(list.out()), "resource.name", queue));
    }

    /** The first element of {@code array} whose (dotted) field equals {@code value}, or null. */
    private static JsonNode entry(JsonNode array, String field, String value) {
        for (JsonNode e : array) {
            JsonNode f = e;
            for (String part : field.split("\\.")) {
                f = f.path(part);
            }
            if (value.equals(f.asText())) {
                return e;
            }
        }
        return null;
    }

    private static void tamper(String queue) {
        String url = cloud.getQueueUrl(b -> b.queueName(queue)).queueUrl();
        cloud.setQueueAttributes(b -> b.queueUrl(url).attributesWithStrings(Map.of("VisibilityTimeout", "77")));
    }

    private static String visibility(String queue) {
        try {
            String url = cloud.getQueueUrl(b -> b.queueName(queue)).queueUrl();
            return cloud.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT))
                    .attributesAsStrings().get("VisibilityTimeout");
        } catch (software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException e) {
            return null;
        }
    }
}
