package io.homeostat.cli.approval;

import io.homeostat.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code homeostat reject PLAN --reason TEXT}: a held plan never runs; the incident closes REJECTED. */
@Command(name = "reject", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Reject a plan held for approval: it never runs and its incident closes as REJECTED.",
        footer = ExitCodes.HELP + "%nA plan that is not waiting (already decided, expired) exits 1.")
public final class RejectCommand extends PlanDecisionCommand {

    @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why (required; recorded with your user on the incident).")
    String reason;

    @Override
    String decision() {
        return "reject";
    }

    @Override
    String reason() {
        return reason;
    }
}
