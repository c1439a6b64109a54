package dev.bitste.bench;

import dev.bitste.benchrun.GateParams;
import dev.bitste.benchrun.QuickParams;
import dev.bitste.benchrun.Role;
import dev.bitste.bits.BitMatrix;
import dev.bitste.bits.BitPlanes;
import dev.bitste.kernels.QuantKernelSupport;
import dev.bitste.kernels.QuantKernels;
import dev.bitste.results.BenchmarkRole;
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
 * Bit-serial GEMM: m x n b-bit activations (bit-planes) against k x n ±1 weights → m x k ints, versus the
 * float32 GEMM of the same shape (activations and weights as floats, Vector API FMA, same 4 x 4 blocking).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@QuickParams({"bits=1,2", "n=4096", "vectorBits=preferred"})
@GateParams({"bits=2", "n=4096"})
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
    @Role(BenchmarkRole.FLOAT32)
    public float[] float32() {
        BenchSupport.gemmF32(xf, wf, m, k, n, outF);
        return outF;
    }
}
