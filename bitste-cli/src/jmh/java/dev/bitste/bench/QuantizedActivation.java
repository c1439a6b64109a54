package dev.bitste.bench;

import dev.bitste.benchrun.GateParams;
import dev.bitste.benchrun.QuickParams;
import dev.bitste.benchrun.Role;
import dev.bitste.benchrun.Work;
import dev.bitste.bits.BitPlanes;
import dev.bitste.kernels.QuantKernelSupport;
import dev.bitste.kernels.QuantKernels;
import dev.bitste.results.BenchmarkRole;
import dev.bitste.results.WorkUnit;
import java.lang.foreign.MemorySegment;
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
 * The b-bit quantized ReLU of n float pre-activations written as b bit-planes (the next layer's input),
 * versus the float32 ReLU of the same array.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@QuickParams({"bits=2,8", "n=4096", "vectorBits=preferred"})
@GateParams({"bits=2", "n=4096"})
@Work(unit = WorkUnit.BYTES, per = "n", times = Float.BYTES)
public class QuantizedActivation {
    @Param({"1", "2", "4", "8"})
    int bits;

    @Param({"4096", "65536"})
    int n;

    float[] h;
    float[] relu;
    MemorySegment planes;
    long planeStride;
    BitPlanes expected;
    QuantKernelSupport scalar;

    @Setup
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(5);
        h = new float[n];
        int q = (1 << bits) - 1;
        for (int i = 0; i < n; i++) {
            h[i] = (float) ((rnd.nextDouble() * 1.4 - 0.2) * q); // below 0, inside, and past q
        }
        relu = new float[n];
        planes = BitPlanes.allocate(1, n, bits);
        planeStride = BitPlanes.planeOffset(0, 1, n, bits);
        scalar = QuantBenchSupport.scalar();
        expected = quantize(scalar);
    }

    BitPlanes quantize(QuantKernelSupport k) {
        MemorySegment seg = BitPlanes.allocate(1, n, bits);
        k.quantize(h, 0, n, bits, seg, 0, planeStride);
        return BitPlanes.adopt(seg, 1, n, bits);
    }

    /** The vector kernels at one width. */
    @State(Scope.Thread)
    public static class VectorState extends BenchSupport.WidthParam {
        QuantKernelSupport kernels;

        @Setup
        public void setup(QuantizedActivation b) {
            kernels = QuantKernels.of(choice()).support();
            BenchSupport.check(kernels.name() + " quantize", b.expected, b.quantize(kernels));
        }
    }

    @Benchmark
    @Role(BenchmarkRole.VECTOR)
    public int vector(VectorState v) {
        return v.kernels.quantize(h, 0, n, bits, planes, 0, planeStride);
    }

    @Benchmark
    @Role(BenchmarkRole.SCALAR)
    public int scalar() {
        return scalar.quantize(h, 0, n, bits, planes, 0, planeStride);
    }

    @Benchmark
    @Role(BenchmarkRole.TRULY_SCALAR)
    @Fork(value = 1, jvmArgsAppend = BenchSupport.NO_SUPERWORD)
    public int trulyScalar() {
        return scalar.quantize(h, 0, n, bits, planes, 0, planeStride);
    }

    @Benchmark
    @Role(BenchmarkRole.FLOAT32)
    public float[] float32() {
        QuantBenchSupport.relu(h, relu);
        return relu;
    }
}
