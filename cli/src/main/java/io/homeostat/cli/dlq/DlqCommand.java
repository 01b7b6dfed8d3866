package io.homeostat.cli.dlq;

import io.homeostat.cli.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code homeostat dlq …}: dead letters of every consumer queue. */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "List and replay dead letters (messages a consumer gave up on, with the reason).",
        subcommands = {DlqListCommand.class, DlqReplayCommand.class},
        footer = ExitCodes.HELP)
public final class DlqCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say what to do: list or replay (see 'homeostat dlq --help')");
    }
}
