package dev.bitste.bench;

import dev.bitste.bits.BitVector;
import java.util.SplittableRandom;

/** Random inputs for the STE benchmarks (uniform in [-1, 1): cheap to draw for hundreds of megabytes). */
final class SteBenchData {
    private SteBenchData() {
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
