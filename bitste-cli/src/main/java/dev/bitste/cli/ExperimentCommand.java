package dev.bitste.cli;

import picocli.CommandLine.Command;

/** Parent of the experiments that reproduce the papers' claims; each writes under results/experiments/. */
@Command(name = "experiment", description = "Run an experiment (JSON + CSV + chart under results/experiments/).",
        subcommands = {SampleComplexityCommand.class, RecurrenceCommand.class, NormalizationCommand.class,
            SubspaceCommand.class, FogzoCommand.class})
final class ExperimentCommand {
}
