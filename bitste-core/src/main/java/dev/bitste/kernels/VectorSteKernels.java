package dev.bitste.kernels;

import java.lang.invoke.MethodHandles;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float x binary primitives on the Vector API. Loaded by reflection as one copy per width (see
 * {@link WidthSpecialization}), so {@code FLOATS} is a constant in every method of a copy and C2
 * intrinsifies every vector operation however the methods are compiled or inlined. (No nested classes
 * or lambdas here: they would stop the class from being copied.)
 *
 * <p>Signs are never unpacked to floats: each group of lanes takes its bits straight from the weight
 * word as a lane mask ({@link VectorMask#fromLong}), and the row is summed into a "+" and a "-"
 * accumulator under that mask and its complement. A lane group never straddles a 64-bit word
 * (64 is a multiple of every lane count).
 */
final class VectorSteKernels implements SteKernelSupport {
    private static final int BITS = WidthSpecialization.bits(MethodHandles.lookup());
    private static final VectorSpecies<Float> FLOATS = VectorSpecies.of(float.class, VectorShape.forBitSize(BITS));
    private static final int L = FLOATS.length();

    @Override
    public String name() {
        return "vector-" + BITS;
    }

    @Override
    public float dotSigns(float[] z, int off, int n, long[] w, int wOff) {
        FloatVector plus = FloatVector.zero(FLOATS);
        FloatVector minus = FloatVector.zero(FLOATS);
        int i = 0;
        for (; i + L <= n; i += L) {
            VectorMask<Float> m = VectorMask.fromLong(FLOATS, w[wOff + (i >>> 6)] >>> (i & 63));
            FloatVector zv = FloatVector.fromArray(FLOATS, z, off + i);
            plus = plus.add(zv, m);
            minus = minus.add(zv, m.not());
        }
        return tailDot(plus.sub(minus).reduceLanes(VectorOperators.ADD), z, off, i, n, w, wOff);
    }

    @Override
    public void dotSignsRows(float[] z, int off, int rows, int n, long[] w, float[] out, int outOff) {
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            dotSigns4Rows(z, off + r * n, n, w, out, outOff + r);
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

    /** Four consecutive rows against one sign vector: each mask made once, used for all four rows. */
    private static void dotSigns4Rows(float[] z, int off, int n, long[] w, float[] out, int outOff) {
        FloatVector p0 = FloatVector.zero(FLOATS), p1 = p0, p2 = p0, p3 = p0;
        FloatVector m0 = p0, m1 = p0, m2 = p0, m3 = p0;
        int i = 0;
        for (; i + L <= n; i += L) {
            VectorMask<Float> plus = VectorMask.fromLong(FLOATS, w[i >>> 6] >>> (i & 63));
            VectorMask<Float> minus = plus.not();
            FloatVector z0 = FloatVector.fromArray(FLOATS, z, off + i);
            FloatVector z1 = FloatVector.fromArray(FLOATS, z, off + n + i);
            FloatVector z2 = FloatVector.fromArray(FLOATS, z, off + 2 * n + i);
            FloatVector z3 = FloatVector.fromArray(FLOATS, z, off + 3 * n + i);
            p0 = p0.add(z0, plus);
            m0 = m0.add(z0, minus);
            p1 = p1.add(z1, plus);
            m1 = m1.add(z1, minus);
            p2 = p2.add(z2, plus);
            m2 = m2.add(z2, minus);
            p3 = p3.add(z3, plus);
            m3 = m3.add(z3, minus);
        }
        out[outOff] = tailDot(p0.sub(m0).reduceLanes(VectorOperators.ADD), z, off, i, n, w, 0);
        out[outOff + 1] = tailDot(p1.sub(m1).reduceLanes(VectorOperators.ADD), z, off + n, i, n, w, 0);
        out[outOff + 2] = tailDot(p2.sub(m2).reduceLanes(VectorOperators.ADD), z, off + 2 * n, i, n, w, 0);
        out[outOff + 3] = tailDot(p3.sub(m3).reduceLanes(VectorOperators.ADD), z, off + 3 * n, i, n, w, 0);
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
