package dev.bitste.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code bitste} command line. */
@Command(name = "bitste", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Binarized-network kernels, STE training and their benchmarks.",
        subcommands = {InfoCommand.class, BenchCommand.class, ReportCommand.class, CompareCommand.class,
            ExperimentCommand.class, TrainCommand.class, InferCommand.class,
            CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (2 for bad arguments). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("bitste: " + e.getMessage());
            e.getCommandLine().usage(e.getCommandLine().getErr());
            return 2;
        });
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                cmd.getErr().println("bitste: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"bitste " + (v == null ? "dev" : v)};
        }
    }
}
