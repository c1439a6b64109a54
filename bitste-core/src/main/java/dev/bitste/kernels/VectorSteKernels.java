package dev.bitste.kernels;

import java.lang.invoke.MethodHandles;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float x binary primitives on the Vector API. Loaded by reflection as one copy per width (see
 * {@link WidthSpecialization}), so {@code FLOATS} is a constant in every method of a copy and C2
 * intrinsifies every vector operation however the methods are compiled or inlined. (No nested classes
 * or lambdas here: they would stop the class from being copied.)
 *
 * <p>Signed sums: each group of lanes turns its bits of the weight word into a lane mask
 * ({@link VectorMask#fromLong}; a lane group never straddles a 64-bit word, 64 being a multiple of
 * every lane count) and the mask into a vector of +1/-1, so each element costs one fused multiply-add
 * ({@code acc + z * (+-1)}, exact product, one rounding: the same as adding or subtracting {@code z}).
 * {@link #dotSignsRows} unpacks the signs once per call and runs four rows per pass; the four
 * accumulators are then reduced together by two-vector lane selections ({@link #fold4}), which add the
 * lanes in the same order as the one-row reduction ({@link #fold}: lane {@code i} with lane
 * {@code i + L/2}, then {@code i + L/4}, ...), so a row gives the same bits alone or in a group of four.
 */
final class VectorSteKernels implements SteKernelSupport {
    private static final int BITS = WidthSpecialization.bits(MethodHandles.lookup());
    private static final VectorSpecies<Float> FLOATS = VectorSpecies.of(float.class, VectorShape.forBitSize(BITS));
    private static final int L = FLOATS.length();
    private static final FloatVector PLUS_ONE = FloatVector.broadcast(FLOATS, 1f);
    private static final FloatVector MINUS_ONE = FloatVector.broadcast(FLOATS, -1f);
    /** Two-vector selections of {@link #fold4}: the halves of two rows, then the quarters of four. */
    private static final FloatVector HALVES_LO = foldIndex(2, 0);
    private static final FloatVector HALVES_HI = foldIndex(2, 1);
    private static final FloatVector QUARTERS_LO = foldIndex(4, 0);
    private static final FloatVector QUARTERS_HI = foldIndex(4, 1);
    /** Lane {@code i} to {@code i XOR d}: the in-vector steps of the reductions. */
    private static final VectorShuffle<Float> SWAP_8 = swap(8);
    private static final VectorShuffle<Float> SWAP_4 = swap(4);
    private static final VectorShuffle<Float> SWAP_2 = swap(2);
    private static final VectorShuffle<Float> SWAP_1 = swap(1);
    /** Lanes {@code 0, L/4, L/2, 3L/4} (the four rows' sums) to lanes 0..3. */
    private static final VectorShuffle<Float> FIRST_OF_QUARTERS = firstOfQuarters();
    private static final VectorMask<Float> FOUR_LANES = VectorMask.fromLong(FLOATS, 0xF);

    /**
     * The selection that folds {@code rows} rows held in two vectors into one: output lane {@code i} belongs to row
     * {@code r = i / (L / rows)}, taken from the first vector for the first half of the rows, the second for the
     * rest; {@code part} 0 picks the lower half of that row's lanes in its source, 1 the upper half.
     */
    private static FloatVector foldIndex(int rows, int part) {
        int width = L / rows; // lanes per row in the output
        float[] index = new float[L];
        for (int i = 0; i < L; i++) {
            int r = i / width;
            int source = r / (rows / 2); // 0: first vector, 1: second
            int start = (r % (rows / 2)) * 2 * width; // where the row's 2 * width lanes sit in its source
            index[i] = source * L + start + part * width + i % width;
        }
        return FloatVector.fromArray(FLOATS, index, 0);
    }

    private static VectorShuffle<Float> swap(int d) {
        int[] index = new int[L];
        for (int i = 0; i < L; i++) {
            index[i] = d < L ? i ^ d : i;
        }
        return VectorShuffle.fromArray(FLOATS, index, 0);
    }

    private static VectorShuffle<Float> firstOfQuarters() {
        int[] index = new int[L];
        for (int i = 0; i < L; i++) {
            index[i] = (i % 4) * (L / 4);
        }
        return VectorShuffle.fromArray(FLOATS, index, 0);
    }

    @Override
    public String name() {
        return "vector-" + BITS;
    }

    @Override
    public float dotSigns(float[] z, int off, int n, long[] w, int wOff) {
        FloatVector acc = FloatVector.zero(FLOATS);
        int i = 0;
        for (; i + L <= n; i += L) {
            acc = FloatVector.fromArray(FLOATS, z, off + i).fma(signs(w[wOff + (i >>> 6)] >>> (i & 63)), acc);
        }
        return tailDot(fold(acc), z, off, i, n, w, wOff);
    }

    @Override
    public void dotSignsRows(float[] z, int off, int rows, int n, long[] w, float[] out, int outOff) {
        int whole = n - n % L;
        float[] s = new float[whole];
        for (int i = 0; i < whole; i += L) {
            signs(w[i >>> 6] >>> (i & 63)).intoArray(s, i);
        }
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            dotSigns4Rows(z, off + r * n, n, s, out, outOff + r);
            for (int t = 0; t < 4; t++) {
                out[outOff + r + t] = tailDot(out[outOff + r + t], z, off + (r + t) * n, whole, n, w, 0);
            }
        }
        for (; r < rows; r++) {
            out[outOff + r] = dotSigns(z, off + r * n, n, w, 0);
        }
    }

    @Override
    public void accumulateRows(float[] z, int[] rows, float[] coefs, int count, int n, float[] g, int gOff) {
        int t = 0;
        for (; t + 4 <= count; t += 4) {
            axpy4Rows(z, rows, coefs, t, n, g, gOff);
        }
        for (; t < count; t++) {
            axpy(z, rows[t], coefs[t], n, g, gOff);
        }
    }

    /** +1 where bit {@code i} of {@code bits} is set, -1 elsewhere, for the first L bits. */
    private static FloatVector signs(long bits) {
        return MINUS_ONE.blend(PLUS_ONE, VectorMask.fromLong(FLOATS, bits));
    }

    /**
     * The vector parts of four consecutive rows' signed sums with the unpacked signs {@code s} (whole vectors only),
     * into {@code out[outOff..outOff+3]}.
     */
    private static void dotSigns4Rows(float[] z, int off, int n, float[] s, float[] out, int outOff) {
        FloatVector a0 = FloatVector.zero(FLOATS), a1 = a0, a2 = a0, a3 = a0;
        for (int i = 0; i + L <= n; i += L) {
            FloatVector sign = FloatVector.fromArray(FLOATS, s, i);
            a0 = FloatVector.fromArray(FLOATS, z, off + i).fma(sign, a0);
            a1 = FloatVector.fromArray(FLOATS, z, off + n + i).fma(sign, a1);
            a2 = FloatVector.fromArray(FLOATS, z, off + 2 * n + i).fma(sign, a2);
            a3 = FloatVector.fromArray(FLOATS, z, off + 3 * n + i).fma(sign, a3);
        }
        fold4(a0, a1, a2, a3).intoArray(out, outOff, FOUR_LANES);
    }

    /** The lane sums of four vectors in lanes 0..3, each added in {@link #fold}'s order. */
    private static FloatVector fold4(FloatVector a0, FloatVector a1, FloatVector a2, FloatVector a3) {
        FloatVector s01 = HALVES_LO.selectFrom(a0, a1).add(HALVES_HI.selectFrom(a0, a1));
        FloatVector s23 = HALVES_LO.selectFrom(a2, a3).add(HALVES_HI.selectFrom(a2, a3));
        FloatVector r = QUARTERS_LO.selectFrom(s01, s23).add(QUARTERS_HI.selectFrom(s01, s23));
        if (L >= 16) {
            r = r.add(r.rearrange(SWAP_2));
        }
        if (L >= 8) {
            r = r.add(r.rearrange(SWAP_1));
        }
        return r.rearrange(FIRST_OF_QUARTERS);
    }

    /** The sum of the lanes: lane {@code i} plus lane {@code i + L/2}, then {@code i + L/4}, ... down to one. */
    private static float fold(FloatVector a) {
        if (L >= 16) {
            a = a.add(a.rearrange(SWAP_8));
        }
        if (L >= 8) {
            a = a.add(a.rearrange(SWAP_4));
        }
        a = a.add(a.rearrange(SWAP_2));
        return a.add(a.rearrange(SWAP_1)).lane(0);
    }

    private static void axpy4Rows(float[] z, int[] rows, float[] coefs, int t, int n, float[] g, int gOff) {
        int o0 = rows[t], o1 = rows[t + 1], o2 = rows[t + 2], o3 = rows[t + 3];
        float c0 = coefs[t], c1 = coefs[t + 1], c2 = coefs[t + 2], c3 = coefs[t + 3];
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector acc = FloatVector.fromArray(FLOATS, g, gOff + i);
            acc = acc.add(FloatVector.fromArray(FLOATS, z, o0 + i).mul(c0));
            acc = acc.add(FloatVector.fromArray(FLOATS, z, o1 + i).mul(c1));
            acc = acc.add(FloatVector.fromArray(FLOATS, z, o2 + i).mul(c2));
            acc = acc.add(FloatVector.fromArray(FLOATS, z, o3 + i).mul(c3));
            acc.intoArray(g, gOff + i);
        }
        tailAxpy4Rows(z, rows, coefs, t, i, n, g, gOff);
    }

    private static void axpy(float[] z, int row, float c, int n, float[] g, int gOff) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(FLOATS, g, gOff + i).add(FloatVector.fromArray(FLOATS, z, row + i).mul(c))
                    .intoArray(g, gOff + i);
        }
        for (; i < n; i++) {
            g[gOff + i] += c * z[row + i];
        }
    }

    /** Scalar tail of a signed dot product from element {@code i}. */
    private static float tailDot(float d, float[] z, int off, int i, int n, long[] w, int wOff) {
        for (; i < n; i++) {
            d += (w[wOff + (i >>> 6)] >>> (i & 63) & 1L) != 0 ? z[off + i] : -z[off + i];
        }
        return d;
    }

    /** Scalar tail of four-row accumulation from element {@code i}, in the same order as the vector part. */
    private static void tailAxpy4Rows(float[] z, int[] rows, float[] coefs, int t, int i, int n, float[] g, int gOff) {
        for (; i < n; i++) {
            float a = g[gOff + i];
            a += coefs[t] * z[rows[t] + i];
            a += coefs[t + 1] * z[rows[t + 1] + i];
            a += coefs[t + 2] * z[rows[t + 2] + i];
            a += coefs[t + 3] * z[rows[t + 3] + i];
            g[gOff + i] = a;
        }
    }
}
