package io.homeostat.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.homeostat.cli.CliException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of every command that calls the API: parses the global options, runs the call, prints the result as JSON
 * (exactly what the API answered, pretty-printed) or as text, and maps failures to exit codes. With
 * {@code --output json} a failure also prints {@code {"error": …, "exitCode": …}} on stdout for scripts.
 */
public abstract class ApiCommand implements Callable<Integer> {

    @Mixin
    protected GlobalOptions global;

    @Spec
    protected CommandSpec spec;

    /** Validates the command's own options before any call; throw {@link CliException} with USAGE when wrong. */
    protected void validate() {}

    /** Makes the call(s) and returns what to print. */
    protected abstract JsonNode call(ApiClient api);

    /** Renders the result for people. */
    protected abstract void printText(JsonNode result, PrintWriter out);

    /** The exit code for a result the API returned successfully (e.g. a replay that left messages behind: FAILURE). */
    protected int exitCodeFor(JsonNode result) {
        return 0;
    }

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            validate();
            JsonNode result = call(new ApiClient(global));
            if (global.output() == GlobalOptions.OutputFormat.json) {
                out.println(ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result));
            } else {
                printText(result, out);
            }
            out.flush();
            return exitCodeFor(result);
        } catch (CliException e) {
            if (global.output() == GlobalOptions.OutputFormat.json) {
                out.println(ApiClient.JSON.createObjectNode().put("error", e.getMessage()).put("exitCode", e.exitCode()).toPrettyString());
                out.flush();
            }
            spec.commandLine().getErr().println("homeostat: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return e.exitCode();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CliException(1, "cannot print the result: " + e.getMessage());
        }
    }
}
