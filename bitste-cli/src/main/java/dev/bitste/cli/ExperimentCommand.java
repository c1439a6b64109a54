package dev.bitste.cli;

import picocli.CommandLine.Command;

/** Parent of the experiments that reproduce the papers' claims; each writes under results/experiments/. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = "Run an experiment (JSON + CSV + charts under <results-dir>/experiments/<name>/<UTC>/).",
        subcommands = {SampleComplexityCommand.class, RecurrenceCommand.class, NormalizationCommand.class,
            SubspaceCommand.class, FogzoCommand.class, LeNet5Command.class})
final class ExperimentCommand {
}
