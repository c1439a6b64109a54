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
     * {@code s_q = 1}, samples and rows in order. Returns {@code sum r^2} (not halved, not averaged); {@code g}
     * receives the unaveraged sum.
     *
     * <p>Fused: a block of samples small enough to stay in L1 ({@link #FUSED_BLOCK_BYTES}) goes through the forward
     * pass, then its active rows through one accumulation, while they are still in cache; the rows reach
     * {@link #accumulateRows} in the same order as one sample at a time, so the block size changes no bit. The
     * per-row decisions are written without data-dependent branches (half the rows are active, at random).
     */
    default double fusedStep(float[] z, int first, int count, int k, int n, long[] w, float scale, float[] v,
            float[] y, float[] g) {
        int block = Math.max(1, Math.min(GATHER / k, FUSED_BLOCK_BYTES / (k * n * Float.BYTES)));
        int[] active = new int[block * k + 1];
        float[] coefs = new float[block * k + 1];
        float[] h = new float[block * k];
        double loss = 0;
        for (int j0 = first; j0 < first + count; j0 += block) {
            int samples = Math.min(block, first + count - j0);
            dotSignsRows(z, j0 * k * n, samples * k, n, w, h, 0);
            int a = 0;
            for (int s = 0; s < samples; s++) {
                int base = (j0 + s) * k * n;
                float f = 0f;
                for (int q = 0; q < k; q++) {
                    f += scale * h[s * k + q] > 0f ? v[q] : 0f;
                }
                float res = f - y[j0 + s];
                loss += (double) res * res;
                boolean live = res != 0f;
                for (int q = 0; q < k; q++) { // written always, kept (a advances) only for an active row
                    active[a] = base + q * n;
                    coefs[a] = res * v[q];
                    a += live & scale * h[s * k + q] > 0f ? 1 : 0;
                }
            }
            if (a > 0) {
                accumulateRows(z, active, coefs, a, n, g, 0);
            }
        }
        return loss;
    }

    /** Input bytes per block of the fused step: the block is read twice, the second time from L1. */
    int FUSED_BLOCK_BYTES = 16384;

    /** Rows gathered per {@link #accumulateRows} call by the accumulation loops (a cache-sized block). */
    int GATHER = 64;
}
