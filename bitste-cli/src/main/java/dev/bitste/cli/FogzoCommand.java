package dev.bitste.cli;

import dev.bitste.experiments.FogzoExperiment;
import dev.bitste.nn.MlpSpec;
import dev.bitste.nn.MlpTrainer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bitste experiment fogzo}: STE vs FOGZO vs n-SPSA at equal compute on Fashion-MNIST. */
@Command(name = "fogzo", mixinStandardHelpOptions = true,
        description = {"STE vs FOGZO (N = 1, 10) vs n-SPSA (N large) training a quantized MLP on Fashion-MNIST: "
            + "training loss against forward-pass equivalents, and the compute ratio to reach n-SPSA's best loss.",
            "Defaults (a 10 000-image subset, 3000 forward-pass equivalents per method) run in a few minutes on 2 cores."})
final class FogzoCommand implements Callable<Integer> {
    @Mixin
    DatasetOptions dataset;

    @Option(names = "--arch", defaultValue = "784-256-10", description = "Layer sizes (default: ${DEFAULT-VALUE}).")
    String arch;

    @Mixin
    WeightBitsOption weights = new WeightBitsOption(2);

    @Option(names = "--limit", converter = OptionValues.PositiveInt.class, paramLabel = "N",
            description = "Train on the first N training images (default: ${DEFAULT-VALUE}).")
    int limit = 10000;

    /** The earlier name of {@code --limit}. */
    @Option(names = "--train-images", converter = OptionValues.PositiveInt.class, hidden = true, paramLabel = "N")
    void trainImages(int n) {
        limit = n;
    }

    @Option(names = "--eval-images", converter = OptionValues.PositiveInt.class, defaultValue = "1000",
            description = "Images of the subset the loss curve is measured on (default: ${DEFAULT-VALUE}).")
    int evalImages;

    @Mixin
    MiniBatchOption batch;

    @Option(names = "--lr", converter = OptionValues.PositiveFinite.class, defaultValue = "0.01", description = "Adam learning rate, all methods (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--budget", converter = OptionValues.PositiveLong.class, defaultValue = "3000",
            description = "Forward-pass equivalents per method (default: ${DEFAULT-VALUE}).")
    long budget;

    @Option(names = "--fogzo-n", converter = OptionValues.PositiveInt.class, defaultValue = "1", description = "Small FOGZO N (default: ${DEFAULT-VALUE}).")
    int fogzoSmallN;

    @Option(names = "--fogzo-large-n", converter = OptionValues.PositiveInt.class, defaultValue = "10", description = "Large FOGZO N (default: ${DEFAULT-VALUE}).")
    int fogzoLargeN;

    @Option(names = "--nspsa-n", converter = OptionValues.PositiveInt.class, defaultValue = "50", description = "n-SPSA N (default: ${DEFAULT-VALUE}).")
    int nspsaN;

    @Option(names = "--beta-min", converter = OptionValues.UnitInterval.class, defaultValue = "0.999", description = "FOGZO's final beta (default: ${DEFAULT-VALUE}).")
    double betaMin;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    ResultsDirOption results;

    @Override
    public Integer call() {
        Path root = results.writable();
        int[] sizes = MlpSpec.parseArch(arch);
        dataset.checkArch(sizes, arch);
        FogzoExperiment.Config config = new FogzoExperiment.Config(sizes, weights.quantizer().bits(), limit,
                evalImages, batch.size, lr, budget, fogzoSmallN, fogzoLargeN, nspsaN, betaMin, seed);
        Failures.requireHeap("training --arch " + arch, MlpTrainer.memoryEstimate(config.spec()));
        FogzoExperiment.Result result = FogzoExperiment.run(config, dataset.train());
        FogzoExperiment.print(result, System.out);
        System.out.println("wrote " + FogzoExperiment.write(root, result));
        return 0;
    }
}
