package dev.bitste.kernels;

import dev.bitste.util.Checks;

/**
 * The public door to the training kernels (see {@link TrainKernelSupport} for the operands of each product):
 * checks every array range, size and stride with a message naming the bad value, then calls the chosen
 * implementation. Float data are not checked for NaN (that would cost a pass over them): NaN propagates.
 */
public final class TrainKernels extends CheckedKernels<TrainKernelSupport> {
    TrainKernels(KernelChoice choice, TrainKernelSupport impl) {
        super(choice, impl);
    }

    /** The kernels chosen at start-up from {@code -Dbitste.kernels} and {@code -Dbitste.vectorBits}. */
    public static TrainKernels get() {
        return KernelProvider.get().train();
    }

    /** The kernels of a given implementation. */
    public static TrainKernels of(KernelChoice choice) {
        return KernelProvider.of(choice).train();
    }

    /** Words of packed bits a row of {@code n} values needs. */
    public static int words(int n) {
        return (n + 63) >>> 6;
    }

    /**
     * {@code C = alpha * A . S} ({@code C += } that when {@code add}), S the ±1 signs of {@code depth} rows of
     * {@code wpr} words from {@code bits[bitsOff]} ({@code cols} bits used): see
     * {@link TrainKernelSupport#signProduct}.
     */
    public void signProduct(float[] a, int aOff, int rs, int ks, int rows, int depth, long[] bits, int bitsOff, int wpr,
            int cols, float alpha, boolean add, float[] c, int cOff, int ldc) {
        checkProduct(a, aOff, rs, ks, rows, depth, cols, c, cOff, ldc);
        checkBits("bits", bits, bitsOff, depth, wpr, cols);
        impl.signProduct(a, aOff, rs, ks, rows, depth, bits, bitsOff, wpr, cols, alpha, add, c, cOff, ldc);
    }

    /** {@code C = A . F}, {@code F[k][n] = f[fOff + k * ldf + n]}: see {@link TrainKernelSupport#floatProduct}. */
    public void floatProduct(float[] a, int aOff, int rs, int ks, int rows, int depth, float[] f, int fOff, int ldf,
            int cols, float[] c, int cOff, int ldc) {
        checkProduct(a, aOff, rs, ks, rows, depth, cols, c, cOff, ldc);
        checkStrided("f", Checks.notNull("f", f), fOff, depth, ldf, cols);
        impl.floatProduct(a, aOff, rs, ks, rows, depth, f, fOff, ldf, cols, c, cOff, ldc);
    }

    /**
     * Dot products of ±1 rows: {@code C[r][j] (+)= alpha * (n - 2 popcount(x_r XOR w_j))} for {@code rows} rows of
     * x from word {@code xOff} and {@code wRows} rows of w from word {@code wOff}, each {@code n} bits in
     * {@code wpr} words; bits past {@code n} must be zero (checked).
     */
    public void xnorProduct(long[] x, int xOff, int rows, long[] w, int wOff, int wRows, int wpr, int n, float alpha,
            boolean add, float[] c, int cOff, int ldc) {
        Checks.positive("n", n);
        checkBits("x", x, xOff, rows, wpr, n);
        checkBits("w", w, wOff, wRows, wpr, n);
        checkPadding("x", x, xOff, rows, wpr, n);
        checkPadding("w", w, wOff, wRows, wpr, n);
        checkStrided("c", Checks.notNull("c", c), cOff, rows, ldc, wRows);
        impl.xnorProduct(x, xOff, rows, w, wOff, wRows, wpr, n, alpha, add, c, cOff, ldc);
    }

    /** Column sums and sums of squares (double, rows in order) of columns {@code [j0, j1)} into {@code sum[j]}, {@code sumSq[j]}. */
    public void columnMoments(float[] v, int rows, int ld, int j0, int j1, double[] sum, double[] sumSq) {
        checkSlice("v", v, rows, ld, j0, j1);
        checkLength("sum", sum, j1);
        checkLength("sumSq", sumSq, j1);
        impl.columnMoments(v, rows, ld, j0, j1, sum, sumSq);
    }

    /** Batch-norm backward sums of columns {@code [j0, j1)}: see {@link TrainKernelSupport#columnDots}. */
    public void columnDots(float[] dy, float[] zhat, int rows, int ld, int j0, int j1, double[] dGamma,
            double[] dBeta) {
        checkSlice("dy", dy, rows, ld, j0, j1);
        checkSlice("zhat", zhat, rows, ld, j0, j1);
        checkLength("dGamma", dGamma, j1);
        checkLength("dBeta", dBeta, j1);
        impl.columnDots(dy, zhat, rows, ld, j0, j1, dGamma, dBeta);
    }

