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
 * one vector of {@code B} for all four. The columns past the last whole vector go through the same tile with a
 * lane-masked store (loads and stores that would reach past the end of an array go through small copies: a
 * masked access there takes a slow path). The max-pool kernels run along the channels, the channels past the last
 * whole vector in the scalar reference's code.
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
        int j = 0;
        for (; j + 2 * L <= n; j += 2 * L) {
            columnPair(a, aOff, aRow, aCol, b, bOff + j, ldb, c, cOff + j, ldc, m, k, accumulate);
        }
        for (; j + L <= n; j += L) {
            columns(a, aOff, aRow, aCol, b, bOff + j, ldb, c, cOff + j, ldc, m, L, k, accumulate);
        }
        if (j < n) {
            // the last columns: whole-vector loads of B (lanes past the columns only feed lanes never stored) while
            // they stay inside b; its last rows from a zero-padded copy
            int cols = n - j;
            long room = (long) b.length - L - bOff - j; // rows t with bOff + j + t ldb + L <= b.length
            int inside = room < 0 ? 0 : (int) Math.min(k, room / ldb + 1);
            if (inside > 0) {
                columns(a, aOff, aRow, aCol, b, bOff + j, ldb, c, cOff + j, ldc, m, cols, inside, accumulate);
            }
            if (inside < k) {
                float[] rest = new float[(k - inside) * L];
                for (int t = inside; t < k; t++) {
                    System.arraycopy(b, bOff + t * ldb + j, rest, (t - inside) * L, cols);
                }
                columns(a, aOff + inside * aCol, aRow, aCol, rest, 0, L, c, cOff + j, ldc, m, cols, k - inside,
                        accumulate || inside > 0);
            }
        }
    }

    /** Every row of two whole vectors of columns: 4 x 2 tiles (eight chains of FMAs), then single rows. */
    private static void columnPair(float[] a, int aOff, int aRow, int aCol, float[] b, int bOff, int ldb, float[] c,
            int cOff, int ldc, int m, int k, boolean accumulate) {
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            tile4Rows2(a, aOff + i * aRow, aRow, aCol, b, bOff, ldb, c, cOff + i * ldc, ldc, k, accumulate);
        }
        for (; i < m; i++) {
            row2(a, aOff + i * aRow, aCol, b, bOff, ldb, c, cOff + i * ldc, k, accumulate);
        }
    }

    /** One row of two whole vectors of columns. */
    private static void row2(float[] a, int aOff, int aCol, float[] b, int bOff, int ldb, float[] c, int cOff, int k,
            boolean accumulate) {
        FloatVector c0 = start(c, cOff, L, accumulate);
        FloatVector c1 = start(c, cOff + L, L, accumulate);
        for (int t = 0, at = aOff, bt = bOff; t < k; t++, at += aCol, bt += ldb) {
            FloatVector av = FloatVector.broadcast(FLOATS, a[at]);
            c0 = av.fma(FloatVector.fromArray(FLOATS, b, bt), c0);
            c1 = av.fma(FloatVector.fromArray(FLOATS, b, bt + L), c1);
        }
        c0.intoArray(c, cOff);
        c1.intoArray(c, cOff + L);
    }

    /** Rows {@code i..i+3} of two whole vectors of columns. */
    private static void tile4Rows2(float[] a, int aOff, int aRow, int aCol, float[] b, int bOff, int ldb, float[] c,
            int cOff, int ldc, int k, boolean accumulate) {
        FloatVector c00 = start(c, cOff, L, accumulate);
        FloatVector c01 = start(c, cOff + L, L, accumulate);
        FloatVector c10 = start(c, cOff + ldc, L, accumulate);
        FloatVector c11 = start(c, cOff + ldc + L, L, accumulate);
        FloatVector c20 = start(c, cOff + 2 * ldc, L, accumulate);
        FloatVector c21 = start(c, cOff + 2 * ldc + L, L, accumulate);
        FloatVector c30 = start(c, cOff + 3 * ldc, L, accumulate);
        FloatVector c31 = start(c, cOff + 3 * ldc + L, L, accumulate);
        for (int t = 0, at = aOff, bt = bOff; t < k; t++, at += aCol, bt += ldb) {
            FloatVector b0 = FloatVector.fromArray(FLOATS, b, bt);
            FloatVector b1 = FloatVector.fromArray(FLOATS, b, bt + L);
            FloatVector a0 = FloatVector.broadcast(FLOATS, a[at]);
            FloatVector a1 = FloatVector.broadcast(FLOATS, a[at + aRow]);
            FloatVector a2 = FloatVector.broadcast(FLOATS, a[at + 2 * aRow]);
            FloatVector a3 = FloatVector.broadcast(FLOATS, a[at + 3 * aRow]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + L);
        c10.intoArray(c, cOff + ldc);
        c11.intoArray(c, cOff + ldc + L);
        c20.intoArray(c, cOff + 2 * ldc);
        c21.intoArray(c, cOff + 2 * ldc + L);
        c30.intoArray(c, cOff + 3 * ldc);
        c31.intoArray(c, cOff + 3 * ldc + L);
    }

    /** Every row of one vector of columns ({@code cols <= L} of them are stored). */
    private static void columns(float[] a, int aOff, int aRow, int aCol, float[] b, int bOff, int ldb, float[] c,
            int cOff, int ldc, int m, int cols, int k, boolean accumulate) {
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            tile4Rows(a, aOff + i * aRow, aRow, aCol, b, bOff, ldb, c, cOff + i * ldc, ldc, cols, k, accumulate);
        }
        for (; i < m; i++) {
            FloatVector acc = start(c, cOff + i * ldc, cols, accumulate);
            acc = dot(a, aOff + i * aRow, aCol, b, bOff, ldb, k, acc);
            store(acc, c, cOff + i * ldc, cols);
        }
    }

    /** Rows {@code i..i+3} of one vector of columns. */
    private static void tile4Rows(float[] a, int aOff, int aRow, int aCol, float[] b, int bOff, int ldb, float[] c,
            int cOff, int ldc, int cols, int k, boolean accumulate) {
        FloatVector c0 = start(c, cOff, cols, accumulate);
        FloatVector c1 = start(c, cOff + ldc, cols, accumulate);
        FloatVector c2 = start(c, cOff + 2 * ldc, cols, accumulate);
        FloatVector c3 = start(c, cOff + 3 * ldc, cols, accumulate);
        for (int t = 0, at = aOff, bt = bOff; t < k; t++, at += aCol, bt += ldb) {
            FloatVector bv = FloatVector.fromArray(FLOATS, b, bt);
            c0 = FloatVector.broadcast(FLOATS, a[at]).fma(bv, c0);
            c1 = FloatVector.broadcast(FLOATS, a[at + aRow]).fma(bv, c1);
            c2 = FloatVector.broadcast(FLOATS, a[at + 2 * aRow]).fma(bv, c2);
            c3 = FloatVector.broadcast(FLOATS, a[at + 3 * aRow]).fma(bv, c3);
        }
        store(c0, c, cOff, cols);
        store(c1, c, cOff + ldc, cols);
        store(c2, c, cOff + 2 * ldc, cols);
        store(c3, c, cOff + 3 * ldc, cols);
    }

    /** {@code acc + sum_t A(t) B[t, :]} for one row. */
    private static FloatVector dot(float[] a, int aOff, int aCol, float[] b, int bOff, int ldb, int k, FloatVector acc) {
        for (int t = 0, at = aOff, bt = bOff; t < k; t++, at += aCol, bt += ldb) {
            acc = FloatVector.broadcast(FLOATS, a[at]).fma(FloatVector.fromArray(FLOATS, b, bt), acc);
        }
        return acc;
    }

    /** A row of C (lanes past {@code cols} unspecified), or zeros. */
    private static FloatVector start(float[] c, int off, int cols, boolean accumulate) {
        if (!accumulate) {
            return FloatVector.zero(FLOATS);
        }
        if (off + L <= c.length) {
            return FloatVector.fromArray(FLOATS, c, off);
        }
        float[] part = new float[L];
        System.arraycopy(c, off, part, 0, cols);
        return FloatVector.fromArray(FLOATS, part, 0);
    }

    /** Stores the first {@code cols} lanes into a row of C. */
    private static void store(FloatVector v, float[] c, int off, int cols) {
        if (cols == L) {
            v.intoArray(c, off);
        } else if (off + L <= c.length) {
            v.intoArray(c, off, FLOATS.indexInRange(0, cols));
        } else {
            float[] part = new float[L];
            v.intoArray(part, 0);
            System.arraycopy(part, 0, c, off, cols);
        }
    }

    @Override
    public void windowMax(float[] x, int xOff, int[] offsets, int count, int channels, float[] out, int outOff) {
        int c = 0;
        for (; c + L <= channels; c += L) {
            FloatVector max = FloatVector.fromArray(FLOATS, x, xOff + offsets[0] + c);
            for (int t = 1; t < count; t++) {
                max = max.max(FloatVector.fromArray(FLOATS, x, xOff + offsets[t] + c));
            }
            max.intoArray(out, outOff + c);
        }
        ScalarFloatConvKernels.windowMax(x, xOff, offsets, count, c, channels, out, outOff);
    }

    @Override
    public void windowMaxBackward(float[] x, int xOff, int[] offsets, int count, int channels, float[] out, int outOff,
            float[] dOut, int dOutOff, float[] dx, int dxOff) {
        int c = 0;
        for (; c + L <= channels; c += L) {
            FloatVector max = FloatVector.fromArray(FLOATS, out, outOff + c);
            FloatVector g = FloatVector.fromArray(FLOATS, dOut, dOutOff + c);
            VectorMask<Float> open = FLOATS.maskAll(true); // lanes whose gradient is still to place
            for (int t = 0; t < count && open.anyTrue(); t++) {
                int at = offsets[t] + c;
                VectorMask<Float> hit = FloatVector.fromArray(FLOATS, x, xOff + at).eq(max).and(open);
                FloatVector.fromArray(FLOATS, dx, dxOff + at).add(g, hit).intoArray(dx, dxOff + at);
                open = open.andNot(hit);
            }
        }
        ScalarFloatConvKernels.windowMaxBackward(x, xOff, offsets, count, c, channels, out, outOff, dOut, dOutOff, dx,
                dxOff);
    }
}
