package dev.bitste.bench;

import dev.bitste.benchrun.GateParams;
import dev.bitste.benchrun.QuickParams;
import dev.bitste.benchrun.Role;
import dev.bitste.benchrun.Work;
import dev.bitste.bits.BitVector;
import dev.bitste.data.Distribution;
import dev.bitste.kernels.KernelChoice;
import dev.bitste.kernels.KernelProvider;
import dev.bitste.results.BenchmarkRole;
import dev.bitste.results.WorkUnit;
import dev.bitste.ste.ModelA;
import dev.bitste.ste.ModelAProblem;
import dev.bitste.ste.SteBackward;
import dev.bitste.util.Shards;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * One full-batch model A step (n, k = 4, m samples): the coarse gradient at the current binary weights
 * and the loss, exactly as the trainer runs it ({@link ModelA#coarseGradient}). Fused (one pass over
 * the data) against unfused (forward pass, then masked accumulation), scalar against vector, one
 * thread against all cores (sharded, deterministic reduction). The secondary result {@code bytes}
 * is the data read per second (m k n 4 bytes a step), to compare with {@link MemoryBandwidth}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx3g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@QuickParams({"m=8192,65536", "vectorBits=preferred"})
@GateParams({"m=8192"})
@Work(unit = WorkUnit.BYTES, per = {"m", "n"}, times = SteStep.K * Float.BYTES)
public class SteStep {
    @Param({"64"})
    int n;

    @Param({"8192", "65536", "262144"})
    int m;

    static final int K = 4;

    ModelA model;
    ModelA.Batch batch;
    BitVector w;
    float[] g;
    KernelProvider scalarKernels;
    static final Shards ONE_SHARD = Shards.sequential(1);

    /** Bytes of input data read per second (JMH reports it as a secondary result). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Traffic {
        public long bytes;
    }


    /** A pool with one thread per core, for {@link #vectorParallel}. */
    @State(Scope.Benchmark)
    public static class Pool {
        ExecutorService pool;
        Shards shards;

        /** A thread per core, four shards per thread. */
        @Setup(Level.Trial)
        public void start() {
            int threads = Runtime.getRuntime().availableProcessors();
            pool = Executors.newFixedThreadPool(threads);
            shards = new Shards(4 * threads, pool);
        }

        @TearDown(Level.Trial)
        public void stop() {
            pool.shutdown();
        }
    }

    @Setup
    public void setup(SteBenchData.Width width) {
        model = ModelA.withUnitV(n, K);
        ModelAProblem p = ModelAProblem.generate(model, m, Distribution.GAUSSIAN, 0.3, false, 5);
        batch = p.batch(0, m, false);
        w = SteBenchData.signs(6, n); // a random student: about half the rows active, most residuals non-zero
        g = new float[n];
        scalarKernels = KernelProvider.of(KernelChoice.scalar());
        float[] expected = step(scalarKernels, true, ONE_SHARD).clone();
        float[] fused = step(width.provider, true, ONE_SHARD).clone();
        float[] unfused = step(width.provider, false, ONE_SHARD).clone();
        SteBenchData.checkClose("vector fused step", expected, fused, 1e-4);
        BenchSupport.check("vector unfused step (must equal fused)", fused, unfused);
    }

    float[] step(KernelProvider kernels, boolean fused, Shards shards) {
        Arrays.fill(g, 0f);
        model.coarseGradient(batch, w, SteBackward.RELU, fused, kernels, shards, g);
        return g;
    }

    private float[] counted(Traffic t, float[] result) {
        t.bytes += (long) m * K * n * Float.BYTES;
        return result;
    }

    @Benchmark
    @Role(BenchmarkRole.VECTOR)
    public float[] vector(SteBenchData.Width width, Traffic t) {
        return counted(t, step(width.provider, true, ONE_SHARD));
    }

    @Benchmark
    @Role(BenchmarkRole.VARIANT)
    public float[] vectorUnfused(SteBenchData.Width width, Traffic t) {
        return counted(t, step(width.provider, false, ONE_SHARD));
    }

    /** All cores: four shards per thread, summed in shard order. */
    @Benchmark
    @Role(BenchmarkRole.VARIANT)
    public float[] vectorParallel(SteBenchData.Width width, Pool pool, Traffic t) {
        return counted(t, step(width.provider, true, pool.shards));
    }

    @Benchmark
    @Role(BenchmarkRole.SCALAR)
    public float[] scalar(Traffic t) {
        return counted(t, step(scalarKernels, true, ONE_SHARD));
    }

    @Benchmark
    @Role(BenchmarkRole.VARIANT)
    public float[] scalarUnfused(Traffic t) {
        return counted(t, step(scalarKernels, false, ONE_SHARD));
    }

    @Benchmark
    @Role(BenchmarkRole.TRULY_SCALAR)
    @Fork(jvmArgsAppend = {BenchSupport.NO_SUPERWORD, "-Xmx3g"})
    public float[] trulyScalar(Traffic t) {
        return scalar(t);
    }

    @Benchmark
    @Role(BenchmarkRole.VARIANT)
    @Fork(jvmArgsAppend = {BenchSupport.NO_SUPERWORD, "-Xmx3g"})
    public float[] trulyScalarUnfused(Traffic t) {
        return scalarUnfused(t);
    }
}
