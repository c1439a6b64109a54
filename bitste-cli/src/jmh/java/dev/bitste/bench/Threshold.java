package dev.bitste.bench;

import dev.bitste.benchrun.GateParams;
import dev.bitste.benchrun.QuickParams;
import dev.bitste.benchrun.Role;
import dev.bitste.benchrun.Work;
import dev.bitste.bits.BitMatrix;
import dev.bitste.bits.PackedBits;
import dev.bitste.kernels.BitKernelSupport;
import dev.bitste.results.BenchmarkRole;
import dev.bitste.results.WorkUnit;
import java.lang.foreign.MemorySegment;
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
 * A binary layer: X (m x n) against W (k x n), thresholded per output unit into the next layer's packed
 * input. {@code vector} is the fused kernel ({@code gemmThreshold}: popcounts compared with
 * {@code (n - t) / 2}, no int matrix); {@code vectorUnfused} is the vector GEMM into ints followed by the
 * vector threshold of each row (what the fusion saves); scalar and trulyScalar run the reference.
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
public class Threshold {
    @Param({"256"})
    int m;

    @Param({"256", "1024"})
    int k;

    @Param({"1000", "4096"})
    int n;

    BitMatrix x;
    BitMatrix w;
    int[] t;
    BitKernelSupport scalar;
    MemorySegment out;
    MemorySegment expected;
    int[] dots;

    /** The vector kernels at one width, checked (fused and unfused) against the reference. */
    public static class Vector extends BenchSupport.VectorWidth {
        @Setup
        public void check(Threshold b) {
            kernels().gemmThreshold(b.x, b.w, b.t, b.out);
            BenchSupport.check(kernels.name() + " gemmThreshold", -1L, b.out.mismatch(b.expected));
            b.out.fill((byte) 0);
            b.unfused(kernels);
            BenchSupport.check(kernels.name() + " gemm + threshold", -1L, b.out.mismatch(b.expected));
        }
    }

    @Setup
    public void setup() {
        x = BenchSupport.randomMatrix(1, m, n);
        w = BenchSupport.randomMatrix(2, k, n);
        t = new int[k];
        for (int j = 0; j < k; j++) {
            t[j] = (j % 7) - 3; // small thresholds around 0, where about half the units fire
        }
        scalar = BenchSupport.scalar().support();
        out = PackedBits.allocate(m, k);
        expected = PackedBits.allocate(m, k);
        scalar.gemmThreshold(x, w, t, expected);
        dots = new int[m * k];
    }

    MemorySegment unfused(BitKernelSupport kernels) {
        kernels.gemm(x, w, dots);
        long stride = (long) PackedBits.strideWords(k) * Long.BYTES;
        for (int i = 0; i < m; i++) {
            int o = i * k;
            for (int j = 0; j < k; j++) {
                dots[o + j] -= t[j];
            }
            kernels.threshold(dots, o, k, 0, out, i * stride);
        }
        return out;
    }

    @Benchmark
    @Role(BenchmarkRole.VECTOR)
    public MemorySegment vector(Vector v) {
        v.kernels.gemmThreshold(x, w, t, out);
        return out;
    }

    @Benchmark
    @Role(BenchmarkRole.VARIANT)
    public MemorySegment vectorUnfused(Vector v) {
        return unfused(v.kernels);
    }

    @Benchmark
    @Role(BenchmarkRole.SCALAR)
    public MemorySegment scalar() {
        scalar.gemmThreshold(x, w, t, out);
        return out;
    }

    @Benchmark
    @Role(BenchmarkRole.TRULY_SCALAR)
    @Fork(value = 1, jvmArgsAppend = BenchSupport.NO_SUPERWORD)
    public MemorySegment trulyScalar() {
        scalar.gemmThreshold(x, w, t, out);
        return out;
    }
}
