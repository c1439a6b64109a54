package dev.bitste.kernels;

/**
 * The kernels of binarized-network training, implemented once as the scalar reference
 * ({@link ScalarTrainKernels}) and once with the Vector API ({@code VectorTrainKernels}). Implementations check
 * nothing: {@link TrainKernels} validates arguments before calling them.
 *
 * <p><b>Products.</b> Every matrix product of a training step has the form {@code C (rows x cols) = A . S}
 * with a float {@code A} read through strides, {@code A[r][k] = a[aOff + r * rs + k * ks]} (so a transposed
 * operand costs nothing), and {@code S} (depth x cols) one of: packed ±1 signs ({@link #signProduct}), floats
 * ({@link #floatProduct}); or both operands are packed signs ({@link #xnorProduct}). For a layer with weights
 * {@code W} (out x in) and input {@code X} (batch x in): the forward pass {@code X W^T} (A = X, S = the signs of
 * W^T, or XNOR-popcount of X's and W's sign rows), the backward pass {@code dY W} (A = dY, S = the signs of W)
 * and the weight gradient {@code dY^T X} (A = dY^T, S = X: its packed ±1 activations or the first layer's
 * pixels). Sign rows are packed words, bit 1 = +1, LSB first (docs/algorithms.md section 1): row {@code k} of S
 * at word {@code bitsOff + k * wpr}, so a column slice starting at a multiple of 64 is a word offset. C is
 * row-major with row stride {@code ldc} from {@code cOff}.
 *
 * <p><b>Column slices.</b> The batch-norm, mask and packing kernels work on columns {@code [j0, j1)} of a
 * row-major {@code rows x ld} matrix starting at index 0 (per-column parameters indexed by the column), so one
 * thread can take a layer's units from the product through batch norm to the packed activations without
 * waiting for the others.
 *
 * <p><b>Exactness.</b> Only the float products may differ between implementations (they sum in another order:
 * within {@code ~depth 2^-24 sum_k |A[r][k]|} of each other); {@link #xnorProduct} is exact, and every other
 * operation does the same float operations in the same order in both, so it agrees bit for bit. Within one
 * implementation a result element never depends on which rows or columns a call covers (each sum runs over the
 * depth in order, whatever tile the element falls in): work split into shards gives the same bits for any split,
 * which keeps training results independent of the thread count.
 */
public interface TrainKernelSupport {

    /** Which implementation this is, e.g. {@code scalar} or {@code vector-512}. */
    String name();

    /**
     * {@code C = alpha * A . S} (or {@code C += } that when {@code add}) with S the ±1 signs of {@code bits}:
     * {@code C[r][n] (+)= alpha * sum_k A[r][k] * (bit n of S's row k ? +1 : -1)}.
     */
    void signProduct(float[] a, int aOff, int rs, int ks, int rows, int depth, long[] bits, int bitsOff, int wpr,
            int cols, float alpha, boolean add, float[] c, int cOff, int ldc);

    /** {@code C = A . F} with {@code F[k][n] = f[fOff + k * ldf + n]} ({@code depth x cols}). */
    void floatProduct(float[] a, int aOff, int rs, int ks, int rows, int depth, float[] f, int fOff, int ldf,
            int cols, float[] c, int cOff, int ldc);

    /**
     * Both operands ±1: {@code C[r][j] (+)= alpha * (n - 2 popcount(x_r XOR w_j))}, the dot product of sign rows
     * {@code r} of x (from word {@code xOff}) and {@code j} of w ({@code wRows} rows from word {@code wOff}), each
     * {@code n} bits in {@code wpr} words with zero padding; C is {@code rows x wRows}. Exact for {@code alpha} a
     * power of two.
     */
    void xnorProduct(long[] x, int xOff, int rows, long[] w, int wOff, int wRows, int wpr, int n, float alpha,
            boolean add, float[] c, int cOff, int ldc);

    /** Column sums {@code sum[j] = sum_r v[r][j]} and {@code sumSq[j] = sum_r v[r][j]^2}, in double, rows in order. */
    void columnMoments(float[] v, int rows, int ld, int j0, int j1, double[] sum, double[] sumSq);

    /**
     * Batch-norm backward sums {@code dGamma[j] = sum_r (float) (dy[r][j] * zhat[r][j])} and
     * {@code dBeta[j] = sum_r dy[r][j]}, in double, rows in order.
     */
    void columnDots(float[] dy, float[] zhat, int rows, int ld, int j0, int j1, double[] dGamma, double[] dBeta);

