package dev.bitste.bench;

import dev.bitste.kernels.KernelChoice;
import dev.bitste.nn.InferenceKernels;
import dev.bitste.nn.PackedMlp;
import dev.bitste.nn.WeightQuantizer;
import dev.bitste.results.QuickParams;
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
 * Inference of a 784-512-512-10 binary-weight, binary-activation MLP on a batch of 8-bit images (randomly
 * initialized network, random images: the speed does not depend on the values). {@code vector} / {@code scalar}:
 * bit-serial first layer + XNOR-popcount hidden layers with folded batch-norm thresholds; {@code float32}: the
 * same network as dense float math. Scores are batches per second: images/s = score x batch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@QuickParams({"batch=1,256", "vectorBits=preferred"})
public class MlpInference {
    static final int[] ARCH = {784, 512, 512, 10};

    @Param({"1", "256"})
    int batch;

    PackedMlp net;
    byte[] images;
    InferenceKernels scalar;

    /** The Vector API width, used only by {@link #vector}. */
    @State(Scope.Benchmark)
    public static class Width {
        @Param({"preferred", "256", "128"})
        String vectorBits;

        InferenceKernels kernels;

        @Setup
        public void setup(MlpInference b) {
            kernels = InferenceKernels.of(KernelChoice.vector(vectorBits.equals("preferred") ? 0
                    : Integer.parseInt(vectorBits)));
            BenchSupport.check("vector MLP logits (" + kernels.name() + ")",
                    b.net.logits(b.images, b.batch, b.scalar), b.net.logits(b.images, b.batch, kernels));
        }
    }

    @Setup
    public void setup() {
        net = PackedMlp.random(ARCH, WeightQuantizer.BINARY, 42);
        SplittableRandom rnd = new SplittableRandom(7);
        images = new byte[batch * ARCH[0]];
        for (int i = 0; i < images.length; i++) {
            images[i] = (byte) rnd.nextInt(256);
        }
        scalar = InferenceKernels.of(KernelChoice.scalar());
        // float32 is a different computation (float sums, float batch norm): same predictions up to rare
        // rounding flips at a threshold, so it is checked on its predictions
        int[] reference = net.predict(images, batch, scalar);
        int[] f32 = net.predictFloat32(images, batch);
        int agree = 0;
        for (int i = 0; i < batch; i++) {
            agree += reference[i] == f32[i] ? 1 : 0;
        }
        if (agree < Math.ceil(0.9 * batch)) {
            throw new IllegalStateException("float32 MLP agrees with the scalar reference on only " + agree + " of "
                    + batch + " images");
        }
    }

    @Benchmark
    public float[] vector(Width w) {
        return net.logits(images, batch, w.kernels);
    }

    @Benchmark
    public float[] scalar() {
        return net.logits(images, batch, scalar);
    }

    @Benchmark
    public float[] float32() {
        return net.logitsFloat32(images, batch);
    }
}
