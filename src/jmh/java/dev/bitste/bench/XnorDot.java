package dev.bitste.bench;

import dev.bitste.bits.BitVector;
import dev.bitste.kernels.BitKernels;
import dev.bitste.kernels.KernelChoice;
import dev.bitste.kernels.KernelSupport;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** ±1 dot product of two packed vectors of n bits. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class XnorDot {
    @Param({"1000", "16384"})
    int n;

    @Param({"scalar", "vector"})
    String impl;

    KernelSupport kernels;
    BitVector a;
    BitVector b;

    @Setup
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(42);
        boolean[] x = new boolean[n];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextBoolean();
            y[i] = rnd.nextBoolean();
        }
        a = BitVector.of(x);
        b = BitVector.of(y);
        kernels = BitKernels.of(impl.equals("scalar") ? KernelChoice.scalar() : KernelChoice.vector(0)).support();
        int expected = BitKernels.of(KernelChoice.scalar()).dot(a, b);
        if (kernels.dot(a, b) != expected) {
            throw new IllegalStateException(kernels.name() + " dot disagrees with the scalar reference");
        }
    }

    @Benchmark
    public int dot() {
        return kernels.dot(a, b);
    }
}
