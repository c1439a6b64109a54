package dev.bitste.cli;

import dev.bitste.data.Distribution;
import dev.bitste.experiments.RecurrenceExperiment;
import dev.bitste.experiments.Sweep;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bitste experiment recurrence}. */
@Command(name = RecurrenceExperiment.NAME, mixinStandardHelpOptions = true,
        description = "Long STE runs under label noise: Hamming distance traces, fraction of steps at w*, hitting times.")
final class RecurrenceCommand implements Callable<Integer>, MergeCommand.Mergeable {
    @Option(names = "--n", converter = OptionValues.PositiveInt.class, description = "Input dimension. Default: ${DEFAULT-VALUE}.")
    int n = 32;

    @Option(names = "--m", converter = OptionValues.PositiveInt.class, split = ",", description = "Numbers of samples. Default: ${DEFAULT-VALUE}.")
    List<Integer> m = List.of(256, 1024);

    @Option(names = "--noise", converter = OptionValues.NonNegativeFinite.class, split = ",", description = "Label noise stds. Default: ${DEFAULT-VALUE}.")
    List<Double> noise = List.of(0.0, 0.3, 1.0);

    @Option(names = "--steps", converter = OptionValues.PositiveInt.class, description = "Training steps. Default: ${DEFAULT-VALUE}.")
    int steps = 2000;

    @Option(names = "--trials", converter = OptionValues.PositiveInt.class, description = "Trials per (m, noise). Default: ${DEFAULT-VALUE}.")
    int trials = 5;

    @Option(names = "--dist", description = "gaussian, rademacher, uniform01 or exponential. Default: ${DEFAULT-VALUE}.")
    String dist = "gaussian";

    @Mixin
    TrainingOptions training;

    @Mixin
    SweepOptions sharding;

    @Override
    public Sweep<?> sweep() {
        return new RecurrenceExperiment(new RecurrenceExperiment.Params(n, m, noise, trials, Distribution.parse(dist),
                training.setup(steps)));
    }

    @Override
    public Integer call() {
        return sharding.run(sweep(), training.threads, training.results.writable());
    }
}
