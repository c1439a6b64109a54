package dev.bitste.kernels;

import dev.bitste.bits.BitMatrix;
import dev.bitste.bits.BitVector;
import dev.bitste.util.Checks;
import dev.bitste.util.Shards;
import java.util.Arrays;

/**
 * The public door to the float x binary kernels of STE training (see {@link SteKernelSupport}): checks
 * shapes and lengths with messages naming the bad value, then calls the chosen implementation.
 *
 * <p>Float rows are row-major ({@code n} floats a row); binary weights are packed sign vectors
 * ({@link BitVector}, {@link BitMatrix}) with a float scale, e.g. {@code 1/sqrt(n)} for Q1. Float data
 * are not checked for NaN (that would cost a pass over the data): NaN propagates into the results.
 */
public final class SteKernels extends CheckedKernels<SteKernelSupport> {
    SteKernels(KernelChoice choice, SteKernelSupport impl) {
        super(choice, impl);
    }

    /** The kernels chosen at start-up from {@code -Dbitste.kernels} and {@code -Dbitste.vectorBits}. */
    public static SteKernels get() {
        return KernelProvider.get().ste();
    }

    /** The kernels of a given implementation. */
    public static SteKernels of(KernelChoice choice) {
        return KernelProvider.of(choice).ste();
    }

    /** Float rows times one packed sign vector: {@code out[r] = scale * sum_i z[r*n + i] * sign(w_i)}, n = w's length. */
    public float[] forward(float[] z, int rows, BitVector w, float scale) {
        float[] out = new float[Checks.positive("rows", rows)];
        forward(z, rows, w, scale, out);
        return out;
    }

    /** {@link #forward(float[], int, BitVector, float)} into a caller's array of length {@code rows}. */
    public void forward(float[] z, int rows, BitVector w, float scale, float[] out) {
        Checks.notNull("w", w);
        checkRows("z", z, rows, w.cols());
        Checks.notNull("out", out);
        Checks.sameLength("out", rows, out.length);
        impl.forward(z, 0, rows, w.cols(), w.words(), scale, out, 0);
    }

    /**
     * A fully connected layer with binary weights on float inputs (float rows x binary rows^T):
     * {@code out[r*k + j] = scales[j] * sum_i x[r*n + i] * sign(W[j,i])} for {@code W} (k x n).
     */
    public float[] forward(float[] x, int rows, BitMatrix w, float[] scales) {
        Checks.notNull("w", w);
        float[] out = new float[Math.multiplyExact(Checks.positive("rows", rows), w.rows())];
        forward(x, rows, w, scales, out);
        return out;
    }

    /** {@link #forward(float[], int, BitMatrix, float[])} into a caller's array of length {@code rows * k}. */
    public void forward(float[] x, int rows, BitMatrix w, float[] scales, float[] out) {
        Checks.notNull("w", w);
        checkRows("x", x, rows, w.cols());
        Checks.notNull("scales", scales);
        Checks.sameLength("scales", w.rows(), scales.length);
        Checks.notNull("out", out);
        Checks.sameLength("out", Math.multiplyExact(rows, w.rows()), out.length);
        impl.forwardMatrix(x, rows, w.cols(), matrixWords(w), w.wordsPerRow(), w.rows(), scales, out);
    }

    /** The same layer with one scale for every output: {@code scales[j] = scale}. */
    public float[] forward(float[] x, int rows, BitMatrix w, float scale) {
        Checks.notNull("w", w);
        float[] scales = new float[w.rows()];
        Arrays.fill(scales, scale);
        return forward(x, rows, w, scales);
    }

    /**
     * Coarse-gradient accumulation {@code g += sum_r coef[r] * z[r,:]} over {@code rows} rows of
     * {@code n = g.length} floats; zero coefficients (the STE mask) are skipped. For model A the rows
     * are all samples' rows in order ({@code coef[j*k + q]} for row q of sample j).
     */
    public void accumulate(float[] z, int rows, float[] coef, float[] g) {
        Checks.notNull("g", g);
        Checks.positive("g.length", g.length);
        checkRows("z", z, rows, g.length);
        Checks.notNull("coef", coef);
        Checks.sameLength("coef", rows, coef.length);
        impl.accumulate(z, 0, rows, g.length, coef, 0, g);
    }

    /**
     * The matrix form for a fully connected layer: {@code G (k x n) += C^T X} with {@code X} (rows x n),
     * {@code C} (rows x k) and {@code G} row-major; zero entries of {@code C} are skipped.
     */
    public void accumulateMatrix(float[] x, int rows, int n, float[] c, int k, float[] g) {
        checkRows("x", x, rows, Checks.positive("n", n));
        Checks.positive("k", k);
        Checks.notNull("c", c);
        Checks.sameLength("c", Math.multiplyExact(rows, k), c.length);
        Checks.notNull("g", g);
        Checks.sameLength("g", Math.multiplyExact(k, n), g.length);
        impl.accumulateMatrix(x, rows, n, c, k, g);
    }

    /**
     * One fused model A pass over {@code samples} samples of {@code k} rows each (see
     * {@link SteKernelSupport#fusedStep}): adds the unaveraged coarse gradient to {@code g} (length n) and
     * returns {@code sum_j r_j^2}.
     */
    public double fusedStep(float[] z, int samples, int k, BitVector w, float scale, float[] v, float[] y, float[] g) {
        checkStep(z, samples, k, w, v, y, g);
        return impl.fusedStep(z, 0, samples, k, w.cols(), w.words(), scale, v, y, g);
    }

    /**
     * The fused step split into contiguous shards of samples (see {@link Shards#sum}); bit-identical whatever
     * the pool's size.
     */
    public double fusedStep(float[] z, int samples, int k, BitVector w, float scale, float[] v, float[] y, float[] g,
            Shards shards) {
        checkStep(z, samples, k, w, v, y, g);
        Checks.notNull("shards", shards);
        int n = w.cols();
        long[] words = w.words();
        return shards.sum(samples, g,
                (from, to, partial) -> impl.fusedStep(z, from, to - from, k, n, words, scale, v, y, partial));
    }

    private static void checkStep(float[] z, int samples, int k, BitVector w, float[] v, float[] y, float[] g) {
        Checks.notNull("w", w);
        Checks.positive("samples", samples);
        Checks.positive("k", k);
        checkRows("z", z, Math.multiplyExact(samples, k), w.cols());
        Checks.notNull("v", v);
        Checks.sameLength("v", k, v.length);
        Checks.notNull("y", y);
        Checks.sameLength("y", samples, y.length);
        Checks.notNull("g", g);
        Checks.sameLength("g", w.cols(), g.length);
    }

    private static void checkRows(String name, float[] z, int rows, int n) {
        Checks.notNull(name, z);
        Checks.positive("rows", rows);
        Checks.sameLength(name, Math.multiplyExact(rows, n), z.length);
    }

    /** All rows' real words back to back ({@code wordsPerRow} a row). */
    static long[] matrixWords(BitMatrix w) {
        int per = w.wordsPerRow();
        long[] out = new long[Math.multiplyExact(w.rows(), per)];
        for (int r = 0; r < w.rows(); r++) {
            System.arraycopy(w.rowWords(r), 0, out, r * per, per);
        }
        return out;
    }
}
