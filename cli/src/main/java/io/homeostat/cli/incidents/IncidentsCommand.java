package io.homeostat.cli.incidents;

import io.homeostat.cli.ExitCodes;
import io.homeostat.cli.api.CommandGroup;
import picocli.CommandLine.Command;

/** {@code homeostat incidents …}: what Homeostat detected and did about it. */
@Command(name = "incidents", mixinStandardHelpOptions = true,
        description = {"List incidents, or show one with its timeline, plan, steps and ledger (and --watch it).",
                "'incidents close' closes an ESCALATED incident after a person has looked."},
        subcommands = {IncidentListCommand.class, IncidentShowCommand.class, IncidentCloseCommand.class},
        footer = ExitCodes.HELP)
public final class IncidentsCommand extends CommandGroup {}
