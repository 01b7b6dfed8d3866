package io.homeostat.cli.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.homeostat.cli.CliException;
import io.homeostat.cli.ExitCodes;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of every command that produces a result: runs it, prints it as JSON (pretty-printed) or as text, and maps
 * failures to exit codes. With {@code --output json} a failure also prints {@code {"error": …, "exitCode": …}} on
 * stdout, so a script reading stdout always gets JSON. API commands extend {@link ApiCommand}; local ones
 * ({@code validate}, {@code bootstrap}) extend this directly.
 */
public abstract class ResultCommand implements Callable<Integer> {

    @Spec
    protected CommandSpec spec;

    /** How the result is to be printed. */
    protected abstract GlobalOptions.OutputFormat output();

    /** Validates the command's own options before any work; throw {@link CliException} with USAGE when wrong. */
    protected void validate() {}

    /** Does the work and returns what to print. */
    protected abstract JsonNode result();

    /** Renders the result for people. */
    protected abstract void printText(JsonNode result, PrintWriter out);

    /** The exit code for a result obtained without an error (e.g. a replay that left messages behind: FAILURE). */
    protected int exitCodeFor(JsonNode result) {
        return ExitCodes.OK;
    }

    protected final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected final PrintWriter err() {
        return spec.commandLine().getErr();
    }

    @Override
    public final Integer call() {
        PrintWriter out = out();
        try {
            validate();
            JsonNode result = result();
            if (output() == GlobalOptions.OutputFormat.json) {
                out.println(ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result));
            } else {
                printText(result, out);
            }
            out.flush();
            return exitCodeFor(result);
        } catch (CliException e) {
            if (output() == GlobalOptions.OutputFormat.json) {
                out.println(ApiClient.JSON.createObjectNode().put("error", e.getMessage()).put("exitCode", e.exitCode()).toPrettyString());
                out.flush();
            }
            err().println("homeostat: " + e.getMessage());
            err().flush();
            return e.exitCode();
        } catch (JsonProcessingException e) {
            throw new CliException(ExitCodes.FAILURE, "cannot print the result: " + e.getMessage());
        }
    }
}