    /** Batch normalization: {@code zhat = (z - mean[j]) * scale[j]}, {@code y = gamma[j] * zhat + beta[j]}. */
    void normalize(float[] z, int rows, int ld, int j0, int j1, float[] mean, float[] scale, float[] gamma,
            float[] beta, float[] zhat, float[] y);

    /** Batch-norm backward: {@code dz = k[j] * ((dy - mb[j]) - zhat * mg[j])}. */
    void normalizeBackward(float[] dy, float[] zhat, int rows, int ld, int j0, int j1, float[] k, float[] mb,
            float[] mg, float[] dz);

    /** {@code y = s * z} on the slice. */
    void scale(float[] z, int rows, int ld, int j0, int j1, float s, float[] y);

    /** The hardtanh straight-through mask: {@code g = 0} where {@code !(|y| <= 1)}. */
    void hardtanhMask(float[] g, float[] y, int rows, int ld, int j0, int j1);

    /** The ReLU {@code x = max(0, y)} unless {@code x} is null; unless {@code g} is null its mask {@code g = 0} where {@code !(y > 0)}. */
    void relu(float[] y, float[] x, float[] g, int rows, int ld, int j0, int j1);

    /**
     * Packs {@code rows x cols} floats at {@code v[off + r * ld + j]}: bit j of row r = {@code v >= t}, into
     * {@code wpr} words a row from {@code bits[bitsOff + r * wpr]}; words {@code [0, ceil(cols / 64))} of each row
     * are written whole (bits past cols zero). Returns the largest {@code |v|} seen (NaN if there was a NaN), so a
     * caller can tell whether values left a range without another pass.
     */
    float packAtLeast(float[] v, int off, int rows, int ld, int cols, float t, long[] bits, int bitsOff, int wpr);

    /**
     * One Adam update of {@code p[from..to)}: {@code m = b1 m + (1 - b1) g}, {@code v = b2 v + ((1 - b2) g) g},
     * {@code p -= (step m) / (sqrt(v) + eps)} in float, each operation rounded as written.
     */
    void adam(float[] p, float[] g, float[] m, float[] v, int from, int to, float b1, float b2, float step, float eps);

    /** {@code p[i] = max(-c, min(c, p[i]))} for {@code from <= i < to}. */
    void clamp(float[] p, int from, int to, float c);

    /**
     * Columns {@code [c0, c1)} ({@code c0} a multiple of 64) of a {@code rows x cols} bit matrix (row {@code r} at
     * {@code src[r * srcWpr]}) transposed into rows {@code c0 .. c1-1} of {@code dst} ({@code cols x rows}, row
     * {@code c} at {@code dst[c * dstWpr]}, padding zero), by 64 x 64 blocks. Plain Java in both implementations
     * (shared here).
     */
    default void transposeBits(long[] src, int rows, int srcWpr, int c0, int c1, long[] dst, int dstWpr) {
        long[] block = new long[64];
        for (int rb = 0; rb < rows; rb += 64) {
            int n = Math.min(64, rows - rb);
            for (int cb = c0; cb < c1; cb += 64) {
                for (int i = 0; i < 64; i++) {
                    block[i] = i < n ? src[(rb + i) * srcWpr + (cb >>> 6)] : 0L;
                }
                transpose64(block);
                // rows past `rows` were zero in the block, so the destination's padding bits are zero
                for (int i = 0; i < Math.min(64, c1 - cb); i++) {
                    dst[(cb + i) * dstWpr + (rb >>> 6)] = block[i];
                }
            }
        }
        for (int c = c0; c < c1; c++) {
            for (int w = (rows + 63) >>> 6; w < dstWpr; w++) {
                dst[c * dstWpr + w] = 0L;
            }
        }
    }

    /** In-place transpose of a 64 x 64 bit matrix (row i = word i, column j = bit j): six rounds of block swaps. */
    static void transpose64(long[] a) {
        int j = 32;
        long m = 0x00000000FFFFFFFFL;
        while (j != 0) {
            for (int k = 0; k < 64; k = (k + j + 1) & ~j) {
                long t = ((a[k] >>> j) ^ a[k + j]) & m;
                a[k + j] ^= t;
                a[k] ^= t << j;
            }
            j >>>= 1;
            m ^= m << j;
        }
    }
}
