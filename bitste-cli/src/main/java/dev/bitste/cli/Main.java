package dev.bitste.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code bitste} command line. */
@Command(name = "bitste", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Binarized-network kernels, STE training and their benchmarks.",
        subcommands = {InfoCommand.class, BenchCommand.class, ReportCommand.class, CompareCommand.class,
            BaselineCommand.class, HistoryCommand.class, ExportCommand.class, GatePowerCommand.class,
            ExperimentCommand.class, TrainCommand.class, InferCommand.class,
            CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the command line and returns the exit code: 0, 1 when what was measured failed (or on a bug), 2 when the
     * input cannot be used (one line on stderr; see {@link Failures}).
     */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setParameterExceptionHandler((e, a) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("bitste: " + e.getMessage() + " (see: " + cmd.getCommandSpec().qualifiedName()
                    + " --help)");
            return Failures.BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> Failures.report(e, cmd.getErr()));
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError | ExceptionInInitializerError e) { // picocli lets errors through
            return Failures.report(e, cli.getErr());
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"bitste " + (v == null ? "dev" : v)};
        }
    }
}
