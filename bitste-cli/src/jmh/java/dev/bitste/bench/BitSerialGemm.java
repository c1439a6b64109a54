package dev.bitste.bench;

import dev.bitste.benchrun.GateParams;
import dev.bitste.benchrun.QuickParams;
import dev.bitste.benchrun.Role;
import dev.bitste.benchrun.Work;
import dev.bitste.bits.BitMatrix;
import dev.bitste.bits.BitPlanes;
import dev.bitste.kernels.QuantKernelSupport;
import dev.bitste.kernels.QuantKernels;
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
 * Bit-serial GEMM: m x n b-bit activations (bit-planes) against k x n ±1 weights → m x k ints (b binary ops per
 * product), versus the float32 GEMM of the same shape (activations and weights as floats): the project's
 * Vector API FMA GEMM (4 x 4 blocking, {@code float32}) and OpenBLAS's {@code sgemm} ({@code peer_openblas}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@QuickParams({"bits=1,2", "n=4096", "vectorBits=preferred"})
@GateParams({"bits=2", "n=4096"})
@Work(unit = WorkUnit.BINARY_OPS, per = {"bits", "m", "k", "n"})
public class BitSerialGemm {
    @Param({"1", "2", "4", "8"})
    int bits;

    @Param({"256"})
    int m;

    @Param({"256"})
    int k;

    @Param({"1024", "4096"})
    int n;

    BitPlanes x;
    BitMatrix w;
    float[] xf;
    float[] wf;
    int[] out;
    float[] outF;
    int[] expected;
    QuantKernelSupport scalar;

    @Setup
    public void setup() {
        int[] codes = QuantBenchSupport.codes(1, m * n, bits);
        int[] signs = QuantBenchSupport.signs(2, k * n);
        x = BitPlanes.ofCodes(codes, m, n, bits);
        w = BitMatrix.ofSigns(signs, k, n);
        xf = QuantBenchSupport.toFloats(codes);
        wf = QuantBenchSupport.toFloats(signs);
        out = new int[m * k];
        outF = new float[m * k];
        scalar = QuantBenchSupport.scalar();
        expected = new int[m * k];
        scalar.gemm(x, w, expected);
        BenchSupport.gemmF32(xf, wf, m, k, n, outF);
        // the sums are integers below 2^24, so the float32 GEMM is exact and must agree too
        BenchSupport.check("float32 gemm", QuantBenchSupport.toFloats(expected), outF);
    }

    /** OpenBLAS, checked before it runs (the integer sums are below 2^24, so exact in float). */
    @State(Scope.Thread)
    public static class Blas {
        @Setup
        public void check(BitSerialGemm b) {
            BenchSupport.check("peer_openblas sgemm", QuantBenchSupport.toFloats(b.expected),
                    b.peer_openblas(this).clone());
        }
    }

    /** The vector kernels at one width. */
    @State(Scope.Thread)
    public static class VectorState extends BenchSupport.WidthParam {
        QuantKernelSupport kernels;

        @Setup
        public void setup(BitSerialGemm b) {
            kernels = QuantKernels.of(choice()).support();
            kernels.gemm(b.x, b.w, b.out);
            BenchSupport.check(kernels.name() + " bit-serial gemm", b.expected, b.out);
        }
    }

    @Benchmark
    @Role(BenchmarkRole.VECTOR)
    public int[] vector(VectorState v) {
        v.kernels.gemm(x, w, out);
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
