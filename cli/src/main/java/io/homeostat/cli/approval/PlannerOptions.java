package io.homeostat.cli.approval;

import io.homeostat.cli.api.ApiClient;
import io.homeostat.cli.api.GlobalOptions;
import picocli.CommandLine.Option;

/** Where the planner's API is: plans and decisions on them live there, not in the detector. */
public final class PlannerOptions {

    @Option(names = "--planner-api", paramLabel = "URL", defaultValue = "${env:HOMEOSTAT_PLANNER_API:-http://localhost:8083}",
            description = "The planner's API. Default: $HOMEOSTAT_PLANNER_API or ${DEFAULT-VALUE}.")
    String plannerApi;

    /** A client for the planner with the global token and timeout; the URL is checked like --api. */
    ApiClient client(GlobalOptions global) {
        return new ApiClient(GlobalOptions.httpUri("--planner-api", plannerApi), global.token(), global.timeout(),
                "is the planner running? (--planner-api URL or HOMEOSTAT_PLANNER_API)");
    }
}
