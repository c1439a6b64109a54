package dev.bitste.bench;

import dev.bitste.bits.BitVector;
import dev.bitste.kernels.KernelChoice;
import dev.bitste.kernels.KernelProvider;
import dev.bitste.kernels.SteKernels;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Random inputs for the STE benchmarks (uniform in [-1, 1): cheap to draw for hundreds of megabytes). */
public final class SteBenchData {
    private SteBenchData() {
    }

    /** The width of the vector kernels: a state used only by the {@code vector*} methods. */
    @State(Scope.Thread)
    public static class Width extends BenchSupport.VectorWidth {
        KernelProvider provider;
        SteKernels kernels;

        @Setup
        public void load() {
            provider = KernelProvider.of(choice());
            kernels = provider.ste();
        }
    }

    static SteKernels scalar() {
        return SteKernels.of(KernelChoice.scalar());
    }

    static float[] floats(long seed, int len) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] z = new float[len];
        for (int i = 0; i < len; i++) {
            z[i] = rnd.nextFloat() * 2f - 1f;
        }
        return z;
    }

    static BitVector signs(long seed, int n) {
        SplittableRandom rnd = new SplittableRandom(seed);
        boolean[] b = new boolean[n];
        for (int i = 0; i < n; i++) {
            b[i] = rnd.nextBoolean();
        }
        return BitVector.of(b);
    }

    /** About half the coefficients zero, like a ReLU STE mask. */
    static float[] sparseCoefficients(long seed, int len) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] c = new float[len];
        for (int i = 0; i < len; i++) {
            c[i] = rnd.nextBoolean() ? rnd.nextFloat() * 2f - 1f : 0f;
        }
        return c;
    }

    /** Largest |a - b| relative to the largest |b|: for float results summed in different orders. */
    static void checkClose(String what, float[] expected, float[] actual, double relTol) {
        double max = 0;
        double err = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs(expected[i]));
            err = Math.max(err, Math.abs(expected[i] - actual[i]));
        }
        if (!(err <= relTol * Math.max(max, 1e-30))) {
            throw new IllegalStateException(what + " disagrees with the scalar reference: max error " + err
                    + " vs max magnitude " + max);
        }
    }
}
