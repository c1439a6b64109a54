package dev.bitste.cli;

import dev.bitste.data.LabeledImages;
import dev.bitste.kernels.KernelProvider;
import dev.bitste.nn.Activation;
import dev.bitste.nn.Mlp;
import dev.bitste.nn.MlpCompute;
import dev.bitste.nn.MlpSpec;
import dev.bitste.nn.MlpTrainer;
import dev.bitste.nn.ModelFile;
import dev.bitste.nn.PackedMlp;
import dev.bitste.nn.TrainingDivergedException;
import dev.bitste.nn.WeightQuantizer;
import dev.bitste.ste.BetaSchedule;
import dev.bitste.ste.FogzoEstimator;
import dev.bitste.ste.GradientEstimator;
import dev.bitste.ste.NSpsaEstimator;
import dev.bitste.ste.SteEstimator;
import dev.bitste.util.AtomicFiles;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Trains a quantized MLP on Fashion-MNIST and saves it in the packed model format. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a binarized MLP on Fashion-MNIST and save it (docs/model-format.md).")
final class TrainCommand implements Callable<Integer> {
    @Mixin
    DatasetOptions dataset;

    @Option(names = "--arch", defaultValue = "784-512-512-10", description = "Layer sizes (default: ${DEFAULT-VALUE}).")
    String arch;

    @Mixin
    WeightBitsOption weights;

    @Option(names = "--activations", defaultValue = "binary", description = "binary or float (default: ${DEFAULT-VALUE}).")
    String activations;

    @Option(names = "--input-bits", defaultValue = "8",
            description = "Top bits of each pixel the network sees: 8, 4, 2 or 1 (default: ${DEFAULT-VALUE}).")
    int inputBits;

    @Option(names = "--estimator", defaultValue = "ste", description = "ste, fogzo or nspsa (default: ${DEFAULT-VALUE}).")
    String estimator;

    @Option(names = "--perturbations", converter = OptionValues.PositiveInt.class, defaultValue = "1", description = "N for fogzo / nspsa (default: ${DEFAULT-VALUE}).")
    int perturbations;

    @Option(names = "--beta-min", converter = OptionValues.UnitInterval.class, defaultValue = "0.999", description = "FOGZO's final beta (default: ${DEFAULT-VALUE}).")
    double betaMin;

    @Option(names = "--optimizer", defaultValue = "adam", description = "adam or sgd (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--epochs", converter = OptionValues.PositiveInt.class, defaultValue = "10", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Mixin
    MiniBatchOption batch;

    @Option(names = "--lr", converter = OptionValues.PositiveFinite.class, defaultValue = "0.01", description = "Initial learning rate, cosine-decayed (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--limit", converter = OptionValues.PositiveInt.class, description = "Train on the first N training images only.")
    Integer limit;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", converter = OptionValues.PositiveInt.class,
            description = "Threads for the passes and updates; results do not depend on it (default: all cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--out", description = "Model file to write; never overwritten "
            + "(default: models/fashion-<arch>-<weights>-<estimator>-s<seed>.bsm).")
    Path out;

    @Override
    public Integer call() {
        if (inputBits != 8 && inputBits != 4 && inputBits != 2 && inputBits != 1) {
            throw new IllegalArgumentException("--input-bits must be 8, 4, 2 or 1, got " + inputBits);
        }
        MlpSpec spec = new MlpSpec(MlpSpec.parseArch(arch), weights.quantizer(),
                Activation.parse(activations), true);
        dataset.checkArch(spec.sizes(), arch);
        MlpCompute compute = MlpCompute.threads(threads);
        boolean packable = spec.activation() == Activation.BINARY;
        String weightName = spec.weights() == WeightQuantizer.TWO_BIT ? "2bit" : "binary";
        Path target = out != null ? out : Path.of("models", "fashion-" + spec.arch() + "-" + weightName + "-" + estimator
                + "-s" + seed + ".bsm");
        if (packable) { // before the training, not after it
            AtomicFiles.checkCanCreateFile("--out", target);
        }
        Failures.requireHeap("training --arch " + arch, MlpTrainer.memoryEstimate(spec));
        GradientEstimator est = switch (estimator) {
            case "ste" -> new SteEstimator();
            case "fogzo" -> new FogzoEstimator(perturbations, BetaSchedule.linearTo(betaMin), seed + 7);
            case "nspsa" -> new NSpsaEstimator(perturbations, seed + 7);
            default -> throw new IllegalArgumentException("estimator '" + estimator + "' unknown (use ste, fogzo or nspsa)");
        };
        MlpTrainer.Settings settings = new MlpTrainer.Settings(epochs, batch.size, lr, optimizer, seed);
        LabeledImages train = dataset.train();
        LabeledImages rawTest = dataset.test();
        if (limit != null) {
            train = train.limit(limit);
        }
        train = train.quantizePixels(inputBits);
        LabeledImages test = rawTest.quantizePixels(inputBits);
        System.out.printf("training %s on %d Fashion-MNIST images of %d-bit pixels (%s, %s, lr %s, batch %d, %d epochs;"
                + " %s)%n", spec, train.count(), inputBits, est.name(), optimizer, lr, batch.size, epochs, compute);
        Mlp model = Mlp.initialize(spec, seed).compute(compute);
        MlpTrainer trainer = new MlpTrainer(model, est, settings);
        System.out.println("epoch      loss  train-acc  test-acc   images/s   seconds  fwd-equiv");
        try {
            // n-SPSA makes no unperturbed pass, so it has no training accuracy
            trainer.train(train, test, s -> System.out.printf("%5d  %8.4f  %9s  %7.2f%%  %9.0f  %8.1f  %9d%n",
                    s.epoch(), s.loss(),
                    Double.isNaN(s.trainAccuracy()) ? "n/a" : String.format("%.2f%%", 100 * s.trainAccuracy()),
                    100 * s.testAccuracy(), s.imagesPerSecond(), s.seconds(), s.forwardEquivalents()));
        } catch (TrainingDivergedException e) {
            throw new IllegalArgumentException(e.getMessage() + "; nothing was saved (try a smaller --lr than " + lr
                    + ")", e);
        }
        if (!packable) {
            System.out.println("not saved: the packed model format holds binary-activation networks only");
            return 0;
        }
        PackedMlp packed = PackedMlp.of(model, inputBits);
        packed.save(target);
        System.out.printf("saved %s (%d bytes); packed-kernel test accuracy %.2f%%%n", target, ModelFile.fileSize(target),
                100 * packed.accuracy(rawTest, KernelProvider.get()));
        return 0;
    }
}
