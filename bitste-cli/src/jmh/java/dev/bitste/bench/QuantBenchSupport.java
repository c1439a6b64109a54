package dev.bitste.bench;

import dev.bitste.kernels.KernelChoice;
import dev.bitste.kernels.QuantKernelSupport;
import dev.bitste.kernels.QuantKernels;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Pieces shared by the multi-bit benchmarks: the kernels under test and their random inputs (the float32
 * kernels they are compared with are in {@link BenchSupport}).
 */
final class QuantBenchSupport {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private QuantBenchSupport() {
    }

    static QuantKernelSupport scalar() {
        return QuantKernels.of(KernelChoice.scalar()).support();
    }

    /** Random b-bit codes, row-major. */
    static int[] codes(long seed, int len, int bits) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] c = new int[len];
        for (int i = 0; i < len; i++) {
            c[i] = rnd.nextInt(1 << bits);
        }
        return c;
    }

    /** Random ±1, row-major. */
    static int[] signs(long seed, int len) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] s = new int[len];
        for (int i = 0; i < len; i++) {
            s[i] = rnd.nextBoolean() ? 1 : -1;
        }
        return s;
    }

    static float[] toFloats(int[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            f[i] = values[i];
        }
        return f;
    }

    /** Float32 ReLU, what a float network runs instead of the quantized activation. */
    static void relu(float[] src, float[] dst) {
        int i = 0;
        for (; i < F.loopBound(src.length); i += F.length()) {
            FloatVector.fromArray(F, src, i).max(0f).intoArray(dst, i);
        }
        for (; i < src.length; i++) {
            dst[i] = Math.max(src[i], 0f);
        }
    }
}
