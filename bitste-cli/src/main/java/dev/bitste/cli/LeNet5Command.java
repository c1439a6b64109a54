package dev.bitste.cli;

import dev.bitste.data.LabeledImages;
import dev.bitste.experiments.LeNet5Experiment;
import dev.bitste.kernels.Surrogate;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bitste experiment lenet5}: paper 003's Table 2 (LeNet-5, quantized ReLU, three STEs) on Fashion-MNIST. */
@Command(name = "lenet5", mixinStandardHelpOptions = true,
        description = {"Paper 003's Table 2 on Fashion-MNIST: LeNet-5 with float ReLU and with 2- and 4-bit quantized "
            + "ReLU trained through the relu, revexp and logtail STEs, several seeds each (SGD momentum 0.9, batch 64, "
            + "lr 0.1 divided by 10 every 20 epochs); validation and test accuracy, accuracy-per-epoch charts.",
            "The defaults (7 settings x 3 seeds x 30 epochs) take many hours on 2 cores; --epochs, --seeds, --limit "
            + "make it shorter."})
final class LeNet5Command implements Callable<Integer> {
    @Mixin
    DatasetOptions dataset;

    @Option(names = "--epochs", converter = OptionValues.PositiveInt.class, defaultValue = "30", description = "Epochs per run (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--seeds", converter = OptionValues.PositiveInt.class, defaultValue = "3", description = "Runs per setting (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--bits", split = ",", paramLabel = "B", defaultValue = "32,2,4",
            description = "Activation widths: 32 (float ReLU) and/or 1..8 (default: ${DEFAULT-VALUE}).")
    List<Integer> bits;

    @Option(names = "--surrogate", split = ",", paramLabel = "NAME", defaultValue = "relu,revexp,logtail",
            description = "STE surrogates of the quantized settings (default: ${DEFAULT-VALUE}).")
    List<String> surrogates;

    @Option(names = "--limit", paramLabel = "N", converter = OptionValues.PositiveInt.class, description = "Use the first N training images only.")
    Integer limit;

    @Option(names = "--validation", paramLabel = "N", converter = OptionValues.PositiveInt.class, defaultValue = "5000",
            description = "The last N training images are held out for validation (default: ${DEFAULT-VALUE}).")
    int validation;

    @Option(names = "--seed", defaultValue = "1", description = "Base seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", converter = OptionValues.PositiveInt.class,
            description = "Threads of each training step (results do not depend on it; default: all cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Mixin
    ResultsDirOption results;

    @Override
    public Integer call() {
        // everything is validated here, before the first file is written
        Path root = results.writable();
        LeNet5Experiment.Config config = new LeNet5Experiment.Config(epochs, seeds, bits,
                surrogates.stream().map(Surrogate::parse).toList(), validation, seed, threads);
        DatasetOptions.Split data = dataset.split(limit, validation);
        LabeledImages train = data.train();
        LabeledImages held = data.validation();
        System.out.printf("LeNet-5 on %d Fashion-MNIST training images (%d held out for validation), %d epochs, %d seeds%s%n",
                train.count(), held.count(), epochs, seeds, epochs < 60 ? " (fewer epochs than a full run of the paper's"
                        + " schedule would use, to fit the time: see the README)" : "");
        System.out.println("wrote " + LeNet5Experiment.runAndWrite(root, config, train, held, dataset.test()));
        return 0;
    }
}
