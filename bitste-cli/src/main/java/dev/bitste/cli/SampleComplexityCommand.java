package dev.bitste.cli;

import dev.bitste.data.Distribution;
import dev.bitste.experiments.SampleComplexityExperiment;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bitste experiment sample-complexity}. */
@Command(name = SampleComplexityExperiment.NAME, mixinStandardHelpOptions = true,
        description = "Exact-recovery rate of model A's STE training against m, per n; where the transition sits.")
final class SampleComplexityCommand implements Callable<Integer> {
    @Option(names = "--n", converter = OptionValues.PositiveInt.class, split = ",", description = "Input dimensions. Default: ${DEFAULT-VALUE}.")
    List<Integer> n = List.of(16, 32, 64, 128);

    @Option(names = "--m-over-n", converter = OptionValues.PositiveFinite.class, split = ",", description = "Samples per dimension m/n. Default: ${DEFAULT-VALUE}.")
    List<Double> mOverN = List.of(0.5, 1.0, 2.0, 4.0, 8.0, 16.0);

    @Option(names = "--trials", converter = OptionValues.PositiveInt.class, description = "Trials per (n, m). Default: ${DEFAULT-VALUE}.")
    int trials = 20;

    @Option(names = "--dist", description = "gaussian, rademacher, uniform01 or exponential. Default: ${DEFAULT-VALUE}.")
    String dist = "gaussian";

    @Option(names = "--steps", converter = OptionValues.PositiveInt.class, description = "Training steps. Default: ${DEFAULT-VALUE}.")
    int steps = 300;

    @Option(names = "--noise", converter = OptionValues.NonNegativeFinite.class, description = "Std of the Gaussian label noise. Default: ${DEFAULT-VALUE}.")
    double noise = 0;

    @Option(names = "--normalize", description = "Standardize the inputs inside the network. Default: off.")
    boolean normalize;

    @Mixin
    TrainingOptions training;

    @Override
    public Integer call() {
        Path root = training.results.writable();
        var params = new SampleComplexityExperiment.Params(n, mOverN, trials, Distribution.parse(dist), noise,
                normalize, training.setup(steps));
        Path dir = SampleComplexityExperiment.report(SampleComplexityExperiment.run(params), root, System.out);
        System.out.println("wrote " + dir);
        return 0;
    }
}
