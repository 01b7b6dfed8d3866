package io.homeostat.cli.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.homeostat.cli.CliException;
import io.homeostat.cli.ExitCodes;
import io.homeostat.cli.api.ApiClient;
import io.homeostat.cli.api.GlobalOptions;
import io.homeostat.cli.api.Progress;
import io.homeostat.cli.api.ResultCommand;
import io.homeostat.cli.api.TerminalOptions;
import io.homeostat.runtime.bootstrap.BootstrapMain;
import io.homeostat.runtime.bootstrap.BootstrapReport;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * {@code homeostat bootstrap}: creates Homeostat's own queues (with their DLQs) and tables, and in eventbridge mode
 * the bus, rules and queue policies, by running shared-runtime's {@code Bootstrap} in-process against AWS or the
 * emulators. Idempotent: what exists as needed is left alone, what differs is set. Needs AWS credentials, not an API token.
 */
@Command(name = "bootstrap", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Create Homeostat's queues and tables (and EventBridge bus and rules) if missing; safe to run again.",
                "Talks to AWS (or the endpoints given) directly with the AWS credentials chain, or",
                "HOMEOSTAT_CONTROL_ACCESS_KEY_ID / HOMEOSTAT_CONTROL_SECRET_ACCESS_KEY. Every option can also be given as",
                "HOMEOSTAT_CONTROL_<OPTION> (e.g. HOMEOSTAT_CONTROL_SQS_ENDPOINT); the option wins."},
        footer = ExitCodes.HELP + "%nbootstrap exits 4 when an endpoint cannot be reached, 1 on any other failure.")
public final class BootstrapCommand extends ResultCommand {

    @Option(names = "--region", paramLabel = "REGION", description = "Region of the queues, tables and bus. Default: $AWS_REGION, else us-east-1.")
    String region;

    @Option(names = "--sqs-endpoint", paramLabel = "URL", description = "SQS endpoint override (e.g. ElasticMQ). Default: AWS.")
    String sqsEndpoint;

    @Option(names = "--dynamodb-endpoint", paramLabel = "URL", description = "DynamoDB endpoint override (e.g. DynamoDB Local). Default: AWS.")
    String dynamodbEndpoint;

    @Option(names = "--eventbridge-endpoint", paramLabel = "URL", description = "EventBridge endpoint override. Default: AWS.")
    String eventbridgeEndpoint;

    @Option(names = "--publish-mode", paramLabel = "MODE", description = "direct (queues and tables) or eventbridge (also bus, rules, queue policies). Default: direct.")
    String publishMode;

    @Option(names = "--queue-prefix", paramLabel = "PREFIX", description = "Default: homeostat-.")
    String queuePrefix;

    @Option(names = "--table-prefix", paramLabel = "PREFIX", description = "Default: homeostat-.")
    String tablePrefix;

    @Option(names = "--event-bus", paramLabel = "NAME", description = "Default: homeostat.")
    String eventBus;

    @Option(names = "--max-attempts", paramLabel = "N", description = "Consumer attempts before the DLQ (redrive after N+2 receives). Default: 5.")
    Integer maxAttempts;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", description = "text or json. Default: ${DEFAULT-VALUE}.")
    GlobalOptions.OutputFormat output;

    @Mixin
    TerminalOptions terminal;

    @Override
    protected GlobalOptions.OutputFormat output() {
        return output;
    }

    /** The options given, by BootstrapMain's setting names; the others fall back to its system property / environment lookup. */
    Map<String, String> given() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("homeostat.control.region", region);
        s.put("homeostat.control.sqs-endpoint", sqsEndpoint);
        s.put("homeostat.control.dynamodb-endpoint", dynamodbEndpoint);
        s.put("homeostat.control.eventbridge-endpoint", eventbridgeEndpoint);
        s.put("homeostat.control.publish-mode", publishMode);
        s.put("homeostat.control.queue-prefix", queuePrefix);
        s.put("homeostat.control.table-prefix", tablePrefix);
        s.put("homeostat.control.event-bus", eventBus);
        s.put("homeostat.consumer.max-attempts", maxAttempts == null ? null : maxAttempts.toString());
        s.values().removeIf(v -> v == null);
        return s;
    }

    @Override
    protected JsonNode result() {
        Map<String, String> given = given();
        ObjectNode r = ApiClient.JSON.createObjectNode();
        AtomicInteger done = new AtomicInteger();
        BootstrapReport report;
        try (Progress progress = terminal.progress(err())) {
            progress.step("connecting");
            report = BootstrapMain.run(key -> Optional.ofNullable(given.get(key)).or(() -> BootstrapMain.setting(key)),
                    line -> r.put("target", line.replaceFirst("^bootstrap: ", "")),
                    item -> progress.step(done.incrementAndGet() + " done; " + item.line().replaceAll("\\s+", " ")));
        } catch (SdkClientException e) {
            throw new CliException(ExitCodes.UNREACHABLE, "bootstrap failed, an endpoint could not be reached: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        } catch (RuntimeException e) {
            throw new CliException(ExitCodes.FAILURE, "bootstrap failed: " + e);
        }
        ArrayNode items = r.putArray("items");
        report.items().forEach(i -> items.addObject().put("kind", i.kind()).put("name", i.name()).put("status", i.status().name()));
        r.put("created", report.withStatus(BootstrapReport.Status.CREATED).size())
                .put("updated", report.withStatus(BootstrapReport.Status.UPDATED).size())
                .put("present", report.withStatus(BootstrapReport.Status.PRESENT).size());
        return r;
    }

    @Override
    protected void printText(JsonNode r, PrintWriter out) {
        out.println("bootstrap: " + r.path("target").asText());
        r.path("items").forEach(i -> out.println(new BootstrapReport.Item(i.path("kind").asText(), i.path("name").asText(),
                BootstrapReport.Status.valueOf(i.path("status").asText())).line()));
        out.printf("bootstrap done: %d created, %d updated, %d already present%n", r.path("created").asInt(), r.path("updated").asInt(),
                r.path("present").asInt());
    }
}
