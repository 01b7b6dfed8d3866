package io.homeostat.cli.api;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that only groups subcommands ({@code dlq}, {@code incidents}, {@code flags}): alone it is a usage error naming them. */
public abstract class CommandGroup implements Runnable {

    @Spec
    protected CommandSpec spec;

    @Override
    public void run() {
        List<String> names = spec.subcommands().keySet().stream().filter(n -> !n.equals("help")).toList();
        String choices = names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
        throw new CommandLine.ParameterException(spec.commandLine(), "say what to do: " + choices + " (see 'homeostat "
                + spec.name() + " --help')");
    }
}
