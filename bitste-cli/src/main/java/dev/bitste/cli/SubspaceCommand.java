package dev.bitste.cli;

import dev.bitste.experiments.SubspaceExperiment;
import dev.bitste.experiments.Sweep;
import dev.bitste.kernels.Surrogate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bitste experiment subspace}: the synthetic experiment of paper 003 (section 8.1) with model C. */
@Command(name = "subspace", mixinStandardHelpOptions = true,
        description = {"Model C (b-bit quantized ReLU, k = 24, V = 1/2 blocks, eta = 1, full batch) on two classes in "
            + "planes of R^4 at angle theta: iterations to zero loss and final weight norm over random initializations.",
            "Defaults run in a few minutes on 2 cores."})
final class SubspaceCommand implements Callable<Integer>, MergeCommand.Mergeable {
    @Option(names = "--theta", split = ",", paramLabel = "DEG",
            description = "Angles between the class subspaces, degrees in (0, 90] (default: ${DEFAULT-VALUE}).",
            defaultValue = "15,30,45,60,75,90")
    List<Double> thetas;

    @Option(names = "--trials", description = "Random initializations per cell (default: ${DEFAULT-VALUE}).",
            defaultValue = "50")
    int trials;

    @Option(names = "--noise", split = ",", paramLabel = "STD",
            description = "Std of Gaussian noise added to every coordinate (default: ${DEFAULT-VALUE}).",
            defaultValue = "0,0.05,0.1")
    List<Double> noises;

    @Option(names = "--surrogate", split = ",", paramLabel = "NAME",
            description = "STE surrogates to compare on the same data and seeds: relu, revexp, logtail, identity, "
                + "clipped (default: ${DEFAULT-VALUE}).", defaultValue = "relu")
    List<String> surrogates;

    @Option(names = "--bits", description = "Activation bit-width b, 1..8 (default: ${DEFAULT-VALUE}).",
            defaultValue = "4")
    int bits;

    // 5000: theta = 15 degrees needs about 3500 steps (median) without noise; the defaults take about 3 minutes on 2 cores
    @Option(names = "--max-steps", description = "Step budget per run (default: ${DEFAULT-VALUE}).",
            defaultValue = "5000")
    int maxSteps;

    @Option(names = "--seed", description = "Seed of the initializations and the noise (default: ${DEFAULT-VALUE}).",
            defaultValue = "1")
    long seed;

    @Option(names = "--threads", description = "Runs in parallel (numbers do not depend on it). Default: all cores.")
    int threads = Runtime.getRuntime().availableProcessors();

    @Mixin
    ResultsDirOption results;

    @Mixin
    SweepOptions sharding;

    @Override
    public Sweep<?> sweep() {
        // everything is validated here, before the first file is written
        return new SubspaceExperiment(new SubspaceExperiment.Config(thetas, trials, noises,
                surrogates.stream().map(Surrogate::parse).toList(), bits, maxSteps, seed));
    }

    @Override
    public Integer call() {
        return sharding.run(sweep(), threads, results.writable());
    }
}
