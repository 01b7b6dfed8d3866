package io.homeostat.cli.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.homeostat.cli.ExitCodes;
import io.homeostat.cli.api.Ansi;
import io.homeostat.cli.api.ApiClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The plan as terraform users read it: symbols, colours only when on, a summary, and an exit code per outcome. */
class PlanViewTest {

    private static final String DRIFTED = """
            {"logicalId":"orders-queue","type":"aws.sqs.queue","name":"orders","status":"DRIFTED",
             "diff":[{"path":"VisibilityTimeout","desired":"30","actual":"77"},
                     {"path":"tags.team","desired":"payments","actual":null},
                     {"path":"tags.owner","desired":null,"actual":"mallory\\u001b[2J"}],
             "wouldRun":[{"step":1,"action":"aws.sqs.queue/SetQueueAttributes","parameters":{}}],"error":null}""";
    private static final String MISSING = """
            {"logicalId":"audit-queue","type":"aws.sqs.queue","name":"audit","status":"MISSING","diff":[],
             "wouldRun":[{"step":1,"action":"aws.sqs.queue/CreateQueue","parameters":{}}],"error":null}""";
    private static final String IN_SYNC = """
            {"logicalId":"ok-queue","type":"aws.sqs.queue","name":"ok","status":"IN_SYNC","diff":[],"wouldRun":[],"error":null}""";
    private static final String ERROR = """
            {"logicalId":"gone","type":"aws.s3.bucket","name":"gone","status":"ERROR","diff":[],"wouldRun":[],"error":"AccessDenied"}""";

    private static JsonNode entries(String... entries) throws Exception {
        return ApiClient.JSON.readTree("[" + String.join(",", entries) + "]");
    }

    private static String render(JsonNode entries, boolean colour) {
        StringWriter s = new StringWriter();
        PlanView.print(entries, Ansi.of(colour), new PrintWriter(s));
        return s.toString();
    }

    @Test
    void changesAreListedWithTerraformSymbolsAndASummaryWithoutColourWhenOff() throws Exception {
        String out = render(entries(DRIFTED, MISSING, IN_SYNC), false);
        assertTrue(out.contains("  ~ aws.sqs.queue \"orders\" (orders-queue)\n"), out);
        assertTrue(out.contains("      ~ VisibilityTimeout: \"77\" -> \"30\"\n"), out);
        assertTrue(out.contains("      + tags.team = \"payments\"\n"), out);
        assertTrue(out.contains("      - tags.owner = \"mallory\\u001B[2J\"\n"), "cloud text is escaped: " + out);
        assertTrue(out.contains("      would run aws.sqs.queue/SetQueueAttributes\n"), out);
        assertTrue(out.contains("  + aws.sqs.queue \"audit\" (audit-queue)  missing: will be created\n"), out);
        assertTrue(out.contains("Plan: 1 to create, 1 to change, 1 in sync.\n"), out);
        assertTrue(out.endsWith("This was a dry run: no changes made.\n"), out);
        assertFalse(out.contains("\u001b"), "no escape codes at all with colour off");
    }

    @Test
    void coloursFollowTerraformWhenOn() throws Exception {
        String out = render(entries(DRIFTED, MISSING, ERROR), true);
        assertTrue(out.contains("\u001b[33m~ aws.sqs.queue \"orders\" (orders-queue)\u001b[0m"), "change: yellow");
        assertTrue(out.contains("\u001b[32m+ aws.sqs.queue \"audit\" (audit-queue)\u001b[0m"), "create: green");
        assertTrue(out.contains("\u001b[31m- tags.owner"), "removal: red");
        assertTrue(out.contains("\u001b[31m! aws.s3.bucket \"gone\" (gone)\u001b[0m  cannot observe: \"AccessDenied\""), "error: red");
    }

    @Test
    void inSyncSaysSo() throws Exception {
        String out = render(entries(IN_SYNC), false);
        assertEquals("No changes. The cloud matches the phase files (1 resource(s) in sync).\nThis was a dry run: no changes made.\n", out);
    }

    @Test
    void exitCodesLikeDetailedExitcode() throws Exception {
        assertEquals(ExitCodes.OK, PlanView.exitCode(entries(IN_SYNC)));
        assertEquals(ExitCodes.OK, PlanView.exitCode(entries()));
        assertEquals(ExitCodes.CHANGES, PlanView.exitCode(entries(IN_SYNC, DRIFTED)));
        assertEquals(ExitCodes.CHANGES, PlanView.exitCode(entries(MISSING)));
        assertEquals(ExitCodes.FAILURE, PlanView.exitCode(entries(DRIFTED, ERROR)), "not observable wins over changes");
    }
}
