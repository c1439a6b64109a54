package dev.bitste.kernels;

import java.lang.invoke.MethodHandles;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The training kernels on the Vector API, one copy per width ({@link WidthSpecialization}: no nested classes
 * or lambdas here, each kernel method small).
 *
 * <p>Products put their lanes along the output columns, so no horizontal sum is needed. A sign product tile
 * holds 8 rows of A by 2 vectors of columns in 16 accumulators over the whole depth: each step of k broadcasts
 * 8 scalars of A and turns one word of S's row k into 2 lane masks ({@link VectorMask#fromLong}; a tile starts
 * at a multiple of 2 L columns, so its lanes never straddle a word) for 16 masked adds. The tile sums only
 * where S = +1; a finishing pass makes {@code C = alpha (2 acc - sum_k A[r][k])}, so signs are never
 * unpacked. Measured on Zen 5 (issue 13's prototype): as fast as 4 x 4 tiles and as FMA tiles on floats, and
 * faster than 4 x 2. A float product tile is 4 rows by 4 vectors of FMAs, over column panels of {@link #PANEL}
 * so a panel of F stays in L2. The XNOR product is the binary GEMM's tile (4 rows of x by 2 L interleaved rows
 * of w, one popcount vector per word pair), its popcounts stored as floats. Tiles store their accumulators
 * written out: a helper taking vectors that C2 does not inline would box them (25x slower).
 */
final class VectorTrainKernels implements TrainKernelSupport {
    private static final int BITS = WidthSpecialization.bits(MethodHandles.lookup());
    private static final VectorShape SHAPE = VectorShape.forBitSize(BITS);
    private static final VectorSpecies<Float> FLOATS = VectorSpecies.of(float.class, SHAPE);
    private static final VectorSpecies<Double> DOUBLES = VectorSpecies.of(double.class, SHAPE);
    private static final VectorSpecies<Long> LONGS = VectorSpecies.of(long.class, SHAPE);
    /** Floats with as many lanes as LONGS: popcounts of L outputs. */
    private static final VectorSpecies<Float> HALF_FLOATS = VectorSpecies.of(float.class,
            VectorShape.forBitSize(BITS / 2));
    private static final int L = FLOATS.length();
    private static final int H = DOUBLES.length();
    private static final int LL = LONGS.length();
    /** Columns of F per cache panel of {@link #floatProduct}: 256 columns of a 256-deep F are 256 KB. */
    private static final int PANEL = 256;

    @Override
    public String name() {
        return "vector-" + BITS;
    }

    // ---- products: drivers (plain loops over tiles) ----

    @Override
    public void signProduct(float[] a, int aOff, int rs, int ks, int rows, int depth, long[] bits, int bitsOff, int wpr,
            int cols, float alpha, boolean add, float[] c, int cOff, int ldc) {
        // the tiles store raw masked sums: into C itself unless they are to be added to it
        float[] raw = add ? new float[rows * cols] : c;
        int o = add ? 0 : cOff;
        int ld = add ? cols : ldc;
        int r = 0;
        for (; r + 8 <= rows; r += 8) {
            int n = 0;
            for (; n + 2 * L <= cols; n += 2 * L) {
                signs8Rows(a, aOff + r * rs, rs, ks, depth, bits, bitsOff, wpr, n, raw, o + r * ld + n, ld);
            }
            for (; n < cols; n += L) {
                VectorMask<Float> lanes = FLOATS.indexInRange(n, cols);
                signs4Rows(a, aOff + r * rs, rs, ks, depth, bits, bitsOff, wpr, n, raw, o + r * ld + n, ld, lanes);
                signs4Rows(a, aOff + (r + 4) * rs, rs, ks, depth, bits, bitsOff, wpr, n, raw, o + (r + 4) * ld + n, ld,
                        lanes);
            }
        }
        for (; r + 4 <= rows; r += 4) {
            for (int n = 0; n < cols; n += L) {
                signs4Rows(a, aOff + r * rs, rs, ks, depth, bits, bitsOff, wpr, n, raw, o + r * ld + n, ld,
                        FLOATS.indexInRange(n, cols));
            }
        }
        for (; r < rows; r++) {
            for (int n = 0; n < cols; n += L) {
                signs(a, aOff + r * rs, ks, depth, bits, bitsOff, wpr, n, raw, o + r * ld + n,
                        FLOATS.indexInRange(n, cols));
            }
        }
        float[] sums = rowSums(a, aOff, rs, ks, rows, depth);
        for (r = 0; r < rows; r++) {
            finishSigns(raw, o + r * ld, cols, sums[r], alpha, add, c, cOff + r * ldc);
        }
    }

    @Override
    public void floatProduct(float[] a, int aOff, int rs, int ks, int rows, int depth, float[] f, int fOff, int ldf,
            int cols, float[] c, int cOff, int ldc) {
        int cw = 4 * L;
        int full = cols - cols % cw;
        int rows4 = rows - rows % 4;
        // column panels outermost: a panel of F stays in L2 while every block of rows passes over it
        for (int p = 0; p < full; p += PANEL) {
            int end = Math.min(full, p + PANEL);
            for (int r = 0; r < rows4; r += 4) {
                for (int n = p; n < end; n += cw) {
                    floats4Rows(a, aOff + r * rs, rs, ks, depth, f, fOff + n, ldf, c, cOff + r * ldc + n, ldc);
                }
            }
        }
        for (int r = 0; r < rows4; r += 4) {
            for (int n = full; n < cols; n += L) {
                floats4RowsMasked(a, aOff + r * rs, rs, ks, depth, f, fOff + n, ldf, c, cOff + r * ldc + n, ldc,
                        FLOATS.indexInRange(n, cols));
            }
        }
        for (int r = rows4; r < rows; r++) {
            for (int n = 0; n < cols; n += L) {
                floats(a, aOff + r * rs, ks, depth, f, fOff + n, ldf, c, cOff + r * ldc + n,
                        FLOATS.indexInRange(n, cols));
            }
        }
    }

    @Override
    public void xnorProduct(long[] x, int xOff, int rows, long[] w, int wOff, int wRows, int wpr, int n, float alpha,
            boolean add, float[] c, int cOff, int ldc) {
        int kPad = (wRows + 2 * LL - 1) / (2 * LL) * (2 * LL);
        long[] wi = interleave(w, wOff, wRows, wpr, kPad);
        float[] raw = add ? new float[rows * wRows] : c;
        int o = add ? 0 : cOff;
        int ld = add ? wRows : ldc;
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            for (int j = 0; j < kPad; j += 2 * LL) {
                xnor4Rows(x, xOff + r * wpr, wpr, wi, j * wpr, raw, o + r * ld + j, ld, wRows, j);
            }
        }
        for (; r < rows; r++) {
            for (int j = 0; j < kPad; j += 2 * LL) {
                xnor(x, xOff + r * wpr, wpr, wi, j * wpr, raw, o + r * ld + j, wRows, j);
            }
        }
        for (r = 0; r < rows; r++) {
            finishXnor(raw, o + r * ld, wRows, n, alpha, add, c, cOff + r * ldc);
        }
    }

    /**
     * W's rows interleaved in groups of LL: word t of rows {@code g*LL .. g*LL+LL-1} at {@code (g * wpr + t) * LL},
     * so one vector load gives word t of LL rows; rows past {@code wRows} (up to kPad) are zero.
     */
    private static long[] interleave(long[] w, int wOff, int wRows, int wpr, int kPad) {
        long[] out = new long[kPad * wpr];
        for (int j = 0; j < wRows; j++) {
            int base = (j / LL) * wpr * LL + j % LL;
            for (int t = 0; t < wpr; t++) {
                out[base + t * LL] = w[wOff + j * wpr + t];
            }
        }
        return out;
    }

    /**
     * {@code sum_k A[r][k]} of every row, vectorized along whichever of r and k is contiguous; each sum runs
     * over k in the same order whatever rows a call covers.
     */
    private static float[] rowSums(float[] a, int aOff, int rs, int ks, int rows, int depth) {
        float[] sums = new float[rows];
        if (rs == 1) {
            for (int k = 0; k < depth; k++) {
                addRow(a, aOff + k * ks, sums, rows);
            }
        } else {
            float[] lanes = new float[L];
            for (int r = 0; r < rows; r++) {
                sums[r] = ks == 1 ? sum(a, aOff + r * rs, depth, lanes) : stridedSum(a, aOff + r * rs, ks, depth);
            }
        }
        return sums;
    }

    private static void addRow(float[] a, int off, float[] sums, int n) {
        int r = 0;
        for (; r + L <= n; r += L) {
            FloatVector.fromArray(FLOATS, sums, r).add(FloatVector.fromArray(FLOATS, a, off + r)).intoArray(sums, r);
        }
        for (; r < n; r++) {
            sums[r] += a[off + r];
        }
    }

    /**
     * Sum of {@code n} floats: L partial sums, then their lanes in order. Not {@code reduceLanes(ADD)}, whose order
     * may differ between the interpreter and compiled code, so one call could give two results.
     */
    private static float sum(float[] a, int off, int n, float[] lanes) {
        FloatVector acc = FloatVector.zero(FLOATS);
        int k = 0;
        for (; k + L <= n; k += L) {
            acc = acc.add(FloatVector.fromArray(FLOATS, a, off + k));
        }
        acc.intoArray(lanes, 0);
        float s = 0f;
        for (float v : lanes) {
            s += v;
        }
        for (; k < n; k++) {
            s += a[off + k];
        }
        return s;
    }

    private static float stridedSum(float[] a, int off, int ks, int n) {
        float s = 0f;
        for (int k = 0; k < n; k++) {
            s += a[off + k * ks];
        }
        return s;
    }

    /** {@code c = alpha (2 raw - sum)} (plus c when {@code add}) over one row of {@code n} values. */
    private static void finishSigns(float[] raw, int ro, int n, float sum, float alpha, boolean add, float[] c,
            int co) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector v = FloatVector.fromArray(FLOATS, raw, ro + i);
            v = v.add(v).sub(sum).mul(alpha);
            (add ? v.add(FloatVector.fromArray(FLOATS, c, co + i)) : v).intoArray(c, co + i);
        }
        for (; i < n; i++) {
            float v = (raw[ro + i] + raw[ro + i] - sum) * alpha;
            c[co + i] = add ? v + c[co + i] : v;
        }
    }

    /** {@code c = alpha (n - 2 pop)} (plus c when {@code add}) over one row of {@code len} popcounts. */
    private static void finishXnor(float[] raw, int ro, int len, int n, float alpha, boolean add, float[] c, int co) {
        float bitsN = n;
        int i = 0;
        for (; i + L <= len; i += L) {
            FloatVector p = FloatVector.fromArray(FLOATS, raw, ro + i);
            FloatVector v = FloatVector.broadcast(FLOATS, bitsN).sub(p.add(p)).mul(alpha);
            (add ? v.add(FloatVector.fromArray(FLOATS, c, co + i)) : v).intoArray(c, co + i);
        }
        for (; i < len; i++) {
            float v = (bitsN - (raw[ro + i] + raw[ro + i])) * alpha;
            c[co + i] = add ? v + c[co + i] : v;
        }
    }

    // ---- product tiles: small, so C2 compiles each one whole ----

    /** Masked sums of 8 rows of A by 2 L columns of S (16 accumulators), stored raw. */
    private static void signs8Rows(float[] a, int a0, int rs, int ks, int depth, long[] bits, int bitsOff, int wpr,
            int n, float[] c, int c0, int cols) {
        FloatVector c00 = FloatVector.zero(FLOATS), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00, c60 = c00, c61 = c00;
        FloatVector c70 = c00, c71 = c00;
        int word = bitsOff + (n >>> 6);
        int shift = n & 63;
        for (int k = 0; k < depth; k++) {
            long w = bits[k * wpr + word] >>> shift;
            VectorMask<Float> m0 = VectorMask.fromLong(FLOATS, w);
            VectorMask<Float> m1 = VectorMask.fromLong(FLOATS, w >>> L);
            int ai = a0 + k * ks;
            FloatVector b = FloatVector.broadcast(FLOATS, a[ai]);
            c00 = c00.add(b, m0);
            c01 = c01.add(b, m1);
            b = FloatVector.broadcast(FLOATS, a[ai + rs]);
            c10 = c10.add(b, m0);
            c11 = c11.add(b, m1);
            b = FloatVector.broadcast(FLOATS, a[ai + 2 * rs]);
            c20 = c20.add(b, m0);
            c21 = c21.add(b, m1);
            b = FloatVector.broadcast(FLOATS, a[ai + 3 * rs]);
            c30 = c30.add(b, m0);
            c31 = c31.add(b, m1);
            b = FloatVector.broadcast(FLOATS, a[ai + 4 * rs]);
            c40 = c40.add(b, m0);
            c41 = c41.add(b, m1);
            b = FloatVector.broadcast(FLOATS, a[ai + 5 * rs]);
            c50 = c50.add(b, m0);
            c51 = c51.add(b, m1);
            b = FloatVector.broadcast(FLOATS, a[ai + 6 * rs]);
            c60 = c60.add(b, m0);
            c61 = c61.add(b, m1);
            b = FloatVector.broadcast(FLOATS, a[ai + 7 * rs]);
            c70 = c70.add(b, m0);
            c71 = c71.add(b, m1);
        }
        c00.intoArray(c, c0);
        c01.intoArray(c, c0 + L);
        c10.intoArray(c, c0 + cols);
        c11.intoArray(c, c0 + cols + L);
        c20.intoArray(c, c0 + 2 * cols);
        c21.intoArray(c, c0 + 2 * cols + L);
        c30.intoArray(c, c0 + 3 * cols);
        c31.intoArray(c, c0 + 3 * cols + L);
        c40.intoArray(c, c0 + 4 * cols);
        c41.intoArray(c, c0 + 4 * cols + L);
        c50.intoArray(c, c0 + 5 * cols);
        c51.intoArray(c, c0 + 5 * cols + L);
        c60.intoArray(c, c0 + 6 * cols);
        c61.intoArray(c, c0 + 6 * cols + L);
        c70.intoArray(c, c0 + 7 * cols);
        c71.intoArray(c, c0 + 7 * cols + L);
    }

    /** Masked sums of 4 rows of A by one vector of columns ({@code lanes} of it stored). */
    private static void signs4Rows(float[] a, int a0, int rs, int ks, int depth, long[] bits, int bitsOff, int wpr,
            int n, float[] c, int c0, int cols, VectorMask<Float> lanes) {
        FloatVector p0 = FloatVector.zero(FLOATS), p1 = p0, p2 = p0, p3 = p0;
        int word = bitsOff + (n >>> 6);
        int shift = n & 63;
        for (int k = 0; k < depth; k++) {
            VectorMask<Float> m = VectorMask.fromLong(FLOATS, bits[k * wpr + word] >>> shift);
            int ai = a0 + k * ks;
            p0 = p0.add(FloatVector.broadcast(FLOATS, a[ai]), m);
            p1 = p1.add(FloatVector.broadcast(FLOATS, a[ai + rs]), m);
            p2 = p2.add(FloatVector.broadcast(FLOATS, a[ai + 2 * rs]), m);
            p3 = p3.add(FloatVector.broadcast(FLOATS, a[ai + 3 * rs]), m);
        }
        p0.intoArray(c, c0, lanes);
        p1.intoArray(c, c0 + cols, lanes);
        p2.intoArray(c, c0 + 2 * cols, lanes);
        p3.intoArray(c, c0 + 3 * cols, lanes);
    }

    /** Masked sums of one row of A by one vector of columns. */
    private static void signs(float[] a, int a0, int ks, int depth, long[] bits, int bitsOff, int wpr, int n,
            float[] c, int c0, VectorMask<Float> lanes) {
        FloatVector p = FloatVector.zero(FLOATS);
        int word = bitsOff + (n >>> 6);
        int shift = n & 63;
        for (int k = 0; k < depth; k++) {
            VectorMask<Float> m = VectorMask.fromLong(FLOATS, bits[k * wpr + word] >>> shift);
            p = p.add(FloatVector.broadcast(FLOATS, a[a0 + k * ks]), m);
        }
        p.intoArray(c, c0, lanes);
    }

    /** 4 rows of A by 4 vectors of F's columns: 16 FMA accumulators. */
    private static void floats4Rows(float[] a, int a0, int rs, int ks, int depth, float[] f, int fStart, int ldf,
            float[] c, int c0, int cols) {
        FloatVector c00 = FloatVector.zero(FLOATS), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        for (int k = 0; k < depth; k++) {
            int fo = fStart + k * ldf;
            FloatVector f0 = FloatVector.fromArray(FLOATS, f, fo);
            FloatVector f1 = FloatVector.fromArray(FLOATS, f, fo + L);
            FloatVector f2 = FloatVector.fromArray(FLOATS, f, fo + 2 * L);
            FloatVector f3 = FloatVector.fromArray(FLOATS, f, fo + 3 * L);
            int ai = a0 + k * ks;
            FloatVector b = FloatVector.broadcast(FLOATS, a[ai]);
            c00 = b.fma(f0, c00);
            c01 = b.fma(f1, c01);
            c02 = b.fma(f2, c02);
            c03 = b.fma(f3, c03);
            b = FloatVector.broadcast(FLOATS, a[ai + rs]);
            c10 = b.fma(f0, c10);
            c11 = b.fma(f1, c11);
            c12 = b.fma(f2, c12);
            c13 = b.fma(f3, c13);
            b = FloatVector.broadcast(FLOATS, a[ai + 2 * rs]);
            c20 = b.fma(f0, c20);
            c21 = b.fma(f1, c21);
            c22 = b.fma(f2, c22);
            c23 = b.fma(f3, c23);
            b = FloatVector.broadcast(FLOATS, a[ai + 3 * rs]);
            c30 = b.fma(f0, c30);
            c31 = b.fma(f1, c31);
            c32 = b.fma(f2, c32);
            c33 = b.fma(f3, c33);
        }
        c00.intoArray(c, c0);
        c01.intoArray(c, c0 + L);
        c02.intoArray(c, c0 + 2 * L);
        c03.intoArray(c, c0 + 3 * L);
        c10.intoArray(c, c0 + cols);
        c11.intoArray(c, c0 + cols + L);
        c12.intoArray(c, c0 + cols + 2 * L);
        c13.intoArray(c, c0 + cols + 3 * L);
        c20.intoArray(c, c0 + 2 * cols);
        c21.intoArray(c, c0 + 2 * cols + L);
        c22.intoArray(c, c0 + 2 * cols + 2 * L);
        c23.intoArray(c, c0 + 2 * cols + 3 * L);
        c30.intoArray(c, c0 + 3 * cols);
        c31.intoArray(c, c0 + 3 * cols + L);
        c32.intoArray(c, c0 + 3 * cols + 2 * L);
        c33.intoArray(c, c0 + 3 * cols + 3 * L);
    }

    /** 4 rows of A by one vector of F's columns ({@code lanes} of it read and stored). */
    private static void floats4RowsMasked(float[] a, int a0, int rs, int ks, int depth, float[] f, int f0, int ldf,
            float[] c, int c0, int cols, VectorMask<Float> lanes) {
        FloatVector p0 = FloatVector.zero(FLOATS), p1 = p0, p2 = p0, p3 = p0;
        for (int k = 0; k < depth; k++) {
            FloatVector v = FloatVector.fromArray(FLOATS, f, f0 + k * ldf, lanes);
            int ai = a0 + k * ks;
            p0 = FloatVector.broadcast(FLOATS, a[ai]).fma(v, p0);
            p1 = FloatVector.broadcast(FLOATS, a[ai + rs]).fma(v, p1);
            p2 = FloatVector.broadcast(FLOATS, a[ai + 2 * rs]).fma(v, p2);
            p3 = FloatVector.broadcast(FLOATS, a[ai + 3 * rs]).fma(v, p3);
        }
        p0.intoArray(c, c0, lanes);
        p1.intoArray(c, c0 + cols, lanes);
        p2.intoArray(c, c0 + 2 * cols, lanes);
        p3.intoArray(c, c0 + 3 * cols, lanes);
    }

    /** One row of A by one vector of F's columns. */
    private static void floats(float[] a, int a0, int ks, int depth, float[] f, int f0, int ldf, float[] c, int c0,
            VectorMask<Float> lanes) {
        FloatVector p = FloatVector.zero(FLOATS);
        for (int k = 0; k < depth; k++) {
            p = FloatVector.broadcast(FLOATS, a[a0 + k * ks]).fma(FloatVector.fromArray(FLOATS, f, f0 + k * ldf, lanes),
                    p);
        }
        p.intoArray(c, c0, lanes);
    }

    /**
     * popcount(x_r XOR w_j) of 4 rows of x by the 2 LL rows of w from {@code j} (interleaved at {@code wOff}),
     * stored as floats; columns at or past {@code wRows} are not stored.
     */
    private static void xnor4Rows(long[] x, int xOff, int wpr, long[] wi, int wOff, float[] c, int c0, int ld,
            int wRows, int j) {
        LongVector a0 = LongVector.zero(LONGS), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        int w1Off = wOff + wpr * LL;
        for (int t = 0; t < wpr; t++) {
            LongVector w0 = LongVector.fromArray(LONGS, wi, wOff + t * LL);
            LongVector w1 = LongVector.fromArray(LONGS, wi, w1Off + t * LL);
            LongVector x0 = LongVector.broadcast(LONGS, x[xOff + t]);
            LongVector x1 = LongVector.broadcast(LONGS, x[xOff + wpr + t]);
            LongVector x2 = LongVector.broadcast(LONGS, x[xOff + 2 * wpr + t]);
            LongVector x3 = LongVector.broadcast(LONGS, x[xOff + 3 * wpr + t]);
            a0 = a0.add(x0.lanewise(VectorOperators.XOR, w0).lanewise(VectorOperators.BIT_COUNT));
            a1 = a1.add(x1.lanewise(VectorOperators.XOR, w0).lanewise(VectorOperators.BIT_COUNT));
            a2 = a2.add(x2.lanewise(VectorOperators.XOR, w0).lanewise(VectorOperators.BIT_COUNT));
            a3 = a3.add(x3.lanewise(VectorOperators.XOR, w0).lanewise(VectorOperators.BIT_COUNT));
            b0 = b0.add(x0.lanewise(VectorOperators.XOR, w1).lanewise(VectorOperators.BIT_COUNT));
            b1 = b1.add(x1.lanewise(VectorOperators.XOR, w1).lanewise(VectorOperators.BIT_COUNT));
            b2 = b2.add(x2.lanewise(VectorOperators.XOR, w1).lanewise(VectorOperators.BIT_COUNT));
            b3 = b3.add(x3.lanewise(VectorOperators.XOR, w1).lanewise(VectorOperators.BIT_COUNT));
        }
        VectorMask<Float> m0 = HALF_FLOATS.indexInRange(j, wRows);
        VectorMask<Float> m1 = HALF_FLOATS.indexInRange(j + LL, wRows);
        ((FloatVector) a0.convertShape(VectorOperators.L2F, HALF_FLOATS, 0)).intoArray(c, c0, m0);
        ((FloatVector) b0.convertShape(VectorOperators.L2F, HALF_FLOATS, 0)).intoArray(c, c0 + LL, m1);
        ((FloatVector) a1.convertShape(VectorOperators.L2F, HALF_FLOATS, 0)).intoArray(c, c0 + ld, m0);
        ((FloatVector) b1.convertShape(VectorOperators.L2F, HALF_FLOATS, 0)).intoArray(c, c0 + ld + LL, m1);
        ((FloatVector) a2.convertShape(VectorOperators.L2F, HALF_FLOATS, 0)).intoArray(c, c0 + 2 * ld, m0);
        ((FloatVector) b2.convertShape(VectorOperators.L2F, HALF_FLOATS, 0)).intoArray(c, c0 + 2 * ld + LL, m1);
        ((FloatVector) a3.convertShape(VectorOperators.L2F, HALF_FLOATS, 0)).intoArray(c, c0 + 3 * ld, m0);
        ((FloatVector) b3.convertShape(VectorOperators.L2F, HALF_FLOATS, 0)).intoArray(c, c0 + 3 * ld + LL, m1);
    }

    /** One row of x by the 2 LL rows of w from {@code j}. */
    private static void xnor(long[] x, int xOff, int wpr, long[] wi, int wOff, float[] c, int c0, int wRows, int j) {
        LongVector a = LongVector.zero(LONGS), b = a;
        int w1Off = wOff + wpr * LL;
        for (int t = 0; t < wpr; t++) {
            LongVector xv = LongVector.broadcast(LONGS, x[xOff + t]);
            a = a.add(xv.lanewise(VectorOperators.XOR, LongVector.fromArray(LONGS, wi, wOff + t * LL))
                    .lanewise(VectorOperators.BIT_COUNT));
            b = b.add(xv.lanewise(VectorOperators.XOR, LongVector.fromArray(LONGS, wi, w1Off + t * LL))
                    .lanewise(VectorOperators.BIT_COUNT));
        }
        ((FloatVector) a.convertShape(VectorOperators.L2F, HALF_FLOATS, 0)).intoArray(c, c0, HALF_FLOATS.indexInRange(j, wRows));
        ((FloatVector) b.convertShape(VectorOperators.L2F, HALF_FLOATS, 0)).intoArray(c, c0 + LL,
                HALF_FLOATS.indexInRange(j + LL, wRows));
    }

    // ---- batch norm, masks, packing: column slices of a rows x ld matrix ----

    @Override
    public void columnMoments(float[] v, int rows, int ld, int j0, int j1, double[] sum, double[] sumSq) {
        int j = j0;
        for (; j + L <= j1; j += L) {
            moments(v, rows, ld, j, sum, sumSq);
        }
        for (; j < j1; j++) {
            double s = 0;
            double s2 = 0;
            for (int r = 0; r < rows; r++) {
                double x = v[r * ld + j];
                s += x;
                s2 += x * x;
            }
            sum[j] = s;
            sumSq[j] = s2;
        }
    }

    /** Sums of L columns from {@code j} over all rows, in double, rows in order. */
    private static void moments(float[] v, int rows, int ld, int j, double[] sum, double[] sumSq) {
        DoubleVector s0 = DoubleVector.zero(DOUBLES), s1 = s0, q0 = s0, q1 = s0;
        for (int r = 0; r < rows; r++) {
            FloatVector x = FloatVector.fromArray(FLOATS, v, r * ld + j);
            DoubleVector d0 = (DoubleVector) x.convertShape(VectorOperators.F2D, DOUBLES, 0);
            DoubleVector d1 = (DoubleVector) x.convertShape(VectorOperators.F2D, DOUBLES, 1);
            s0 = s0.add(d0);
            s1 = s1.add(d1);
            q0 = q0.add(d0.mul(d0));
            q1 = q1.add(d1.mul(d1));
        }
        s0.intoArray(sum, j);
        s1.intoArray(sum, j + H);
        q0.intoArray(sumSq, j);
        q1.intoArray(sumSq, j + H);
    }

    @Override
    public void columnDots(float[] dy, float[] zhat, int rows, int ld, int j0, int j1, double[] dGamma,
            double[] dBeta) {
        int j = j0;
        for (; j + L <= j1; j += L) {
            dots(dy, zhat, rows, ld, j, dGamma, dBeta);
        }
        for (; j < j1; j++) {
            double g = 0;
            double b = 0;
            for (int r = 0; r < rows; r++) {
                int i = r * ld + j;
                g += dy[i] * zhat[i];
                b += dy[i];
            }
            dGamma[j] = g;
            dBeta[j] = b;
        }
    }

    /** Batch-norm backward sums of L columns from {@code j}, in double, rows in order. */
    private static void dots(float[] dy, float[] zhat, int rows, int ld, int j, double[] dGamma, double[] dBeta) {
        DoubleVector g0 = DoubleVector.zero(DOUBLES), g1 = g0, b0 = g0, b1 = g0;
        for (int r = 0; r < rows; r++) {
            FloatVector d = FloatVector.fromArray(FLOATS, dy, r * ld + j);
            FloatVector p = d.mul(FloatVector.fromArray(FLOATS, zhat, r * ld + j));
            g0 = g0.add((DoubleVector) p.convertShape(VectorOperators.F2D, DOUBLES, 0));
            g1 = g1.add((DoubleVector) p.convertShape(VectorOperators.F2D, DOUBLES, 1));
            b0 = b0.add((DoubleVector) d.convertShape(VectorOperators.F2D, DOUBLES, 0));
            b1 = b1.add((DoubleVector) d.convertShape(VectorOperators.F2D, DOUBLES, 1));
        }
        g0.intoArray(dGamma, j);
        g1.intoArray(dGamma, j + H);
        b0.intoArray(dBeta, j);
        b1.intoArray(dBeta, j + H);
    }

    @Override
    public void normalize(float[] z, int rows, int ld, int j0, int j1, float[] mean, float[] scale, float[] gamma,
            float[] beta, float[] zhat, float[] y) {
        for (int r = 0; r < rows; r++) {
            int o = r * ld;
            int j = j0;
            for (; j + L <= j1; j += L) {
                FloatVector v = FloatVector.fromArray(FLOATS, z, o + j).sub(FloatVector.fromArray(FLOATS, mean, j))
                        .mul(FloatVector.fromArray(FLOATS, scale, j));
                v.intoArray(zhat, o + j);
                v.mul(FloatVector.fromArray(FLOATS, gamma, j)).add(FloatVector.fromArray(FLOATS, beta, j))
                        .intoArray(y, o + j);
            }
            for (; j < j1; j++) {
                float v = (z[o + j] - mean[j]) * scale[j];
                zhat[o + j] = v;
                y[o + j] = gamma[j] * v + beta[j];
            }
        }
    }

    @Override
    public void normalizeBackward(float[] dy, float[] zhat, int rows, int ld, int j0, int j1, float[] k, float[] mb,
            float[] mg, float[] dz) {
        for (int r = 0; r < rows; r++) {
            int o = r * ld;
            int j = j0;
            for (; j + L <= j1; j += L) {
                FloatVector d = FloatVector.fromArray(FLOATS, dy, o + j).sub(FloatVector.fromArray(FLOATS, mb, j));
                FloatVector g = FloatVector.fromArray(FLOATS, zhat, o + j).mul(FloatVector.fromArray(FLOATS, mg, j));
                d.sub(g).mul(FloatVector.fromArray(FLOATS, k, j)).intoArray(dz, o + j);
            }
            for (; j < j1; j++) {
                dz[o + j] = k[j] * ((dy[o + j] - mb[j]) - zhat[o + j] * mg[j]);
            }
        }
    }

    @Override
    public void scale(float[] z, int rows, int ld, int j0, int j1, float s, float[] y) {
        for (int r = 0; r < rows; r++) {
            int o = r * ld;
            int j = j0;
            for (; j + L <= j1; j += L) {
                FloatVector.fromArray(FLOATS, z, o + j).mul(s).intoArray(y, o + j);
            }
            for (; j < j1; j++) {
                y[o + j] = s * z[o + j];
            }
        }
    }

    @Override
    public void hardtanhMask(float[] g, float[] y, int rows, int ld, int j0, int j1) {
        for (int r = 0; r < rows; r++) {
            int o = r * ld;
            int j = j0;
            for (; j + L <= j1; j += L) {
                VectorMask<Float> pass = FloatVector.fromArray(FLOATS, y, o + j).abs().compare(VectorOperators.LE, 1f);
                FloatVector.zero(FLOATS).blend(FloatVector.fromArray(FLOATS, g, o + j), pass).intoArray(g, o + j);
            }
            for (; j < j1; j++) {
                if (!(Math.abs(y[o + j]) <= 1f)) {
                    g[o + j] = 0f;
                }
            }
        }
    }

    @Override
    public void relu(float[] y, float[] x, float[] g, int rows, int ld, int j0, int j1) {
        for (int r = 0; r < rows; r++) {
            int o = r * ld;
            int j = j0;
            for (; j + L <= j1; j += L) {
                FloatVector v = FloatVector.fromArray(FLOATS, y, o + j);
                if (x != null) {
                    v.max(0f).intoArray(x, o + j);
                }
                if (g != null) {
                    VectorMask<Float> pass = v.compare(VectorOperators.GT, 0f);
                    FloatVector.zero(FLOATS).blend(FloatVector.fromArray(FLOATS, g, o + j), pass).intoArray(g, o + j);
                }
            }
            for (; j < j1; j++) {
                if (x != null) {
                    x[o + j] = Math.max(0f, y[o + j]);
                }
                if (g != null && !(y[o + j] > 0f)) {
                    g[o + j] = 0f;
                }
            }
        }
    }

    @Override
    public float packAtLeast(float[] v, int off, int rows, int ld, int cols, float t, long[] bits, int bitsOff,
            int wpr) {
        FloatVector max = FloatVector.zero(FLOATS);
        float tail = 0f;
        for (int r = 0; r < rows; r++) {
            int o = off + r * ld;
            for (int w = 0; w * 64 < cols; w++) {
                long word = 0;
                int i = w * 64;
                int end = Math.min(cols, i + 64);
                for (; i + L <= end; i += L) {
                    FloatVector x = FloatVector.fromArray(FLOATS, v, o + i);
                    max = max.max(x.abs());
                    word |= x.compare(VectorOperators.GE, t).toLong() << (i & 63);
                }
                for (; i < end; i++) {
                    tail = Math.max(tail, Math.abs(v[o + i]));
                    word |= (v[o + i] >= t ? 1L : 0L) << (i & 63);
                }
                bits[bitsOff + r * wpr + w] = word;
            }
        }
        return Math.max(tail, max.reduceLanes(VectorOperators.MAX));
    }

    // ---- optimizer ----

    @Override
    public void adam(float[] p, float[] g, float[] m, float[] v, int from, int to, float b1, float b2, float step,
            float eps) {
        float c1 = 1 - b1;
        float c2 = 1 - b2;
        int i = from;
        for (; i + L <= to; i += L) {
            FloatVector gv = FloatVector.fromArray(FLOATS, g, i);
            FloatVector mv = FloatVector.fromArray(FLOATS, m, i).mul(b1).add(gv.mul(c1));
            FloatVector vv = FloatVector.fromArray(FLOATS, v, i).mul(b2).add(gv.mul(c2).mul(gv));
            mv.intoArray(m, i);
            vv.intoArray(v, i);
            FloatVector.fromArray(FLOATS, p, i).sub(mv.mul(step).div(vv.sqrt().add(eps))).intoArray(p, i);
        }
        for (; i < to; i++) {
            float gi = g[i];
            m[i] = b1 * m[i] + c1 * gi;
            v[i] = b2 * v[i] + c2 * gi * gi;
            p[i] -= step * m[i] / ((float) Math.sqrt(v[i]) + eps);
        }
    }

    @Override
    public void clamp(float[] p, int from, int to, float c) {
        int i = from;
        for (; i + L <= to; i += L) {
            FloatVector.fromArray(FLOATS, p, i).min(c).max(-c).intoArray(p, i);
        }
        for (; i < to; i++) {
            p[i] = Math.max(-c, Math.min(c, p[i]));
        }
    }
}
