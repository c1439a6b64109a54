package dev.bitste.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float x binary primitives on the Vector API. Loaded by reflection (see {@link KernelChoice}).
 *
 * <p>Signs are never unpacked to floats: each group of lanes takes its bits straight from the weight
 * word as a lane mask ({@link VectorMask#fromLong}), and the row is summed into a "+" and a "-"
 * accumulator under that mask and its complement. A lane group never straddles a 64-bit word
 * (64 is a multiple of every lane count). Species are {@code static final} and each width has its
 * own call, so C2 intrinsifies them (see {@code VectorKernels}).
 */
final class VectorSteKernels implements SteKernelSupport {
    private static final VectorSpecies<Float> F128 = FloatVector.SPECIES_128;
    private static final VectorSpecies<Float> F256 = FloatVector.SPECIES_256;
    private static final VectorSpecies<Float> F512 = FloatVector.SPECIES_512;

    private final int bits;

    VectorSteKernels(int bits) {
        this.bits = bits == 0 ? VectorKernels.preferredBits() : bits;
    }

    @Override
    public String name() {
        return "vector-" + bits;
    }

    @Override
    public float dotSigns(float[] z, int off, int n, long[] w, int wOff) {
        return switch (bits) {
            case 128 -> dotSigns(F128, z, off, n, w, wOff);
            case 256 -> dotSigns(F256, z, off, n, w, wOff);
            default -> dotSigns(F512, z, off, n, w, wOff);
        };
    }

    @Override
    public void accumulateRows(float[] z, int[] rows, float[] coefs, int count, int n, float[] g, int gOff) {
        int t = 0;
        for (; t + 4 <= count; t += 4) {
            switch (bits) {
                case 128 -> axpy4(F128, z, rows, coefs, t, n, g, gOff);
                case 256 -> axpy4(F256, z, rows, coefs, t, n, g, gOff);
                default -> axpy4(F512, z, rows, coefs, t, n, g, gOff);
            }
        }
        for (; t < count; t++) {
            switch (bits) {
                case 128 -> axpy1(F128, z, rows[t], coefs[t], n, g, gOff);
                case 256 -> axpy1(F256, z, rows[t], coefs[t], n, g, gOff);
                default -> axpy1(F512, z, rows[t], coefs[t], n, g, gOff);
            }
        }
    }

    // ---- kernels, one species each; small so C2 inlines them ----

    static float dotSigns(VectorSpecies<Float> s, float[] z, int off, int n, long[] w, int wOff) {
        FloatVector plus = FloatVector.zero(s);
        FloatVector minus = FloatVector.zero(s);
        int lanes = s.length();
        int i = 0;
        for (; i + lanes <= n; i += lanes) {
            VectorMask<Float> m = VectorMask.fromLong(s, w[wOff + (i >>> 6)] >>> (i & 63));
            FloatVector zv = FloatVector.fromArray(s, z, off + i);
            plus = plus.add(zv, m);
            minus = minus.add(zv, m.not());
        }
        float d = plus.sub(minus).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            d += (w[wOff + (i >>> 6)] >>> (i & 63) & 1L) != 0 ? z[off + i] : -z[off + i];
        }
        return d;
    }

    /**
     * Four rows at once: each output vector is loaded and stored once for four rows, the additions made
     * in row order with a rounding after each multiply and add, exactly as the scalar reference.
     */
    static void axpy4(VectorSpecies<Float> s, float[] z, int[] rows, float[] coefs, int t, int n, float[] g,
            int gOff) {
        int o0 = rows[t], o1 = rows[t + 1], o2 = rows[t + 2], o3 = rows[t + 3];
        float c0 = coefs[t], c1 = coefs[t + 1], c2 = coefs[t + 2], c3 = coefs[t + 3];
        int lanes = s.length();
        int i = 0;
        for (; i + lanes <= n; i += lanes) {
            FloatVector acc = FloatVector.fromArray(s, g, gOff + i);
            acc = acc.add(FloatVector.fromArray(s, z, o0 + i).mul(c0));
            acc = acc.add(FloatVector.fromArray(s, z, o1 + i).mul(c1));
            acc = acc.add(FloatVector.fromArray(s, z, o2 + i).mul(c2));
            acc = acc.add(FloatVector.fromArray(s, z, o3 + i).mul(c3));
            acc.intoArray(g, gOff + i);
        }
        for (; i < n; i++) {
            float a = g[gOff + i];
            a += c0 * z[o0 + i];
            a += c1 * z[o1 + i];
            a += c2 * z[o2 + i];
            a += c3 * z[o3 + i];
            g[gOff + i] = a;
        }
    }

    static void axpy1(VectorSpecies<Float> s, float[] z, int row, float c, int n, float[] g, int gOff) {
        int lanes = s.length();
        int i = 0;
        for (; i + lanes <= n; i += lanes) {
            FloatVector.fromArray(s, g, gOff + i).add(FloatVector.fromArray(s, z, row + i).mul(c)).intoArray(g, gOff + i);
        }
        for (; i < n; i++) {
            g[gOff + i] += c * z[row + i];
        }
    }
}