    /** Batch normalization of columns {@code [j0, j1)}: see {@link TrainKernelSupport#normalize}. */
    public void normalize(float[] z, int rows, int ld, int j0, int j1, float[] mean, float[] scale, float[] gamma,
            float[] beta, float[] zhat, float[] y) {
        checkSlice("z", z, rows, ld, j0, j1);
        checkSlice("zhat", zhat, rows, ld, j0, j1);
        checkSlice("y", y, rows, ld, j0, j1);
        checkLength("mean", mean, j1);
        checkLength("scale", scale, j1);
        checkLength("gamma", gamma, j1);
        checkLength("beta", beta, j1);
        impl.normalize(z, rows, ld, j0, j1, mean, scale, gamma, beta, zhat, y);
    }

    /** Batch-norm backward of columns {@code [j0, j1)}: see {@link TrainKernelSupport#normalizeBackward}. */
    public void normalizeBackward(float[] dy, float[] zhat, int rows, int ld, int j0, int j1, float[] k, float[] mb,
            float[] mg, float[] dz) {
        checkSlice("dy", dy, rows, ld, j0, j1);
        checkSlice("zhat", zhat, rows, ld, j0, j1);
        checkSlice("dz", dz, rows, ld, j0, j1);
        checkLength("k", k, j1);
        checkLength("mb", mb, j1);
        checkLength("mg", mg, j1);
        impl.normalizeBackward(dy, zhat, rows, ld, j0, j1, k, mb, mg, dz);
    }

    /** {@code y = s * z} on columns {@code [j0, j1)}. */
    public void scale(float[] z, int rows, int ld, int j0, int j1, float s, float[] y) {
        checkSlice("z", z, rows, ld, j0, j1);
        checkSlice("y", y, rows, ld, j0, j1);
        impl.scale(z, rows, ld, j0, j1, s, y);
    }

    /** The hardtanh straight-through mask on columns {@code [j0, j1)}: {@code g = 0} where {@code |y| > 1}. */
    public void hardtanhMask(float[] g, float[] y, int rows, int ld, int j0, int j1) {
        checkSlice("g", g, rows, ld, j0, j1);
        checkSlice("y", y, rows, ld, j0, j1);
        impl.hardtanhMask(g, y, rows, ld, j0, j1);
    }

    /**
     * {@code x = max(0, y)} (unless x is null), and with {@code g} given {@code g = 0} where {@code y <= 0}, on columns
     * {@code [j0, j1)}.
     */
    public void relu(float[] y, float[] x, float[] g, int rows, int ld, int j0, int j1) {
        checkSlice("y", y, rows, ld, j0, j1);
        if (x != null) {
            checkSlice("x", x, rows, ld, j0, j1);
        }
        if (g != null) {
            checkSlice("g", g, rows, ld, j0, j1);
        }
        impl.relu(y, x, g, rows, ld, j0, j1);
    }

    /**
     * Packs {@code rows x cols} floats at {@code v[off + r * ld + j]} into rows of {@code wpr} words from
     * {@code bitsOff}: bit = {@code v >= t} (NaN gives 0); the {@code ceil(cols / 64)} words of each row are written
     * whole. Returns the largest {@code |v|} (NaN if any value was NaN).
     */
    public float packAtLeast(float[] v, int off, int rows, int ld, int cols, float t, long[] bits, int bitsOff,
            int wpr) {
        checkStrided("v", Checks.notNull("v", v), off, rows, ld, cols);
        checkBits("bits", bits, bitsOff, rows, wpr, cols);
        return impl.packAtLeast(v, off, rows, ld, cols, t, bits, bitsOff, wpr);
    }

    /** One Adam update of {@code p[from..to)} with moments {@code m}, {@code v}: see {@link TrainKernelSupport#adam}. */
    public void adam(float[] p, float[] g, float[] m, float[] v, int from, int to, float b1, float b2, float step,
            float eps) {
        int n = to - from;
        checkRange("p", p, from, n);
        checkRange("g", g, from, n);
        checkRange("m", m, from, n);
        checkRange("v", v, from, n);
        impl.adam(p, g, m, v, from, to, b1, b2, step, eps);
    }

    /** {@code p[i] = max(-c, min(c, p[i]))} for {@code from <= i < to}; {@code c >= 0}. */
    public void clamp(float[] p, int from, int to, float c) {
        checkRange("p", p, from, to - from);
        if (!(c >= 0)) {
            throw new IllegalArgumentException("clamp bound c must be >= 0, got " + c);
        }
        impl.clamp(p, from, to, c);
    }

