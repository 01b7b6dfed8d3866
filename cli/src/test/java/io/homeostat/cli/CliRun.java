package io.homeostat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.homeostat.cli.api.ApiClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;

/** One command line run in-process as picocli runs it: the exit code and what went to stdout and stderr. */
public record CliRun(int code, String out, String err) {

    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = HomeostatCli.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    public JsonNode json() throws IOException {
        return ApiClient.JSON.readTree(out);
    }
}
