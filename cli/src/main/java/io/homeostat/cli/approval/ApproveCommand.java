package io.homeostat.cli.approval;

import io.homeostat.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code homeostat approve PLAN}: let a held plan run. */
@Command(name = "approve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Approve a plan held for approval (drift flag PAUSED, drift mode approve, a policy rule, low confidence): it then runs.",
        footer = ExitCodes.HELP + "%nA plan that is not waiting (already decided, expired) exits 1.")
public final class ApproveCommand extends PlanDecisionCommand {

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why (recorded with your user on the incident).")
    String reason;

    @Override
    String decision() {
        return "approve";
    }

    @Override
    String reason() {
        return reason;
    }
}
