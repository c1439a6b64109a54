package dev.bitste.kernels;

/**
 * Float x binary kernels for STE training, implemented once as the scalar reference
 * ({@link ScalarSteKernels}) and once with the Vector API ({@code VectorSteKernels}). Implementations
 * check nothing: {@link SteKernels} validates arguments before calling them.
 *
 * <p>Implementations provide two primitives, {@link #dotSigns} and {@link #accumulateRows}; the loops
 * built on them (forward passes, coarse-gradient accumulation, the fused STE step) are default methods
 * here, written once, so both implementations run exactly the same sequence of primitive calls.
 *
 * <p>Layout: float rows are row-major in a {@code float[]} ({@code n} floats a row, rows contiguous; a
 * model A sample is {@code k} consecutive rows). Sign vectors are packed words (bit 1 = +1, LSB first,
 * docs/algorithms.md section 1), {@code PackedBits.wordsFor(n)} words a row, padding bits zero.
 *
 * <p>Exactness: {@link #accumulateRows} adds the rows' contributions to each output element in the
 * given order with one rounding per multiply and per add (no FMA), so both implementations agree
 * bit for bit; {@link #dotSigns} may sum in a different order (lanes), so forward results agree
 * within {@code ~2 n 2^-24 sum|z|}.
 */
public interface SteKernelSupport {

    /** Which implementation this is, e.g. {@code scalar} or {@code vector-512}. */
    String name();

    /** {@code sum_i z[off + i] * (bit_i(w[wOff..]) ? +1 : -1)} for {@code i < n}. */
    float dotSigns(float[] z, int off, int n, long[] w, int wOff);

    /**
     * {@link #dotSigns} of {@code rows} consecutive rows from {@code off} against the sign vector at
     * {@code w[0..]}, into {@code out[outOff..]}. Each result must equal {@link #dotSigns} of that row
     * exactly; implementations may share work between rows (the sign masks).
     */
    default void dotSignsRows(float[] z, int off, int rows, int n, long[] w, float[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            out[outOff + r] = dotSigns(z, off + r * n, n, w, 0);
        }
    }

    /**
     * {@code g[gOff + i] += coefs[t] * z[rows[t] + i]} for {@code t = 0 .. count-1} in that order and
     * {@code i < n}; {@code rows} holds offsets of rows in {@code z}.
     */
    void accumulateRows(float[] z, int[] rows, float[] coefs, int count, int n, float[] g, int gOff);

    /** {@code out[outOff + r] = scale * dotSigns(row r)} for {@code rows} rows starting at {@code zOff}. */
    default void forward(float[] z, int zOff, int rows, int n, long[] w, float scale, float[] out, int outOff) {
        dotSignsRows(z, zOff, rows, n, w, out, outOff);
        for (int r = 0; r < rows; r++) {
            out[outOff + r] = scale * out[outOff + r];
        }
    }

    /**
     * A fully connected layer with binary weights on float inputs: {@code out[r * k + j] = scales[j] *
     * dotSigns(x row r, w row j)}, {@code w} holding {@code k} rows of {@code wordsPerRow} words.
     */
    default void forwardMatrix(float[] x, int rows, int n, long[] w, int wordsPerRow, int k, float[] scales,
            float[] out) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < k; j++) {
                out[r * k + j] = scales[j] * dotSigns(x, r * n, n, w, j * wordsPerRow);
            }
        }
    }

    /**
     * Coarse-gradient accumulation {@code g += sum_r coef[coefOff + r] * z[row r]} over {@code rows} rows
     * starting at {@code zOff}, in row order, skipping zero coefficients (most are: the STE mask).
     */
    default void accumulate(float[] z, int zOff, int rows, int n, float[] coef, int coefOff, float[] g) {
        int[] picked = new int[Math.min(rows, GATHER)];
        float[] c = new float[picked.length];
        int count = 0;
        for (int r = 0; r < rows; r++) {
            float cr = coef[coefOff + r];
            if (cr != 0f) {
                picked[count] = zOff + r * n;
                c[count++] = cr;
                if (count == picked.length) {
                    accumulateRows(z, picked, c, count, n, g, 0);
                    count = 0;
                }
            }
        }
        if (count > 0) {
            accumulateRows(z, picked, c, count, n, g, 0);
        }
    }

    /**
     * The matrix form {@code G (k x n) += C^T X} for {@code X} ({@code rows x n}) and {@code C}
     * ({@code rows x k}, row-major): {@code G[j,:] += sum_r C[r,j] X[r,:]}, rows in order, zeros skipped.
     * Works through {@code X} in blocks of rows so each block is reused from cache for all {@code k} outputs.
     */
    default void accumulateMatrix(float[] x, int rows, int n, float[] c, int k, float[] g) {
        int[] picked = new int[Math.min(rows, GATHER)];
        float[] coefs = new float[picked.length];
        for (int r0 = 0; r0 < rows; r0 += GATHER) {
            int r1 = Math.min(rows, r0 + GATHER);
            for (int j = 0; j < k; j++) {
                int count = 0;
                for (int r = r0; r < r1; r++) {
                    float crj = c[r * k + j];
                    if (crj != 0f) {
                        picked[count] = r * n;
                        coefs[count++] = crj;
                    }
                }
                if (count > 0) {
                    accumulateRows(x, picked, coefs, count, n, g, j * n);
                }
            }
        }
    }

    /**
     * The fused model A step over samples {@code first .. first+count-1} (ReLU STE, docs/algorithms.md section 2):
     * per sample, {@code h = scale * Z w}, pattern {@code s = 1{h > 0}}, output {@code f = v . s} (summed in
     * row order), residual {@code r = f - y}, then {@code g += r * v_q * Z[q,:]} for every row {@code q} with
     * {@code s_q = 1}, while the sample's rows are still in cache. Returns {@code sum r^2} (not halved, not
     * averaged); {@code g} receives the unaveraged sum.
     */
    default double fusedStep(float[] z, int first, int count, int k, int n, long[] w, float scale, float[] v,
            float[] y, float[] g) {
        int[] active = new int[k];
        float[] coefs = new float[k];
        float[] h = new float[k];
        double loss = 0;
        for (int j = first; j < first + count; j++) {
            int base = j * k * n;
            float f = 0f;
            int a = 0;
            dotSignsRows(z, base, k, n, w, h, 0);
            for (int q = 0; q < k; q++) {
                if (scale * h[q] > 0f) {
                    f += v[q];
                    active[a] = base + q * n;
                    coefs[a++] = v[q];
                }
            }
            float res = f - y[j];
            loss += (double) res * res;
            if (res != 0f && a > 0) {
                for (int t = 0; t < a; t++) {
                    coefs[t] = res * coefs[t];
                }
                accumulateRows(z, active, coefs, a, n, g, 0);
            }
        }
        return loss;
    }

    /** Rows gathered per {@link #accumulateRows} call by the accumulation loops (a cache-sized block). */
    int GATHER = 64;
}
