package dev.bitste.bench;

import dev.bitste.benchrun.GateParams;
import dev.bitste.benchrun.Work;
import dev.bitste.results.WorkUnit;
import dev.bitste.benchrun.QuickParams;
import dev.bitste.benchrun.Role;
import dev.bitste.kernels.KernelChoice;
import dev.bitste.kernels.TrainKernels;
import dev.bitste.nn.Activation;
import dev.bitste.nn.Batch;
import dev.bitste.nn.Mlp;
import dev.bitste.nn.MlpCompute;
import dev.bitste.nn.MlpSpec;
import dev.bitste.nn.MlpTrainer;
import dev.bitste.nn.WeightQuantizer;
import dev.bitste.results.BenchmarkRole;
import dev.bitste.ste.SteEstimator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * One training step of the network {@code bitste train} trains by default (784-512-512-10, binary weights and
 * activations, batch norm after every layer, Adam, the clipped straight-through estimator) on a mini-batch of
 * 8-bit images (random: the time of a step does not depend on the pixel values): the STE's forward and backward
 * pass, the Adam update and the clipping, exactly as {@link MlpTrainer#step} runs them.
 *
 * <p>{@code vector}: the training kernels, one thread (packed signs, XNOR-popcount hidden forwards);
 * {@code scalar}: the same on the scalar reference kernels; {@code float32}: the same step with every product on
 * floats (weights and activations unpacked to ±1, the Vector API FMA tiles at the preferred width): what keeping
 * the signs packed buys; {@code vectorParallel}: the vector step on every core (the same bits as one thread).
 * Scores are steps per second; the secondary result {@code images} is images per second (score x batch), the
 * figure to set against the PyTorch peer ({@code bench/peers/pytorch_bnn_train.py}).
 *
 * <p>Each state's setup checks its step's gradients against the scalar reference, then trains until C2 has
 * compiled the step (the Vector API runs interpreted for the first seconds, far slower than the warmup
 * iterations of the quick profile allow for).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@QuickParams({"batch=100,256", "vectorBits=preferred"})
@GateParams({"batch=100", "vectorBits=preferred"})
@Work(unit = WorkUnit.IMAGES, per = "batch")
public class MlpTraining {
    static final MlpSpec SPEC = new MlpSpec(new int[] {784, 512, 512, 10}, WeightQuantizer.BINARY, Activation.BINARY,
            true);
    /** Distinct mini-batches the steps cycle through. */
    static final int BATCHES = 4;
    /** Training before the measurement starts, per state: at least this long (and two steps). */
    static final long WARM_NANOS = 4_000_000_000L;

    @Param({"100", "256"})
    int batch;

    Batch[] batches;
    /** The first batch with its pixels cut to 0 / 1: every forward sum is exact, so only rounding of the backward
     * products separates the implementations (no sign flips at units the rounding puts on either side of 0). */
    Batch checkBatch;
    float[] referenceGradient;
    int next;

    /** Images trained per second (JMH reports it as a secondary result). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Images {
        public long images;
    }

    @Setup
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(7);
        batches = new Batch[BATCHES];
        for (int i = 0; i < BATCHES; i++) {
            float[] x = new float[batch * SPEC.in(0)];
            int[] labels = new int[batch];
            for (int j = 0; j < x.length; j++) {
                x[j] = rnd.nextInt(256) * (1f / 255f);
            }
            for (int j = 0; j < batch; j++) {
                labels[j] = rnd.nextInt(SPEC.out(SPEC.layers() - 1));
            }
            batches[i] = new Batch(x, labels, batch, SPEC.in(0));
        }
        float[] binary = batches[0].inputs().clone();
        for (int j = 0; j < binary.length; j++) {
            binary[j] = binary[j] >= 0.5f ? 1f : 0f;
        }
        checkBatch = new Batch(binary, batches[0].labels(), batch, SPEC.in(0));
        referenceGradient = gradient(MlpCompute.of(TrainKernels.of(KernelChoice.scalar()), 1,
                MlpCompute.Products.SIGNS));
    }

    /** The STE gradient of the check batch on the initial network. */
    float[] gradient(MlpCompute compute) {
        Mlp m = network(compute);
        float[] g = new float[m.theta().length];
        m.lossAndGradients(m.theta(), checkBatch, g, null);
        return g;
    }

    static Mlp network(MlpCompute compute) {
        return Mlp.initialize(SPEC, 42).randomizeBatchNorm(43).compute(compute);
    }

    /** A trainer for {@code compute}, its gradient checked against the scalar reference, then warmed up. */
    MlpTrainer trainer(String what, MlpCompute compute) {
        float[] g = gradient(compute);
        SteBenchData.checkClose(what + " gradient", referenceGradient, g, 1e-4);
        MlpTrainer t = new MlpTrainer(network(compute), new SteEstimator(),
                new MlpTrainer.Settings(1, batch, 0.01, "adam", 1));
        long start = System.nanoTime();
        for (int i = 0; i < 2 || System.nanoTime() - start < WARM_NANOS; i++) {
            t.step(batches[i % BATCHES], 0.5, 0.001);
        }
        return t;
    }

    /** The vector step at one width on one thread. */
    @State(Scope.Thread)
    public static class Width extends BenchSupport.WidthParam {
        MlpTrainer trainer;

        @Setup
        public void setup(MlpTraining b) {
            TrainKernels kernels = TrainKernels.of(choice());
            trainer = b.trainer("vector (" + kernels.support().name() + ")", MlpCompute.of(kernels, 1,
                    MlpCompute.Products.SIGNS));
        }
    }

    /** The vector step at one width on every core. */
    @State(Scope.Thread)
    public static class AllCores extends BenchSupport.WidthParam {
        MlpTrainer trainer;

        @Setup
        public void setup(MlpTraining b) {
            TrainKernels kernels = TrainKernels.of(choice());
            MlpCompute cores = MlpCompute.of(kernels, Runtime.getRuntime().availableProcessors(),
                    MlpCompute.Products.SIGNS);
            BenchSupport.check("all-core gradient (must equal one thread's)",
                    b.gradient(MlpCompute.of(kernels, 1, MlpCompute.Products.SIGNS)), b.gradient(cores));
            trainer = b.trainer("vector on all cores", cores);
        }
    }

    @State(Scope.Thread)
    public static class Scalar {
        MlpTrainer trainer;

        @Setup
        public void setup(MlpTraining b) {
            trainer = b.trainer("scalar", MlpCompute.of(TrainKernels.of(KernelChoice.scalar()), 1,
                    MlpCompute.Products.SIGNS));
        }
    }

    @State(Scope.Thread)
    public static class Float32 {
        MlpTrainer trainer;

        @Setup
        public void setup(MlpTraining b) {
            trainer = b.trainer("float32", MlpCompute.of(TrainKernels.get(), 1, MlpCompute.Products.FLOATS));
        }
    }

    private MlpTrainer.StepResult step(MlpTrainer trainer, Images images) {
        images.images += batch;
        next = (next + 1) % BATCHES;
        return trainer.step(batches[next], 0.5, 0.001);
    }

    @Benchmark
    @Role(BenchmarkRole.VECTOR)
    public MlpTrainer.StepResult vector(Width w, Images images) {
        return step(w.trainer, images);
    }

    @Benchmark
    @Role(BenchmarkRole.VARIANT)
    public MlpTrainer.StepResult vectorParallel(AllCores w, Images images) {
        return step(w.trainer, images);
    }

    @Benchmark
    @Role(BenchmarkRole.SCALAR)
    public MlpTrainer.StepResult scalar(Scalar s, Images images) {
        return step(s.trainer, images);
    }

    @Benchmark
    @Role(BenchmarkRole.FLOAT32)
    public MlpTrainer.StepResult float32(Float32 f, Images images) {
        return step(f.trainer, images);
    }
}
