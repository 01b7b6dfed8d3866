package io.homeostat.cli.incidents;

import io.homeostat.cli.ExitCodes;
import io.homeostat.cli.api.CommandGroup;
import picocli.CommandLine.Command;

/** {@code homeostat incidents …}: what Homeostat detected and did about it. */
@Command(name = "incidents", mixinStandardHelpOptions = true,
        description = "List incidents, or show one with its timeline, plan, steps and ledger (and --watch it).",
        subcommands = {IncidentListCommand.class, IncidentShowCommand.class},
        footer = ExitCodes.HELP)
public final class IncidentsCommand extends CommandGroup {}
