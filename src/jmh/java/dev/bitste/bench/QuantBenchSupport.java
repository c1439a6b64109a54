package dev.bitste.bench;

import dev.bitste.kernels.KernelChoice;
import dev.bitste.kernels.QuantKernelSupport;
import dev.bitste.kernels.QuantKernels;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Pieces shared by the multi-bit benchmarks: the kernels under test and the float32 kernels of the same
 * shapes (Vector API, preferred width, FMA) that a float network would run instead.
 */
final class QuantBenchSupport {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private QuantBenchSupport() {
    }

    static QuantKernelSupport vector(String vectorBits) {
        return QuantKernels.of(KernelChoice.vector(vectorBits.equals("preferred") ? 0 : Integer.parseInt(vectorBits)))
                .support();
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

    /** Throws unless n is a whole number of float vectors (the float32 kernels have no tail loop). */
    static void requireWholeVectors(int n) {
        if (n % F.length() != 0) {
            throw new IllegalArgumentException("n = " + n + " is not a multiple of " + F.length() + " floats");
        }
    }

    /** Float dot product, one FMA per vector. */
    static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        FloatVector acc = FloatVector.zero(F);
        for (int i = 0; i < n; i += F.length()) {
            acc = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    /** {@code out[i * k + j] = dot(a_i, b_j)}, a m x n, b k x n, blocked 4 x 4 like the bit-serial GEMM. */
    static void gemm(float[] a, int m, float[] b, int k, int n, float[] out) {
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int j = 0;
            for (; j + 4 <= k; j += 4) {
                block4x4(a, i * n, b, j * n, n, out, i * k + j, k);
            }
            for (; j < k; j++) {
                for (int r = 0; r < 4; r++) {
                    out[(i + r) * k + j] = dot(a, (i + r) * n, b, j * n, n);
                }
            }
        }
        for (; i < m; i++) {
            for (int j = 0; j < k; j++) {
                out[i * k + j] = dot(a, i * n, b, j * n, n);
            }
        }
    }

    private static void block4x4(float[] a, int a0, float[] b, int b0, int n, float[] out, int o, int k) {
        FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        for (int c = 0; c < n; c += F.length()) {
            FloatVector x0 = FloatVector.fromArray(F, a, a0 + c);
            FloatVector x1 = FloatVector.fromArray(F, a, a0 + n + c);
            FloatVector x2 = FloatVector.fromArray(F, a, a0 + 2 * n + c);
            FloatVector x3 = FloatVector.fromArray(F, a, a0 + 3 * n + c);
            FloatVector v = FloatVector.fromArray(F, b, b0 + c);
            c00 = x0.fma(v, c00);
            c10 = x1.fma(v, c10);
            c20 = x2.fma(v, c20);
            c30 = x3.fma(v, c30);
            v = FloatVector.fromArray(F, b, b0 + n + c);
            c01 = x0.fma(v, c01);
            c11 = x1.fma(v, c11);
            c21 = x2.fma(v, c21);
            c31 = x3.fma(v, c31);
            v = FloatVector.fromArray(F, b, b0 + 2 * n + c);
            c02 = x0.fma(v, c02);
            c12 = x1.fma(v, c12);
            c22 = x2.fma(v, c22);
            c32 = x3.fma(v, c32);
            v = FloatVector.fromArray(F, b, b0 + 3 * n + c);
            c03 = x0.fma(v, c03);
            c13 = x1.fma(v, c13);
            c23 = x2.fma(v, c23);
            c33 = x3.fma(v, c33);
        }
        out[o] = c00.reduceLanes(VectorOperators.ADD);
        out[o + 1] = c01.reduceLanes(VectorOperators.ADD);
        out[o + 2] = c02.reduceLanes(VectorOperators.ADD);
        out[o + 3] = c03.reduceLanes(VectorOperators.ADD);
        out[o + k] = c10.reduceLanes(VectorOperators.ADD);
        out[o + k + 1] = c11.reduceLanes(VectorOperators.ADD);
        out[o + k + 2] = c12.reduceLanes(VectorOperators.ADD);
        out[o + k + 3] = c13.reduceLanes(VectorOperators.ADD);
        out[o + 2 * k] = c20.reduceLanes(VectorOperators.ADD);
        out[o + 2 * k + 1] = c21.reduceLanes(VectorOperators.ADD);
        out[o + 2 * k + 2] = c22.reduceLanes(VectorOperators.ADD);
        out[o + 2 * k + 3] = c23.reduceLanes(VectorOperators.ADD);
        out[o + 3 * k] = c30.reduceLanes(VectorOperators.ADD);
        out[o + 3 * k + 1] = c31.reduceLanes(VectorOperators.ADD);
        out[o + 3 * k + 2] = c32.reduceLanes(VectorOperators.ADD);
        out[o + 3 * k + 3] = c33.reduceLanes(VectorOperators.ADD);
    }

    /** Float ReLU of every element, the float network's activation. */
    static void relu(float[] src, float[] dst) {
        for (int i = 0; i < src.length; i += F.length()) {
            FloatVector.fromArray(F, src, i).max(0f).intoArray(dst, i);
        }
    }
}
