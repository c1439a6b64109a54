package dev.bitste.cli;

import dev.bitste.data.Distribution;
import dev.bitste.experiments.SampleComplexityExperiment;
import dev.bitste.experiments.Sweep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bitste experiment sample-complexity}. */
@Command(name = SampleComplexityExperiment.NAME, mixinStandardHelpOptions = true,
        description = {"Exact-recovery rate of model A's STE training against m, per n; the 50%% transition m*(n) by a"
            + " logistic fit with a bootstrap interval, and the exponent alpha of m* ~ n^alpha.",
            "Grids: a list of m/n values (2,4,8) or LO:HI:K, K points per doubling from LO to HI (1:16:4)."})
final class SampleComplexityCommand implements Callable<Integer>, MergeCommand.Mergeable {
    @Option(names = "--n", converter = OptionValues.PositiveInt.class, split = ",", description = "Input dimensions. Default: ${DEFAULT-VALUE}.")
    List<Integer> n = List.of(16, 32, 64, 128);

    @Option(names = "--m-over-n", paramLabel = "GRID", description = "The grid of m/n for every n. Default:"
            + " ${DEFAULT-VALUE}.")
    String mOverN = "0.5:16:2";

    @Option(names = "--grid", paramLabel = "N=GRID", description = "The grid of m/n for one n (repeat the option for"
            + " several), e.g. --grid 512=8:32:4; the other n use --m-over-n.")
    List<String> grids = new ArrayList<>();

    @Option(names = "--trials", converter = OptionValues.PositiveInt.class, description = "Trials per (n, m). Default: ${DEFAULT-VALUE}.")
    int trials = 20;

    @Option(names = "--dist", description = "gaussian, rademacher, uniform01 or exponential. Default: ${DEFAULT-VALUE}.")
    String dist = "gaussian";

    @Option(names = "--steps", converter = OptionValues.PositiveInt.class, description = "Training steps (the least, with --steps-per-n). Default: ${DEFAULT-VALUE}.")
    int steps = 300;

    @Option(names = "--steps-per-n", paramLabel = "C", converter = OptionValues.NonNegativeFinite.class, description = "Grow the budget with n: max(--steps, ceil(C n))"
            + " steps at n. Default: ${DEFAULT-VALUE} (a fixed budget).")
    double stepsPerN = 0;

    @Option(names = "--budget-check", paramLabel = "N", description = "One of the n whose trials also train twice as"
            + " long, to show the budget does not move the transition. Default: none.")
    int budgetCheck = 0;

    @Option(names = "--bootstrap", converter = OptionValues.PositiveInt.class, description = "Bootstrap replicates for the intervals. Default: ${DEFAULT-VALUE}.")
    int bootstrap = 1000;

    @Option(names = "--noise", converter = OptionValues.NonNegativeFinite.class, description = "Std of the Gaussian label noise. Default: ${DEFAULT-VALUE}.")
    double noise = 0;

    @Option(names = "--normalize", description = "Standardize the inputs inside the network. Default: off.")
    boolean normalize;

    @Mixin
    TrainingOptions training;

    @Mixin
    SweepOptions sharding;

    @Override
    public Sweep<?> sweep() {
        List<Double> common = SampleComplexityExperiment.ratios("--m-over-n", mOverN);
        Map<Integer, List<Double>> own = new LinkedHashMap<>();
        for (String g : grids) {
            int eq = g.indexOf('=');
            int size;
            try {
                size = Integer.parseInt(g.substring(0, Math.max(eq, 0)).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--grid must be N=GRID (e.g. 512=8:32:4), got '" + g + "'");
            }
            if (!n.contains(size)) {
                throw new IllegalArgumentException("--grid " + g + ": " + size + " is not one of --n " + n);
            }
            own.put(size, SampleComplexityExperiment.ratios("--grid " + size, g.substring(eq + 1)));
        }
        List<List<Double>> perN = n.stream().map(size -> own.getOrDefault(size, common)).toList();
        return new SampleComplexityExperiment(new SampleComplexityExperiment.Params(n, perN, trials,
                Distribution.parse(dist), noise, normalize, training.setup(steps), stepsPerN, budgetCheck, bootstrap));
    }

    @Override
    public Integer call() {
        return sharding.run(sweep(), training.threads, training.results.writable());
    }
}
