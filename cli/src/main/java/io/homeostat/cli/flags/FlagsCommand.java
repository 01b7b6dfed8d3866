package io.homeostat.cli.flags;

import io.homeostat.cli.ExitCodes;
import io.homeostat.cli.api.CommandGroup;
import picocli.CommandLine.Command;

/** {@code homeostat flags …}: drift flags, which pause or disable Homeostat's reaction per resource or phase. */
@Command(name = "flags", mixinStandardHelpOptions = true,
        description = "List, set and clear drift flags (ENABLED, PAUSED: plan and wait for approval, DISABLED: not watched), with expiry.",
        subcommands = {FlagListCommand.class, FlagSetCommand.class, FlagClearCommand.class},
        footer = ExitCodes.HELP)
public final class FlagsCommand extends CommandGroup {}
