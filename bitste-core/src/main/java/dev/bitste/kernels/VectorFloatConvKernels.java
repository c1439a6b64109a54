package dev.bitste.kernels;

import java.lang.invoke.MethodHandles;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float convolution primitives on the Vector API. Loaded by reflection as one copy per width (see
 * {@link WidthSpecialization}); no nested classes or lambdas. The GEMM keeps a tile of 4 rows x one vector of
 * {@code C} in registers while it runs along {@code t}, broadcasting one element of {@code A} per row and loading
 * one vector of {@code B} for all four; the columns past the last whole vector go through the same tile under a
 * lane mask. The max-pool kernels run along the channels.
 */
final class VectorFloatConvKernels implements FloatConvKernelSupport {
    private static final int BITS = WidthSpecialization.bits(MethodHandles.lookup());
    private static final VectorSpecies<Float> FLOATS = VectorSpecies.of(float.class, VectorShape.forBitSize(BITS));
    private static final int L = FLOATS.length();

    @Override
    public String name() {
        return "vector-" + BITS;
    }

    @Override
    public void gemm(float[] a, int aOff, int aRow, int aCol, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
            int m, int n, int k, boolean accumulate) {
        for (int j = 0; j < n; j += L) {
            VectorMask<Float> lanes = FLOATS.indexInRange(j, n);
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                tile4Rows(a, aOff + i * aRow, aRow, aCol, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc, k, accumulate,
                        lanes);
            }
            for (; i < m; i++) {
                tile(a, aOff + i * aRow, aCol, b, bOff + j, ldb, c, cOff + i * ldc + j, k, accumulate, lanes);
            }
        }
    }

    /** Rows {@code i..i+3}, one vector of columns (the lanes set in {@code lanes}). */
    private static void tile4Rows(float[] a, int aOff, int aRow, int aCol, float[] b, int bOff, int ldb, float[] c,
            int cOff, int ldc, int k, boolean accumulate, VectorMask<Float> lanes) {
        FloatVector c0 = start(c, cOff, accumulate, lanes);
        FloatVector c1 = start(c, cOff + ldc, accumulate, lanes);
        FloatVector c2 = start(c, cOff + 2 * ldc, accumulate, lanes);
        FloatVector c3 = start(c, cOff + 3 * ldc, accumulate, lanes);
        for (int t = 0, at = aOff, bt = bOff; t < k; t++, at += aCol, bt += ldb) {
            FloatVector bv = FloatVector.fromArray(FLOATS, b, bt, lanes);
            c0 = FloatVector.broadcast(FLOATS, a[at]).fma(bv, c0);
            c1 = FloatVector.broadcast(FLOATS, a[at + aRow]).fma(bv, c1);
            c2 = FloatVector.broadcast(FLOATS, a[at + 2 * aRow]).fma(bv, c2);
            c3 = FloatVector.broadcast(FLOATS, a[at + 3 * aRow]).fma(bv, c3);
        }
        c0.intoArray(c, cOff, lanes);
        c1.intoArray(c, cOff + ldc, lanes);
        c2.intoArray(c, cOff + 2 * ldc, lanes);
        c3.intoArray(c, cOff + 3 * ldc, lanes);
    }

    /** One row, one vector of columns. */
    private static void tile(float[] a, int aOff, int aCol, float[] b, int bOff, int ldb, float[] c, int cOff, int k,
            boolean accumulate, VectorMask<Float> lanes) {
        FloatVector acc = start(c, cOff, accumulate, lanes);
        for (int t = 0, at = aOff, bt = bOff; t < k; t++, at += aCol, bt += ldb) {
            acc = FloatVector.broadcast(FLOATS, a[at]).fma(FloatVector.fromArray(FLOATS, b, bt, lanes), acc);
        }
        acc.intoArray(c, cOff, lanes);
    }

    private static FloatVector start(float[] c, int off, boolean accumulate, VectorMask<Float> lanes) {
        return accumulate ? FloatVector.fromArray(FLOATS, c, off, lanes) : FloatVector.zero(FLOATS);
    }

    @Override
    public void windowMax(float[] x, int xOff, int[] offsets, int count, int channels, float[] out, int outOff) {
        for (int c = 0; c < channels; c += L) {
            VectorMask<Float> lanes = FLOATS.indexInRange(c, channels);
            FloatVector max = FloatVector.fromArray(FLOATS, x, xOff + offsets[0] + c, lanes);
            for (int t = 1; t < count; t++) {
                max = max.max(FloatVector.fromArray(FLOATS, x, xOff + offsets[t] + c, lanes));
            }
            max.intoArray(out, outOff + c, lanes);
        }
    }

    @Override
    public void windowMaxBackward(float[] x, int xOff, int[] offsets, int count, int channels, float[] out, int outOff,
            float[] dOut, int dOutOff, float[] dx, int dxOff) {
        for (int c = 0; c < channels; c += L) {
            VectorMask<Float> open = FLOATS.indexInRange(c, channels); // lanes whose gradient is still to place
            FloatVector max = FloatVector.fromArray(FLOATS, out, outOff + c, open);
            FloatVector g = FloatVector.fromArray(FLOATS, dOut, dOutOff + c, open);
            for (int t = 0; t < count && open.anyTrue(); t++) {
                int at = offsets[t] + c;
                VectorMask<Float> hit = FloatVector.fromArray(FLOATS, x, xOff + at, open).eq(max).and(open);
                FloatVector.fromArray(FLOATS, dx, dxOff + at, hit).add(g, hit).intoArray(dx, dxOff + at, hit);
                open = open.andNot(hit);
            }
        }
    }
}
