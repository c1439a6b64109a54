package dev.bitste.bench;

import dev.bitste.benchrun.QuickParams;
import dev.bitste.benchrun.Role;
import dev.bitste.benchrun.Work;
import dev.bitste.kernels.KernelChoice;
import dev.bitste.kernels.KernelProvider;
import dev.bitste.nn.Cnn;
import dev.bitste.nn.Float32Cnn;
import dev.bitste.nn.PackedCnn;
import dev.bitste.nn.PackedMlp;
import dev.bitste.peers.OpenBlasCnn;
import dev.bitste.results.BenchmarkRole;
import dev.bitste.results.WorkUnit;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Inference of the binarized CNN of {@link Cnn#binary} (28x28x1: three blocks of conv 3x3 same - batch norm - max
 * pool 2 - sign with 32, 64, 128 channels, dense 10) on a batch of Fashion-MNIST-shaped 8-bit images: random weights
 * and random images from fixed seeds, batch norms calibrated on random images ({@link PackedCnn#random}); the speed
 * does not depend on the values. {@code vector} / {@code scalar}: {@link PackedCnn} on the vector / scalar
 * convolution kernels (direct first layer on the pixels, XNOR-popcount implicit-im2col GEMM with the batch norm and
 * sign folded into thresholds, max pool as an OR of packed bits, XNOR GEMM head); {@code peer_openblas}: the same
 * network in float32 as a float framework runs it on a CPU ({@link OpenBlasCnn}: each convolution as im2col +
 * OpenBLAS {@code sgemm}, the head as {@code sgemm} / {@code sgemv}, batch norm, max pool and sign in Java), one
 * thread. Scores are batches per second; the report shows images/s (score x batch).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@QuickParams({"batch=1,64", "vectorBits=preferred"})
@Work(unit = WorkUnit.IMAGES, per = "batch")
public class CnnInference {
    @Param({"1", "64"})
    int batch;

    PackedCnn net;
    byte[] images;
    KernelProvider scalar;

    /** The Vector API width, used only by {@link #vector}. */
    @State(Scope.Benchmark)
    public static class Width extends BenchSupport.WidthParam {
        KernelProvider kernels;

        @Setup
        public void setup(CnnInference b) {
            kernels = KernelProvider.of(choice());
            BenchSupport.check("vector CNN logits (" + kernels.name() + ")",
                    b.net.logits(b.images, b.batch, b.scalar), b.net.logits(b.images, b.batch, kernels));
        }
    }

    /** The float32 network on OpenBLAS, checked against the float32 reference before it runs. */
    @State(Scope.Benchmark)
    public static class Blas {
        OpenBlasCnn net;

        @Setup
        public void setup(CnnInference b) {
            net = OpenBlasCnn.of(b.net);
            checkFloat32("peer_openblas (OpenBLAS float32)", Float32Cnn.of(b.net).logits(b.images, b.batch),
                    net.logits(b.images, b.batch), b.batch, b.net.classes());
        }
    }

    @Setup
    public void setup() {
        net = PackedCnn.random(Cnn.binary(42), 42);
        SplittableRandom rnd = new SplittableRandom(7);
        images = new byte[batch * net.pixels()];
        for (int i = 0; i < images.length; i++) {
            images[i] = (byte) rnd.nextInt(256);
        }
        scalar = KernelProvider.of(KernelChoice.scalar());
    }

    /**
     * Throws unless {@code got} predicts the classes {@code reference} does on every image whose two best reference
     * scores are apart. The two sum their floats in different orders: a unit whose pre-activation lands within
     * rounding of its batch-norm threshold may take the other sign, so an image whose best two scores (nearly) tie
     * may go either way; those are the only disagreements allowed.
     */
    static void checkFloat32(String what, float[] reference, float[] got, int count, int classes) {
        int[] bests = PackedMlp.argmaxRows(reference, count, classes);
        int[] predicted = PackedMlp.argmaxRows(got, count, classes);
        for (int b = 0; b < count; b++) {
            int best = bests[b];
            float second = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                second = c == best ? second : Math.max(second, reference[b * classes + c]);
            }
            float top = reference[b * classes + best];
            boolean apart = top - second > 1e-3f * (1 + Math.abs(top));
            if (apart && predicted[b] != best) {
                throw new IllegalStateException(what + " predicts class " + predicted[b] + " for image " + b
                        + ", the float32 reference " + best + " (scores " + top + " vs " + second + ")");
            }
        }
    }

    @Benchmark
    @Role(BenchmarkRole.VECTOR)
    public float[] vector(Width w) {
        return net.logits(images, batch, w.kernels);
    }

    @Benchmark
    @Role(BenchmarkRole.SCALAR)
    public float[] scalar() {
        return net.logits(images, batch, scalar);
    }

    @Benchmark
    @Role(value = BenchmarkRole.PEER, float32 = true)
    public float[] peer_openblas(Blas blas) {
        return blas.net.logits(images, batch);
    }
}
