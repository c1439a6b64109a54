package dev.bitste.bench;

import dev.bitste.benchrun.GateParams;
import dev.bitste.benchrun.QuickParams;
import dev.bitste.benchrun.Role;
import dev.bitste.benchrun.Work;
import dev.bitste.bits.BitMatrix;
import dev.bitste.bits.BitVector;
import dev.bitste.kernels.BitKernelSupport;
import dev.bitste.peers.CPeer;
import dev.bitste.peers.OpenBlas;
import dev.bitste.results.BenchmarkRole;
import dev.bitste.results.WorkUnit;
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
 * Binary matrix-vector product: W (k x n bits) times x (n bits) → int[k]; {@code peer_c} is the native C peer
 * (four rows per pass, like the Java kernel); {@code float32} (Vector API FMA) and {@code peer_openblas}
 * ({@code sgemv}) are the same shape in floats.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@QuickParams({"k=256", "n=1000,4096,16384", "vectorBits=preferred"})
@GateParams({"k=256", "n=4096"})
@Work(unit = WorkUnit.BINARY_OPS, per = {"k", "n"})
public class BinaryGemv {
    @Param({"64", "256", "1024"})
    int k;

    @Param({"1000", "4096", "16384"})
    int n;

    BitMatrix w;
    BitVector x;
    BitKernelSupport scalar;
    int[] out;
    int[] expected;
    float[] wf;
    float[] xf;
    float[] outF;

    /** The vector kernels at one width, checked against the reference before they run. */
    public static class Vector extends BenchSupport.VectorWidth {
        @Setup
        public void check(BinaryGemv g) {
            kernels().gemv(g.w, g.x, g.out);
            BenchSupport.check(kernels.name() + " gemv", g.expected, g.out.clone());
        }
    }

    /** The native C peer, loaded (compiled on first use) and checked before it runs. */
    @State(Scope.Thread)
    public static class NativeC {
        @Setup
        public void check(BinaryGemv g) {
            BenchSupport.check("peer_c gemv", g.expected, g.peer_c(this).clone());
        }
    }

    /** OpenBLAS, checked before it runs (the ±1 sums are exact in float). */
    @State(Scope.Thread)
    public static class Blas {
        @Setup
        public void check(BinaryGemv g) {
            BenchSupport.check("peer_openblas sgemv", g.expected, BenchSupport.rounded(g.peer_openblas(this)));
        }
    }

    @Setup
    public void setup() {
        w = BenchSupport.randomMatrix(1, k, n);
        x = BenchSupport.randomVector(2, n);
        scalar = BenchSupport.scalar().support();
        expected = BenchSupport.scalar().gemv(w, x);
        out = new int[k];
        wf = w.toFloats(1f);
        xf = x.toFloats(1f);
        outF = new float[k];
        BenchSupport.gemvF32(wf, xf, k, n, outF);
        BenchSupport.check("float32", expected, BenchSupport.rounded(outF));
    }

    @Benchmark
    @Role(BenchmarkRole.VECTOR)
    public int[] vector(Vector v) {
        v.kernels.gemv(w, x, out);
        return out;
    }

    @Benchmark
    @Role(BenchmarkRole.SCALAR)
    public int[] scalar() {
        scalar.gemv(w, x, out);
        return out;
    }

    @Benchmark
    @Role(BenchmarkRole.TRULY_SCALAR)
    @Fork(value = 1, jvmArgsAppend = BenchSupport.NO_SUPERWORD)
    public int[] trulyScalar() {
        scalar.gemv(w, x, out);
        return out;
    }

    @Benchmark
    @Role(BenchmarkRole.PEER)
    public int[] peer_c(NativeC c) {
        CPeer.gemv(w, x, out);
        return out;
    }

    @Benchmark
    @Role(value = BenchmarkRole.PEER, float32 = true)
    @Work(unit = WorkUnit.MACS, per = {"k", "n"})
    public float[] peer_openblas(Blas blas) {
        OpenBlas.sgemv(false, k, n, 1f, wf, n, xf, 0f, outF);
        return outF;
    }

    @Benchmark
    @Role(BenchmarkRole.FLOAT32)
    @Work(unit = WorkUnit.MACS, per = {"k", "n"})
    public float[] float32() {
        BenchSupport.gemvF32(wf, xf, k, n, outF);
        return outF;
    }
}
