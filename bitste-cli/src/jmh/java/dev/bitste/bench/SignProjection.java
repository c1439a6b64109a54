package dev.bitste.bench;

import dev.bitste.benchrun.GateParams;
import dev.bitste.benchrun.QuickParams;
import dev.bitste.benchrun.Role;
import dev.bitste.benchrun.Work;
import dev.bitste.bits.PackedBits;
import dev.bitste.kernels.BitKernelSupport;
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
 * Sign projection of n latent float weights to packed bits (with the NaN check); {@code scalar} is the
 * branchless scalar loop of the reference.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@QuickParams({"n=4099,65536", "vectorBits=preferred"})
@GateParams({"n=65536"})
@Work(unit = WorkUnit.BYTES, per = "n", times = Float.BYTES)
public class SignProjection {
    @Param({"1000", "4099", "65536"})
    int n;

    float[] latent;
    MemorySegment out;
    MemorySegment expected;
    BitKernelSupport scalar;

    /** The vector kernels at one width, checked against the reference before they run. */
    public static class Vector extends BenchSupport.VectorWidth {
        @Setup
        public void check(SignProjection s) {
            kernels().threshold(s.latent, 0, s.n, 0f, s.out, 0);
            BenchSupport.check(kernels.name() + " sign projection", -1L, s.out.mismatch(s.expected));
        }
    }

    @Setup
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(1);
        latent = new float[n];
        for (int i = 0; i < n; i++) {
            latent[i] = (float) rnd.nextGaussian();
        }
        scalar = BenchSupport.scalar().support();
        out = PackedBits.allocate(1, n);
        expected = PackedBits.allocate(1, n);
        scalar.threshold(latent, 0, n, 0f, expected, 0);
    }

    @Benchmark
    @Role(BenchmarkRole.VECTOR)
    public MemorySegment vector(Vector v) {
        v.kernels.threshold(latent, 0, n, 0f, out, 0);
        return out;
    }

    @Benchmark
    @Role(BenchmarkRole.SCALAR)
    public MemorySegment scalar() {
        scalar.threshold(latent, 0, n, 0f, out, 0);
        return out;
    }

    @Benchmark
    @Role(BenchmarkRole.TRULY_SCALAR)
    @Fork(value = 1, jvmArgsAppend = BenchSupport.NO_SUPERWORD)
    public MemorySegment trulyScalar() {
        scalar.threshold(latent, 0, n, 0f, out, 0);
        return out;
    }
}
