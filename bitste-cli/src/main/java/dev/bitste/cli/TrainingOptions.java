package dev.bitste.cli;

import dev.bitste.experiments.TrainingSetup;
import dev.bitste.ste.LearningRate;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Model and trainer options shared by the model A experiments (a picocli mixin). */
final class TrainingOptions {
    @Option(names = "--k", converter = OptionValues.PositiveInt.class, description = "Rows per sample (hidden units). Default: ${DEFAULT-VALUE}.")
    int k = 4;

    @Option(names = "--seed", description = "Base seed; every trial derives its own. Default: ${DEFAULT-VALUE}.")
    long seed = 1;

    @Option(names = "--schedule", description = "Learning rate: constant[:eta0], invsqrt[:eta0] or power[:eta0[:a]]."
            + " Default: ${DEFAULT-VALUE}.")
    String schedule = "invsqrt:1";

    @Option(names = "--init-std", converter = OptionValues.PositiveFinite.class, description = "Std of the latent initialization. Default: ${DEFAULT-VALUE}.")
    double initStd = 0.01;

    @Option(names = "--batch-size", converter = OptionValues.NonNegativeInt.class, description = "Samples per step, 0 = full batch. Default: ${DEFAULT-VALUE}.")
    int batchSize = 0;

    @Option(names = "--threads", converter = OptionValues.PositiveInt.class, description = "Trials run in parallel (numbers do not depend on it)."
            + " Default: all cores.")
    int threads = Runtime.getRuntime().availableProcessors();

    @Mixin
    ResultsDirOption results;

    TrainingSetup setup(int steps) {
        return new TrainingSetup(k, steps, LearningRate.parse(schedule), initStd, batchSize, seed, threads);
    }
}
