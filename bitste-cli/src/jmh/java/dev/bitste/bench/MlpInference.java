package dev.bitste.bench;

import dev.bitste.benchrun.GateParams;
import dev.bitste.benchrun.QuickParams;
import dev.bitste.benchrun.Role;
import dev.bitste.benchrun.Work;
import dev.bitste.kernels.KernelChoice;
import dev.bitste.kernels.KernelProvider;
import dev.bitste.nn.Float32Mlp;
import dev.bitste.nn.PackedMlp;
import dev.bitste.nn.WeightQuantizer;
import dev.bitste.peers.OpenBlasMlp;
import dev.bitste.results.BenchmarkRole;
import dev.bitste.results.WorkUnit;
import dev.bitste.util.Shards;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Inference of a 784-512-512-10 binary-weight, binary-activation MLP on a batch of 8-bit images (randomly
 * initialized network, random images: the speed does not depend on the values). {@code vector} / {@code scalar}:
 * table-lookup first layer + XNOR-popcount hidden layers with folded batch-norm thresholds ({@code trulyScalar}:
 * the scalar kernels without auto-vectorization); {@code peer_openblas}: the same network as dense float math
 * with its layer products in OpenBLAS ({@code sgemm}, {@code sgemv} for one image), the float32 a user would
 * run; {@code float32}: the same with the Vector API FMA GEMM of the multi-bit benchmarks (4 x 4 blocked);
 * {@code float32_autovec}: the same with plain row-update loops that HotSpot vectorizes. All single-threaded but
 * {@code vectorParallel}, {@code vector} on two threads.
 * Scores are batches per second; the report shows images/s (score x batch).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@QuickParams({"batch=1,256", "inputBits=8,2", "vectorBits=preferred"})
@GateParams({"batch=256", "inputBits=8"})
@Work(unit = WorkUnit.IMAGES, per = "batch")
public class MlpInference {
    /** Threads of {@link #vectorParallel}. */
    static final int THREADS = 2;
    /** Seconds the vector paths run in {@code @Setup} before JMH's warm-up (see {@link BenchSupport#prime}). */
    static final double PRIME_SECONDS = 3;
    static final int[] ARCH = {784, 512, 512, 10};

    @Param({"1", "256"})
    int batch;

    /** Bits of each pixel the first layer reads (the network is trained on pixels cut to them). */
    @Param({"8", "4", "2"})
    int inputBits;

    PackedMlp net;
    Float32Mlp float32Net;
    byte[] images;
    KernelProvider scalar;
    float[][] weights;
    Float32Mlp.LayerProduct vectorGemm;

    /** The Vector API width, used only by {@link #vector}. */
    @State(Scope.Benchmark)
    public static class Width extends BenchSupport.WidthParam {
        KernelProvider kernels;

        @Setup
        public void setup(MlpInference b) {
            kernels = KernelProvider.of(choice());
            BenchSupport.check("vector MLP logits (" + kernels.name() + ")",
                    b.net.logits(b.images, b.batch, b.scalar), b.net.logits(b.images, b.batch, kernels));
            BenchSupport.prime(() -> b.net.logits(b.images, b.batch, kernels), PRIME_SECONDS);
        }
    }

    /** {@link Width} on {@link #THREADS} threads (the batch split into row tiles), checked before it runs. */
    @State(Scope.Benchmark)
    public static class Parallel extends BenchSupport.WidthParam {
        KernelProvider kernels;
        ExecutorService pool;
        Shards shards;

        @Setup
        public void start(MlpInference b) {
            kernels = KernelProvider.of(choice());
            pool = Executors.newFixedThreadPool(THREADS);
            shards = new Shards(THREADS, pool);
            BenchSupport.check("vector MLP logits on " + THREADS + " threads (" + kernels.name() + ")",
                    b.net.logits(b.images, b.batch, b.scalar), b.net.logits(b.images, b.batch, kernels, shards));
            BenchSupport.prime(() -> b.net.logits(b.images, b.batch, kernels, shards), PRIME_SECONDS);
        }

        @TearDown
        public void stop() {
            pool.shutdownNow();
        }
    }

    /** The float32 network on OpenBLAS, checked on its predictions before it runs. */
    @State(Scope.Benchmark)
    public static class Blas {
        OpenBlasMlp net;

        @Setup
        public void setup(MlpInference b) {
            net = OpenBlasMlp.of(b.net);
            b.agrees("peer_openblas (OpenBLAS float32)", b.net.predict(b.images, b.batch, b.scalar),
                    b.argmax(net.logits(b.images, b.batch)));
        }
    }

    @Setup
    public void setup() {
        net = PackedMlp.random(ARCH, WeightQuantizer.BINARY, inputBits, 42);
        SplittableRandom rnd = new SplittableRandom(7);
        images = new byte[batch * ARCH[0]];
        for (int i = 0; i < images.length; i++) {
            images[i] = (byte) rnd.nextInt(256);
        }
        scalar = KernelProvider.of(KernelChoice.scalar());
        float32Net = Float32Mlp.of(net);
        weights = new float[ARCH.length - 1][];
        for (int l = 0; l < weights.length; l++) {
            weights[l] = float32Net.weights(l);
        }
        vectorGemm = (x, m, l, z) -> BenchSupport.gemmF32(x, weights[l], m, ARCH[l + 1], ARCH[l], z);
        // float32 is a different computation (float sums, float batch norm): the same predictions up to rare
        // rounding flips of a sign unit at its threshold, so it is checked on its predictions
        int[] reference = net.predict(images, batch, scalar);
        agrees("float32 (FMA GEMM)", reference, argmax(float32Net.logits(images, batch, vectorGemm)));
        agrees("float32 (auto-vectorized)", reference, argmax(float32Net.logits(images, batch)));
    }

    private void agrees(String what, int[] reference, int[] predictions) {
        int agree = 0;
        for (int i = 0; i < batch; i++) {
            agree += reference[i] == predictions[i] ? 1 : 0;
        }
        if (agree < Math.ceil(0.9 * batch)) {
            throw new IllegalStateException(what + " agrees with the scalar reference on only " + agree + " of "
                    + batch + " images");
        }
    }

    private int[] argmax(float[] logits) {
        return PackedMlp.argmaxRows(logits, batch, ARCH[3]);
    }

    @Benchmark
    @Role(BenchmarkRole.VECTOR)
    public float[] vector(Width w) {
        return net.logits(images, batch, w.kernels);
    }

    /** {@link #vector} on {@link #THREADS} threads: its ratio to {@code vector} is the multi-core speed-up. */
    @Benchmark
    @Role(BenchmarkRole.VARIANT)
    public float[] vectorParallel(Parallel p) {
        return net.logits(images, batch, p.kernels, p.shards);
    }

    @Benchmark
    @Role(BenchmarkRole.SCALAR)
    public float[] scalar() {
        return net.logits(images, batch, scalar);
    }

    @Benchmark
    @Role(BenchmarkRole.TRULY_SCALAR)
    @Fork(value = 1, jvmArgsAppend = BenchSupport.NO_SUPERWORD)
    public float[] trulyScalar() {
        return net.logits(images, batch, scalar);
    }

    @Benchmark
    @Role(value = BenchmarkRole.PEER, float32 = true)
    public float[] peer_openblas(Blas blas) {
        return blas.net.logits(images, batch);
    }

    @Benchmark
    @Role(BenchmarkRole.FLOAT32)
    public float[] float32() {
        return float32Net.logits(images, batch, vectorGemm);
    }

    @Benchmark
    @Role(BenchmarkRole.VARIANT)
    public float[] float32_autovec() {
        return float32Net.logits(images, batch);
    }
}
