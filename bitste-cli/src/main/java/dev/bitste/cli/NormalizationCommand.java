package dev.bitste.cli;

import dev.bitste.data.Distribution;
import dev.bitste.experiments.NormalizationExperiment;
import dev.bitste.experiments.Sweep;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bitste experiment normalization}. */
@Command(name = NormalizationExperiment.NAME, mixinStandardHelpOptions = true,
        description = "Exact-recovery rate per input distribution, with and without the standardization layer.")
final class NormalizationCommand implements Callable<Integer>, MergeCommand.Mergeable {
    @Option(names = "--n", converter = OptionValues.PositiveInt.class, description = "Input dimension. Default: ${DEFAULT-VALUE}.")
    int n = 32;

    @Option(names = "--dist", split = ",", description = "Distributions. Default: ${DEFAULT-VALUE}.")
    List<String> dist = List.of("gaussian", "rademacher", "uniform01", "exponential");

    @Option(names = "--m-over-n", converter = OptionValues.PositiveFinite.class, split = ",", description = "Samples per dimension m/n. Default: ${DEFAULT-VALUE}.")
    List<Double> mOverN = List.of(1.0, 2.0, 4.0, 8.0, 16.0);

    @Option(names = "--trials", converter = OptionValues.PositiveInt.class, description = "Trials per cell. Default: ${DEFAULT-VALUE}.")
    int trials = 20;

    @Option(names = "--steps", converter = OptionValues.PositiveInt.class, description = "Training steps. Default: ${DEFAULT-VALUE}.")
    int steps = 300;

    @Option(names = "--noise", converter = OptionValues.NonNegativeFinite.class, description = "Std of the Gaussian label noise. Default: ${DEFAULT-VALUE}.")
    double noise = 0;

    @Mixin
    TrainingOptions training;

    @Mixin
    SweepOptions sharding;

    @Override
    public Sweep<?> sweep() {
        return new NormalizationExperiment(new NormalizationExperiment.Params(n,
                dist.stream().map(Distribution::parse).toList(), mOverN, trials, noise, training.setup(steps)));
    }

    @Override
    public Integer call() {
        return sharding.run(sweep(), training.threads, training.results.writable());
    }
}
