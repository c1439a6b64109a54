package dev.bitste.cli;

import dev.bitste.data.LabeledImages;
import dev.bitste.kernels.KernelChoice;
import dev.bitste.kernels.KernelProvider;
import dev.bitste.nn.Float32Mlp;
import dev.bitste.nn.PackedCnn;
import dev.bitste.nn.PackedMlp;
import dev.bitste.nn.PackedModel;
import dev.bitste.peers.OpenBlas;
import dev.bitste.peers.OpenBlasCnn;
import dev.bitste.peers.OpenBlasMlp;
import dev.bitste.util.Shards;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Loads a model file (an MLP or a CNN) and reports Fashion-MNIST test accuracy and inference speed of the packed
 * kernels (scalar and vector) against float32 inference of the same network through OpenBLAS (single-threaded,
 * the float32 a user would run: an MLP's layers as sgemm / sgemv, a CNN's convolutions as im2col + sgemm); where
 * OpenBLAS is not available, an MLP in plain loops and a CNN on the training side's float kernels; for an MLP with
 * {@code --threads N}, the vector kernels once more on N threads. Wall-clock figures are indicative; the
 * {@code MlpInference} and {@code CnnInference} JMH benchmarks are the measurement.
 */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = "Test accuracy and inference throughput of a saved model: scalar vs vector kernels vs float32"
                + " (OpenBLAS).")
final class InferCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Model file written by `bitste train`.")
    Path model;

    @Mixin
    DatasetOptions dataset;

    @Option(names = "--limit", converter = OptionValues.PositiveInt.class, description = "Use the first N test images only.")
    Integer limit;

    @Option(names = "--seconds", converter = OptionValues.PositiveFinite.class, defaultValue = "2", description = "Timing per measurement (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--threads", converter = OptionValues.PositiveInt.class, defaultValue = "1",
            description = "Threads of the binarized network's extra row (batch split by rows; same predictions);"
                    + " default: ${DEFAULT-VALUE}.")
    int threads;

    static final int BATCH = 256;

    @Override
    public Integer call() {
        PackedModel net = PackedModel.load(model);
        LabeledImages test = dataset.test();
        if (limit != null) {
            test = test.limit(limit);
        }
        if (net.pixels() != test.pixels() || net.classes() != test.classes()) {
            throw new IllegalArgumentException("model " + model + " is a " + net.describe() + ", which does not fit "
                    + test.pixels() + "-pixel images of " + test.classes() + " classes");
        }
        System.out.printf("model %s: %s; %d test images%n", model, net.describe(), test.count());
        System.out.println((OpenBlas.available() ? "float32: " : "float32 without OpenBLAS: ")
                + OpenBlas.info().describe());
        System.out.println("implementation      accuracy   images/s (batch " + BATCH + ")   latency/image (batch 1)");
        if (OpenBlas.available() && net instanceof PackedMlp mlp) {
            row("float32 (OpenBLAS)", test, OpenBlasMlp.of(mlp)::predict);
        } else if (OpenBlas.available() && net instanceof PackedCnn cnn) {
            row("float32 (OpenBLAS)", test, OpenBlasCnn.of(cnn)::predict);
        } else if (net instanceof PackedMlp mlp) {
            row("float32 (loops)", test, Float32Mlp.of(mlp)::predict);
        } else {
            row("float32", test, net::predictFloat32);
        }
        java.util.List<KernelChoice> choices = KernelChoice.vectorModulePresent()
                ? java.util.List.of(KernelChoice.scalar(), KernelChoice.vector(0)) : java.util.List.of(KernelChoice.scalar());
        for (KernelChoice choice : choices) {
            KernelProvider k = KernelProvider.of(choice);
            row(k.name(), test, (im, n) -> net.predict(im, n, k));
        }
        if (threads > 1 && net instanceof PackedMlp mlp) {
            KernelProvider k = KernelProvider.of(choices.getLast());
            try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
                Shards shards = new Shards(threads, pool);
                row(k.name() + " x" + threads, test, (im, n) -> mlp.predict(im, n, k, shards));
            }
        } else if (threads > 1) {
            System.out.println("(--threads applies to MLPs; this CNN ran on one thread)");
        }
        System.out.println("(wall-clock, indicative; `./bitste bench --include " + (net instanceof PackedMlp ? "MlpInference" : "CnnInference")
                + "` measures with JMH)");
        return 0;
    }

    private void row(String name, LabeledImages test, BiFunction<byte[], Integer, int[]> predict) {
        int p = test.pixels();
        int correct = 0;
        for (int from = 0; from < test.count(); from += BATCH) {
            int n = Math.min(BATCH, test.count() - from);
            int[] pred = predict.apply(Arrays.copyOfRange(test.images(), from * p, (from + n) * p), n);
            for (int i = 0; i < n; i++) {
                correct += pred[i] == test.label(from + i) ? 1 : 0;
            }
        }
        int n = Math.min(BATCH, test.count());
        byte[] batch = Arrays.copyOf(test.images(), n * p);
        double perBatch = time(() -> predict.apply(batch, n));
        byte[] one = Arrays.copyOf(test.images(), p);
        double perImage = time(() -> predict.apply(one, 1));
        System.out.printf("%-18s  %7.2f%%  %14.0f           %10.1f us%n", name, 100.0 * correct / test.count(),
                n / perBatch, perImage * 1e6);
    }

    /** Seconds per call: a warm-up of a quarter of the budget, then the mean over the rest. */
    private double time(Runnable call) {
        long warmEnd = System.nanoTime() + (long) (seconds * 0.25e9);
        while (System.nanoTime() < warmEnd) {
            call.run();
        }
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long calls = 0;
        long now;
        do {
            call.run();
            calls++;
            now = System.nanoTime();
        } while (now < end);
        return (now - start) / 1e9 / calls;
    }
}
