package io.homeostat.cli;

import io.homeostat.cli.approval.ApproveCommand;
import io.homeostat.cli.approval.PlansCommand;
import io.homeostat.cli.approval.RejectCommand;
import io.homeostat.cli.bootstrap.BootstrapCommand;
import io.homeostat.cli.dlq.DlqCommand;
import io.homeostat.cli.flags.FlagsCommand;
import io.homeostat.cli.incidents.IncidentsCommand;
import io.homeostat.cli.plan.PlanCommand;
import io.homeostat.cli.rollback.RollbackCommand;
import io.homeostat.cli.status.StatusCommand;
import io.homeostat.cli.validate.ValidateCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code homeostat}: the operator's command line. Each command is one class in a package per concern
 * ({@code dlq/}, …) and talks to the services' operator API through {@link io.homeostat.cli.api.ApiClient}; add a
 * command by adding its class to a group's {@code subcommands}.
 */
@Command(name = "homeostat", mixinStandardHelpOptions = true, versionProvider = HomeostatCli.Version.class,
        description = {"Operate Homeostat: check phase files, see drift and incidents, decide on plans, manage flags, dead letters"
                + " and rollbacks through the services' API (the detector, default http://localhost:8081; plans: the planner,"
                + " default http://localhost:8083), and bootstrap its queues and tables.",
                "Every command has --help and --output json; the API token comes from $HOMEOSTAT_TOKEN or --token-file."},
        subcommands = {ValidateCommand.class, PlanCommand.class, StatusCommand.class, IncidentsCommand.class, PlansCommand.class,
                ApproveCommand.class, RejectCommand.class, FlagsCommand.class, DlqCommand.class, RollbackCommand.class,
                BootstrapCommand.class, CommandLine.HelpCommand.class},
        footer = ExitCodes.HELP)
public final class HomeostatCli implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say which command (see 'homeostat --help')");
    }

    public static void main(String[] args) {
        // shared-runtime's JBoss Logging would otherwise print its INFO lines through java.util.logging on stderr;
        // through SLF4J they reach slf4j-nop. The CLI says what matters itself.
        if (System.getProperty("org.jboss.logging.provider") == null) {
            System.setProperty("org.jboss.logging.provider", "slf4j");
        }
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs one command line, writing to {@code out}/{@code err}; returns its exit code. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new HomeostatCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(e -> e instanceof CliException c ? c.exitCode()
                : e instanceof CommandLine.ParameterException ? ExitCodes.USAGE : ExitCodes.FAILURE);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("homeostat: " + e.getMessage());
            return e instanceof CliException c ? c.exitCode() : ExitCodes.FAILURE;
        });
        return cli.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = HomeostatCli.class.getPackage().getImplementationVersion();
            return new String[] {"homeostat " + (v == null ? "development build" : v)};
        }
    }
}
