package io.homeostat.cli.dlq;

import io.homeostat.cli.ExitCodes;
import io.homeostat.cli.api.CommandGroup;
import picocli.CommandLine.Command;

/** {@code homeostat dlq …}: dead letters of every consumer queue. */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "List and replay dead letters (messages a consumer gave up on, with the reason).",
        subcommands = {DlqListCommand.class, DlqReplayCommand.class},
        footer = ExitCodes.HELP)
public final class DlqCommand extends CommandGroup {}
