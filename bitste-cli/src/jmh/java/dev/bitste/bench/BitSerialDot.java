package dev.bitste.bench;

import dev.bitste.benchrun.GateParams;
import dev.bitste.benchrun.QuickParams;
import dev.bitste.benchrun.Role;
import dev.bitste.benchrun.Work;
import dev.bitste.bits.BitPlanes;
import dev.bitste.bits.BitVector;
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
 * Bit-serial dot product of n b-bit activations with n ±1 weights (b binary ops per product), versus a float32
 * dot of the same length: Vector API FMA ({@code float32}) and OpenBLAS's {@code sdot} ({@code peer_openblas}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@QuickParams({"bits=2,8", "n=16384", "vectorBits=preferred"})
@GateParams({"bits=2", "n=16384"})
@Work(unit = WorkUnit.BINARY_OPS, per = {"bits", "n"})
public class BitSerialDot {
    @Param({"1", "2", "4", "8"})
    int bits;

    @Param({"1024", "16384"})
    int n;

    BitPlanes x;
    BitVector w;
    float[] xf;
    float[] wf;
    int[] out = new int[1];
    int expected;
    QuantKernelSupport scalar;

    @Setup
    public void setup() {
        int[] codes = QuantBenchSupport.codes(3, n, bits);
        int[] signs = QuantBenchSupport.signs(4, n);
        x = BitPlanes.ofCodes(codes, 1, n, bits);
        w = BitVector.ofSigns(signs);
        xf = QuantBenchSupport.toFloats(codes);
        wf = QuantBenchSupport.toFloats(signs);
        scalar = QuantBenchSupport.scalar();
        scalar.gemm(x, w, out);
        expected = out[0];
        BenchSupport.check("float32 dot", (float) expected, BenchSupport.dotF32(xf, 0, wf, 0, n));
    }

    /** OpenBLAS, checked before it runs (the integer sums are exact in float). */
    @State(Scope.Thread)
    public static class Blas {
        @Setup
        public void check(BitSerialDot b) {
            BenchSupport.check("peer_openblas sdot", (float) b.expected, b.peer_openblas(this));
        }
    }

    /** The vector kernels at one width. */
    @State(Scope.Thread)
    public static class VectorState extends BenchSupport.WidthParam {
        QuantKernelSupport kernels;

        @Setup
        public void setup(BitSerialDot b) {
            kernels = QuantKernels.of(choice()).support();
            kernels.gemm(b.x, b.w, b.out);
            BenchSupport.check(kernels.name() + " bit-serial dot", b.expected, b.out[0]);
        }
    }

    @Benchmark
    @Role(BenchmarkRole.VECTOR)
    public int vector(VectorState v) {
        v.kernels.gemm(x, w, out);
        return out[0];
    }

    @Benchmark
    @Role(BenchmarkRole.SCALAR)
    public int scalar() {
        scalar.gemm(x, w, out);
        return out[0];
    }

    @Benchmark
    @Role(BenchmarkRole.TRULY_SCALAR)
    @Fork(value = 1, jvmArgsAppend = BenchSupport.NO_SUPERWORD)
    public int trulyScalar() {
        scalar.gemm(x, w, out);
        return out[0];
    }

    @Benchmark
    @Role(value = BenchmarkRole.PEER, float32 = true)
    @Work(unit = WorkUnit.MACS, per = "n")
    public float peer_openblas(Blas blas) {
        return OpenBlas.sdot(n, xf, wf);
    }

    @Benchmark
    @Role(BenchmarkRole.FLOAT32)
    @Work(unit = WorkUnit.MACS, per = "n")
    public float float32() {
        return BenchSupport.dotF32(xf, 0, wf, 0, n);
    }
}