    /**
     * Transposes columns {@code [c0, c1)} of a {@code rows x cols} bit matrix ({@code srcWpr} words a row) into rows
     * {@code c0 .. c1-1} of {@code dst} ({@code cols x rows}, {@code dstWpr} words a row); {@code c0} a multiple of
     * 64, so slices of one matrix can be transposed independently.
     */
    public void transposeBits(long[] src, int rows, int cols, int srcWpr, int c0, int c1, long[] dst, int dstWpr) {
        checkBits("src", src, 0, rows, srcWpr, cols);
        checkBits("dst", dst, 0, cols, dstWpr, rows);
        if (c0 < 0 || (c0 & 63) != 0 || c1 <= c0 || c1 > cols) {
            throw new IllegalArgumentException("columns [" + c0 + ", " + c1 + ") must start at a multiple of 64 and lie"
                    + " within [0, " + cols + ")");
        }
        impl.transposeBits(src, rows, srcWpr, c0, c1, dst, dstWpr);
    }

    // ---- checks ----

    private static void checkProduct(float[] a, int aOff, int rs, int ks, int rows, int depth, int cols, float[] c,
            int cOff, int ldc) {
        Checks.notNull("a", a);
        Checks.positive("rows", rows);
        Checks.positive("depth", depth);
        Checks.positive("cols", cols);
        if (aOff < 0 || rs < 0 || ks < 0) {
            throw new IllegalArgumentException("aOff, rs and ks must be >= 0, got " + aOff + ", " + rs + ", " + ks);
        }
        long last = aOff + (long) (rows - 1) * rs + (long) (depth - 1) * ks;
        if (last >= a.length) {
            throw new IllegalArgumentException("a has length " + a.length + ", the product reads index " + last);
        }
        checkStrided("c", Checks.notNull("c", c), cOff, rows, ldc, cols);
    }

    /** {@code rows} rows of {@code cols} values, {@code ld} apart from {@code off}, fit {@code v}. */
    private static void checkStrided(String name, float[] v, int off, int rows, int ld, int cols) {
        Checks.positive(name + " rows", rows);
        Checks.positive(name + " cols", cols);
        if (ld < cols) {
            throw new IllegalArgumentException(name + ": row stride " + ld + " is less than its " + cols + " columns");
        }
        long end = off + (long) (rows - 1) * ld + cols;
        if (off < 0 || end > v.length) {
            throw new IllegalArgumentException(name + " has length " + v.length + ", needs [" + off + ", " + end + ")");
        }
    }

    /** Columns {@code [j0, j1)} of a {@code rows x ld} matrix at {@code v[0]}. */
    private static void checkSlice(String name, float[] v, int rows, int ld, int j0, int j1) {
        Checks.notNull(name, v);
        if (j0 < 0 || j1 <= j0 || j1 > ld) {
            throw new IllegalArgumentException("columns [" + j0 + ", " + j1 + ") are not a non-empty part of [0, " + ld
                    + ")");
        }
        checkStrided(name, v, 0, rows, ld, ld);
    }

    private static void checkLength(String name, float[] array, int atLeast) {
        atLeast(name, Checks.notNull(name, array).length, atLeast);
    }

    private static void checkLength(String name, double[] array, int atLeast) {
        atLeast(name, Checks.notNull(name, array).length, atLeast);
    }

    private static void atLeast(String name, int length, int atLeast) {
        if (length < atLeast) {
            throw new IllegalArgumentException(name + " has length " + length + ", needs at least " + atLeast);
        }
    }

    private static void checkRange(String name, float[] v, int off, int n) {
        Checks.range(name, Checks.notNull(name, v).length, off, n);
    }

    /** {@code rows} rows of {@code wpr} words from {@code off}, each using the first {@code words(cols)}, fit {@code bits}. */
    private static void checkBits(String name, long[] bits, int off, int rows, int wpr, int cols) {
        Checks.notNull(name, bits);
        Checks.positive(name + " cols", cols);
        if (wpr < words(cols)) {
            throw new IllegalArgumentException(name + ": " + wpr + " words a row cannot hold " + cols + " bits");
        }
        Checks.positive(name + " rows", rows);
        long end = off + (long) (rows - 1) * wpr + words(cols);
        if (off < 0 || end > bits.length) {
            throw new IllegalArgumentException(name + " has length " + bits.length + ", needs words [" + off + ", "
                    + end + ")");
        }
    }

    /** Bits past {@code n} of every row are zero (the XNOR count would include them). */
    private static void checkPadding(String name, long[] bits, int off, int rows, int wpr, int n) {
        int full = n >>> 6;
        long tailMask = -1L << (n & 63); // all of word `full` when n is a multiple of 64
        for (int r = 0; r < rows; r++) {
            int o = off + r * wpr;
            for (int t = full; t < wpr; t++) {
                if ((bits[o + t] & (t == full ? tailMask : -1L)) != 0) {
                    throw new IllegalArgumentException(name + " row " + r + " has bits set past its " + n
                            + " values (padding must be zero)");
                }
            }
        }
    }
}
