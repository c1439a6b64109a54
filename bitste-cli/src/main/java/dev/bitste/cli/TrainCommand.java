package dev.bitste.cli;

import dev.bitste.data.LabeledImages;
import dev.bitste.kernels.KernelProvider;
import dev.bitste.kernels.Surrogate;
import dev.bitste.nn.Activation;
import dev.bitste.nn.Cnn;
import dev.bitste.nn.CnnActivation;
import dev.bitste.nn.CnnTrainer;
import dev.bitste.nn.Mlp;
import dev.bitste.nn.MlpCompute;
import dev.bitste.nn.MlpSpec;
import dev.bitste.nn.MlpTrainer;
import dev.bitste.nn.ModelFile;
import dev.bitste.nn.PackedCnn;
import dev.bitste.nn.PackedMlp;
import dev.bitste.nn.TrainingDivergedException;
import dev.bitste.nn.WeightQuantizer;
import dev.bitste.ste.BetaSchedule;
import dev.bitste.ste.FogzoEstimator;
import dev.bitste.ste.GradientEstimator;
import dev.bitste.ste.NSpsaEstimator;
import dev.bitste.ste.SteEstimator;
import dev.bitste.util.AtomicFiles;
import dev.bitste.util.Shards;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Trains a network on Fashion-MNIST: the quantized MLP (saved in the packed model format), paper 003's LeNet-5 with
 * b-bit quantized ReLU activations, or the binarized CNN.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a network on Fashion-MNIST: the binarized MLP (saved, docs/model-format.md), paper 003's "
            + "LeNet-5 with quantized activations, or the binarized CNN.",
            "Defaults by model: mlp Adam lr 0.01 batch 100 cosine; lenet5 SGD (momentum 0.9) lr 0.1 batch 64, divided by "
            + "10 every 20 epochs, 5000 training images held out for validation; bcnn Adam lr 0.01 batch 64 cosine."})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec commandSpec;

    @Mixin
    DatasetOptions dataset;

    @Option(names = "--model", defaultValue = "mlp", description = "mlp, lenet5 or bcnn (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--activation-bits", paramLabel = "B",
            description = "lenet5: bits of the quantized ReLU, 1..8, or 32 for float ReLU (default: 4).")
    Integer activationBits;

    @Option(names = "--surrogate", paramLabel = "NAME",
            description = "lenet5: the STE surrogate of the quantized ReLU: relu, revexp or logtail (default: relu).")
    String surrogate;

    @Option(names = "--validation", paramLabel = "N", converter = OptionValues.NonNegativeInt.class,
            description = "lenet5, bcnn: the last N training images are held out for validation "
                + "(default: 5000 for lenet5, 0 for bcnn).")
    Integer validation;

    @Option(names = "--threads", paramLabel = "N", converter = OptionValues.PositiveInt.class,
            description = "Threads of a training step (the passes and updates); results do not depend on it "
                    + "(default: all cores).")
    Integer threads;

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

    @Option(names = "--optimizer", defaultValue = "adam", description = "adam or sgd (default: ${DEFAULT-VALUE}; "
            + "sgd for lenet5).")
    String optimizer;

    @Option(names = "--epochs", converter = OptionValues.PositiveInt.class, defaultValue = "10", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Mixin
    MiniBatchOption batch;

    @Option(names = "--lr", converter = OptionValues.PositiveFinite.class, defaultValue = "0.01",
            description = "Initial learning rate (default: ${DEFAULT-VALUE}; 0.1 for lenet5).")
    double lr;

    @Option(names = "--limit", converter = OptionValues.PositiveInt.class, description = "Train on the first N training images only.")
    Integer limit;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", description = "Model file to write; never overwritten "
            + "(default: models/fashion-<arch>-<weights>-<estimator>-s<seed>.bsm; bcnn: models/fashion-bcnn-s<seed>.bsm).")
    Path out;

    /** Options that only one kind of model reads, rejected for the others. */
    private static final List<String> MLP_ONLY = List.of("--arch", "--activations", "--weight-bits", "--weights",
            "--input-bits", "--estimator", "--perturbations", "--beta-min");
    private static final List<String> CNN_ONLY = List.of("--validation");

    @Override
    public Integer call() {
        switch (model) {
            case "mlp" -> {
                reject(CNN_ONLY, "lenet5 or bcnn");
                reject(List.of("--activation-bits", "--surrogate"), "lenet5");
                return trainMlp();
            }
            case "lenet5", "bcnn" -> {
                reject(MLP_ONLY, "mlp");
                if (model.equals("bcnn")) {
                    reject(List.of("--activation-bits", "--surrogate"), "lenet5");
                }
                return trainCnn();
            }
            default -> throw new IllegalArgumentException("model '" + model + "' unknown (use mlp, lenet5 or bcnn)");
        }
    }

    private boolean given(String option) {
        return commandSpec.commandLine().getParseResult().hasMatchedOption(option);
    }

    private void reject(List<String> options, String models) {
        for (String o : options) {
            if (given(o)) {
                throw new IllegalArgumentException(o + " applies to --model " + models + ", not " + model);
            }
        }
    }

    private int trainCnn() {
        boolean lenet = model.equals("lenet5");
        CnnActivation activation = lenet ? CnnActivation.ofBits(activationBits == null ? 4 : activationBits,
                Surrogate.parse(surrogate == null ? "relu" : surrogate)) : CnnActivation.sign();
        if (lenet && activation.kind() == CnnActivation.Kind.QUANTIZED
                && !List.of(Surrogate.RELU, Surrogate.REVEXP, Surrogate.LOGTAIL).contains(activation.surrogate())) {
            throw new IllegalArgumentException("surrogate '" + surrogate + "' is not one of paper 003's: use relu, revexp"
                    + " or logtail");
        }
        int held = validation != null ? validation : lenet ? 5000 : 0;
        CnnTrainer.Settings settings = new CnnTrainer.Settings(epochs, given("--batch-size") || given("--batch")
                ? batch.size : 64, given("--optimizer") ? optimizer : lenet ? "sgd" : "adam",
                given("--lr") ? lr : lenet ? 0.1 : 0.01, lenet ? CnnTrainer.Schedule.STEP : CnnTrainer.Schedule.COSINE,
                20, seed, threads != null ? threads : Runtime.getRuntime().availableProcessors());
        DatasetOptions.Split data = dataset.split(limit, held);
        LabeledImages train = data.train();
        LabeledImages val = data.validation();
        LabeledImages test = dataset.test();
        Path target = lenet ? null : out != null ? out : Path.of("models", "fashion-bcnn-s" + seed + ".bsm");
        if (target != null) { // before the training, not after it
            AtomicFiles.checkCanCreateFile("--out", target);
        }
        Cnn net = lenet ? Cnn.lenet5(activation, seed) : Cnn.binary(seed);
        System.out.printf("training %s on %d Fashion-MNIST images%s (%s, lr %s %s, batch %d, %d epochs, %d threads)%n",
                lenet ? "LeNet-5 with " + activation + " activations" : "the binarized CNN", train.count(),
                held == 0 ? "" : ", " + held + " held out for validation", settings.optimizer(), settings.lr(),
                settings.schedule().name().toLowerCase(java.util.Locale.ROOT), settings.batch(), epochs, settings.threads());
        System.out.println(net);
        System.out.println("epoch        lr      loss  train-acc    val-acc   test-acc   images/s   seconds");
        new CnnTrainer(net, settings).train(train, val, test, s -> System.out.printf(
                "%5d  %8.4g  %8.4f  %8.2f%%  %9s  %8.2f%%  %9.0f  %8.1f%n", s.epoch(), s.lr(), s.loss(),
                100 * s.trainAccuracy(), Double.isNaN(s.validationAccuracy()) ? "n/a"
                        : String.format("%.2f%%", 100 * s.validationAccuracy()), 100 * s.testAccuracy(),
                s.imagesPerSecond(), s.seconds()));
        if (target == null) {
            System.out.println("not saved: the packed model file holds binarized networks (LeNet-5 has float weights)");
            return 0;
        }
        PackedCnn packed = PackedCnn.of(net);
        packed.save(target);
        Shards shards = Shards.sequential(1);
        System.out.printf("saved %s (%d bytes); packed-kernel test accuracy %.2f%% (float evaluation %.2f%%)%n", target,
                ModelFile.fileSize(target), 100 * packed.accuracy(test, KernelProvider.get(), shards),
                100 * net.accuracy(test, 0, test.count(), shards));
        return 0;
    }

    private int trainMlp() {
        if (inputBits != 8 && inputBits != 4 && inputBits != 2 && inputBits != 1) {
            throw new IllegalArgumentException("--input-bits must be 8, 4, 2 or 1, got " + inputBits);
        }
        MlpSpec spec = new MlpSpec(MlpSpec.parseArch(arch), weights.quantizer(),
                Activation.parse(activations), true);
        dataset.checkArch(spec.sizes(), arch);
        MlpCompute compute = MlpCompute.threads(threads != null ? threads : Runtime.getRuntime().availableProcessors());
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
