package dev.bitste.bench;

import dev.bitste.benchrun.GateParams;
import dev.bitste.benchrun.QuickParams;
import dev.bitste.benchrun.Role;
import dev.bitste.benchrun.Work;
import dev.bitste.bits.BitMatrix;
import dev.bitste.kernels.BitKernelSupport;
import dev.bitste.kernels.BitKernels;
import dev.bitste.peers.CPeer;
import dev.bitste.peers.OpenBlas;
import dev.bitste.results.BenchmarkRole;
import dev.bitste.results.WorkUnit;
import dev.bitste.util.Shards;
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
 * The batched binary forward pass: X (m x n bits) against W (k x n bits) → int[m * k]; {@code peer_c} is the
 * native C peer with the same 4 x 16 register tile and interleaved W as the 512-bit Java kernel; {@code float32}
 * is a register-blocked FMA GEMM of the same shape on ±1 floats and {@code peer_openblas} OpenBLAS's
 * {@code sgemm} (what binarization buys); {@code vectorParallel} is {@code vector} on two threads.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@QuickParams({"m=256", "k=256", "n=4096", "vectorBits=preferred"})
@GateParams({"m=256", "k=256", "n=4096"})
@Work(unit = WorkUnit.BINARY_OPS, per = {"m", "k", "n"})
public class BinaryGemm {
    /** Threads of {@link #vectorParallel}. */
    static final int THREADS = 2;

    @Param({"16", "256"})
    int m;

    @Param({"64", "256"})
    int k;

    @Param({"1000", "4096", "16384"})
    int n;

    BitMatrix x;
    BitMatrix w;
    BitKernelSupport scalar;
    int[] out;
    int[] expected;
    float[] xf;
    float[] wf;
    float[] outF;

    /** The vector kernels at one width, checked against the reference before they run. */
    public static class Vector extends BenchSupport.VectorWidth {
        @Setup
        public void check(BinaryGemm g) {
            kernels().gemm(g.x, g.w, g.out);
            BenchSupport.check(kernels.name() + " gemm", g.expected, g.out.clone());
        }
    }

    /**
     * The vector kernels on {@link #THREADS} threads (the output split into row tiles, {@link BitKernels#parallelGemm}),
     * checked before they run; the pool lives as long as the trial.
     */
    public static class Parallel extends BenchSupport.VectorWidth {
        BitKernels checked;
        ExecutorService pool;
        Shards shards;

        @Setup
        public void start(BinaryGemm g) {
            checked = BenchSupport.vector(vectorBits);
            pool = Executors.newFixedThreadPool(THREADS);
            shards = new Shards(THREADS, pool);
            int[] got = new int[g.m * g.k];
            checked.parallelGemm(g.x, g.w, got, shards);
            BenchSupport.check(checked.support().name() + " gemm on " + THREADS + " threads", g.expected, got);
        }

        @TearDown
        public void stop() {
            pool.shutdownNow();
        }
    }

    /** The native C peer with its interleaved copy of W (made once, like the Java kernel's), checked before it runs. */
    @State(Scope.Thread)
    public static class NativeC {
        CPeer.PackedW packed;

        @Setup
        public void check(BinaryGemm g) {
            packed = CPeer.packForGemm(g.w);
            BenchSupport.check("peer_c gemm", g.expected, g.peer_c(this).clone());
        }
    }

    /** OpenBLAS, checked before it runs (the ±1 sums are exact in float). */
    @State(Scope.Thread)
    public static class Blas {
        @Setup
        public void check(BinaryGemm g) {
            BenchSupport.check("peer_openblas sgemm", g.expected, BenchSupport.rounded(g.peer_openblas(this)));
        }
    }

    @Setup
    public void setup() {
        x = BenchSupport.randomMatrix(1, m, n);
        w = BenchSupport.randomMatrix(2, k, n);
        scalar = BenchSupport.scalar().support();
        expected = BenchSupport.scalar().gemm(x, w);
        out = new int[m * k];
        xf = x.toFloats(1f);
        wf = w.toFloats(1f);
        outF = new float[m * k];
        BenchSupport.gemmF32(xf, wf, m, k, n, outF);
        BenchSupport.check("float32", expected, BenchSupport.rounded(outF));
    }

    @Benchmark
    @Role(BenchmarkRole.VECTOR)
    public int[] vector(Vector v) {
        v.kernels.gemm(x, w, out);
        return out;
    }

    /** {@link #vector} on {@link #THREADS} threads: its ratio to {@code vector} is the multi-core speed-up. */
    @Benchmark
    @Role(BenchmarkRole.VARIANT)
    public int[] vectorParallel(Parallel p) {
        p.checked.parallelGemm(x, w, out, p.shards);
        return out;
    }

    @Benchmark
    @Role(BenchmarkRole.SCALAR)
    public int[] scalar() {
        scalar.gemm(x, w, out);
        return out;
    }

    @Benchmark
    @Role(BenchmarkRole.TRULY_SCALAR)
    @Fork(value = 1, jvmArgsAppend = BenchSupport.NO_SUPERWORD)
    public int[] trulyScalar() {
        scalar.gemm(x, w, out);
        return out;
    }

    @Benchmark
    @Role(BenchmarkRole.PEER)
    public int[] peer_c(NativeC c) {
        CPeer.gemm(x, c.packed, out);
        return out;
    }

    @Benchmark
    @Role(value = BenchmarkRole.PEER, float32 = true)
    @Work(unit = WorkUnit.MACS, per = {"m", "k", "n"})
    public float[] peer_openblas(Blas blas) {
        OpenBlas.sgemm(false, true, m, k, n, 1f, xf, n, wf, n, 0f, outF, k);
        return outF;
    }

    @Benchmark
    @Role(BenchmarkRole.FLOAT32)
    @Work(unit = WorkUnit.MACS, per = {"m", "k", "n"})
    public float[] float32() {
        BenchSupport.gemmF32(xf, wf, m, k, n, outF);
        return outF;
    }
}
