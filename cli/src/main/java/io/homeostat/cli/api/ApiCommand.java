package io.homeostat.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Mixin;

/**
 * Base of every command that calls the operator API: the global options (where, who, how to print) and one
 * {@link ApiClient} per run; printing and exit codes are {@link ResultCommand}'s.
 */
public abstract class ApiCommand extends ResultCommand {

    @Mixin
    protected GlobalOptions global;

    @Override
    protected GlobalOptions.OutputFormat output() {
        return global.output();
    }

    @Override
    protected final JsonNode result() {
        return call(client());
    }

    /** The detector's API; commands for another service's API (the planner's) override this. */
    protected ApiClient client() {
        return new ApiClient(global);
    }

    /** Makes the call(s) and returns what to print. */
    protected abstract JsonNode call(ApiClient api);
}
