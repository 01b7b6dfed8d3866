package io.homeostat.cli.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.homeostat.cli.ExitCodes;
import io.homeostat.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code homeostat validate} runs the services' PhaseLoader with every provider's checks, locally, and says where. */
class ValidateCommandTest {

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void theRepositorysPhasesAreValid() {
        Path phases = Path.of(System.getProperty("user.dir")).toAbsolutePath().resolveSibling("phases");
        CliRun r = run("validate", phases.toString());
        assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
        assertTrue(r.out().matches("(?s).*: valid: \\d+ resource\\(s\\), \\d+ policy rule\\(s\\) in \\d+ file\\(s\\)\\n"), r.out());
    }

    @Test
    void everyProblemIsFileLineColumnAndTheSetExits1() throws IOException {
        Path file = dir.resolve("10-messaging.yaml");
        Files.writeString(file, """
                resources:
                  orders-queue:
                    type: aws.sqs.queu
                    name: orders
                  other-queue:
                    type: aws.sqs.queue
                    name: other
                    properties:
                      VisibiltyTimeout: 30
                """);
        Path syntax = dir.resolve("20-broken.yaml");
        Files.writeString(syntax, "resources:\n\tbad: {}\n");

        CliRun r = run("validate", dir.toString());

        assertEquals(ExitCodes.FAILURE, r.code(), r.out());
        assertTrue(r.out().contains(file + ":3:5: resources.orders-queue.type: unknown resource type 'aws.sqs.queu'"), r.out());
        assertTrue(r.out().contains(file + ":8:5: resources.other-queue.properties: "), r.out());
        assertTrue(r.out().contains(syntax + ":2:1: invalid YAML"), r.out());
        assertTrue(r.out().endsWith("3 problem(s); nothing in " + dir + " would be applied\n"), r.out());
    }

    @Test
    void jsonSplitsEachProblemIntoFileLineColumnAndMessage() throws IOException {
        Path file = dir.resolve("10-messaging.yaml");
        Files.writeString(file, "resources:\n  q:\n    type: aws.sqs.queue\n");

        CliRun r = run("validate", dir.toString(), "--output", "json");

        assertEquals(ExitCodes.FAILURE, r.code());
        JsonNode json = r.json();
        assertEquals(false, json.path("valid").asBoolean(true));
        JsonNode p = json.path("problems").get(0);
        assertEquals(file.toString(), p.path("file").asText());
        assertEquals(2, p.path("line").asInt());
        assertEquals(3, p.path("column").asInt());
        assertEquals("resources.q.name: missing", p.path("message").asText());
    }

    @Test
    void aProblemWithoutALocationKeepsItsText() {
        var p = ValidateCommand.problem("phases: phases folder not found");
        assertTrue(p.path("line").isNull());
        assertEquals("phases: phases folder not found", p.path("message").asText());
    }

    @Test
    void aFolderThatIsNotThereIsReportedNotThrown() {
        CliRun r = run("validate", dir.resolve("nope").toString());
        assertEquals(ExitCodes.FAILURE, r.code());
        assertTrue(r.out().contains("phases folder not found"), r.out());
    }
}
