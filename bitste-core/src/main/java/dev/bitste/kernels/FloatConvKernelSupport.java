package dev.bitste.kernels;

/**
 * Float convolution and max-pool kernels for training (docs/algorithms.md section 6), on NHWC images
 * ({@link ConvShape}), implemented once as the scalar reference ({@link ScalarFloatConvKernels}) and once with
 * the Vector API ({@code VectorFloatConvKernels}). Implementations check nothing: {@link FloatConvKernels}
 * validates first.
 *
 * <p>Implementations provide three primitives: a small GEMM, and the max over a window and its backward pass.
 * The convolutions are default methods here, written once on those primitives (a patch matrix per image, as
 * im2col, then one product), so both implementations run the same sequence of primitive calls.
 *
 * <p>Weights are {@code outChannels} rows of one patch ({@code kernel x kernel x channels}, OHWI: output channel,
 * kernel row, kernel column, input channel); the forward pass takes them transposed ({@code patch x outChannels},
 * HWIO), so the product runs along the output channels. Outputs are NHWC with {@code outChannels} channels.
 *
 * <p>Exactness: {@link #gemm} sums each output element in order of {@code t} with one fused multiply-add per
 * term in both implementations, and the max-pool kernels only compare and copy, so the two implementations
 * agree bit for bit.
 */
public interface FloatConvKernelSupport {

    /** Which implementation this is, e.g. {@code scalar} or {@code vector-512}. */
    String name();

    /**
     * {@code C[i, j] = (accumulate ? C[i, j] : 0) + sum_{t < k} A(i, t) B[t, j]} for {@code i < m, j < n}, the
     * sum taken in order of {@code t} with one fused multiply-add per term; {@code A(i, t) = a[aOff + i * aRow + t
     * * aCol]} (so {@code A} or its transpose may be stored row-major), {@code B[t, j] = b[bOff + t * ldb + j]},
     * {@code C[i, j] = c[cOff + i * ldc + j]}. {@code c} must not overlap {@code a} or {@code b}.
     */
    void gemm(float[] a, int aOff, int aRow, int aCol, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
            int m, int n, int k, boolean accumulate);

    /**
     * {@code out[outOff + c] = max_t x[xOff + offsets[t] + c]} for {@code c < channels}, {@code t < count}
     * (taken in order with {@link Math#max}).
     */
    void windowMax(float[] x, int xOff, int[] offsets, int count, int channels, float[] out, int outOff);

    /**
     * The max's backward pass: for every {@code c < channels}, the first {@code t} with
     * {@code x[xOff + offsets[t] + c] == out[outOff + c]} gets {@code dx[dxOff + offsets[t] + c] += dOut[dOutOff + c]}.
     */
    void windowMaxBackward(float[] x, int xOff, int[] offsets, int count, int channels, float[] out, int outOff,
            float[] dOut, int dOutOff, float[] dx, int dxOff);

    /**
     * True when the convolutions of {@code s} with {@code outChannels} filters work on the transposed patch matrix
     * ({@code patch x outPositions}, built from long runs of the input, e.g. the rows of a one-channel image) rather
     * than the patch matrix: when its runs of {@code kernel x channels} values are too short to copy fast and there are
     * too few output channels to fill a vector (LeNet-5's first layer: 2x faster measured). Either way every output is
     * the same sequence of fused multiply-adds, so the results are identical.
     */
    static boolean byColumns(ConvShape s, int outChannels) {
        return !s.pointwise() && s.kernel() * s.channels() < 16 && outChannels < 16;
    }

    /** Floats of scratch space the convolutions of {@code s} with {@code outChannels} filters need. */
    static int scratchSize(ConvShape s, int outChannels) {
        long p = s.outPositions();
        long q = s.patch();
        long need = s.pointwise() ? 0 : byColumns(s, outChannels) ? q * p + outChannels * Math.max(p, q) : p * q;
        return Math.toIntExact(need);
    }

    /**
     * Forward convolution of {@code images} images: {@code out[n, p, o] = sum_q patch(n, p)[q] * wt[q, o]}, where
     * {@code patch(n, p)} is the window of output position {@code p} of image {@code n} (zeros over the padding).
     */
    default void conv2d(ConvShape s, int outChannels, float[] x, int xOff, int images, float[] wt, float[] out,
            int outOff, float[] scratch) {
        int p = s.outPositions();
        int q = s.patch();
        if (s.pointwise()) {
            gemm(x, xOff, q, 1, wt, 0, outChannels, out, outOff, outChannels, images * p, outChannels, q, false);
            return;
        }
        for (int i = 0; i < images; i++) {
            int at = outOff + i * p * outChannels;
            if (byColumns(s, outChannels)) {
                // out^T (outChannels x p) = wt^T . columns, then transposed into place
                ConvPatches.gatherColumns(s, x, xOff + i * s.inSize(), scratch);
                gemm(wt, 0, 1, outChannels, scratch, 0, p, scratch, q * p, p, outChannels, p, q, false);
                ConvPatches.transpose(scratch, q * p, outChannels, p, out, at);
            } else {
                ConvPatches.gather(s, x, xOff + i * s.inSize(), scratch);
                gemm(scratch, 0, q, 1, wt, 0, outChannels, out, at, outChannels, p, outChannels, q, false);
            }
        }
    }

    /**
     * Gradient of the input: {@code dx = d(sum dOut * out) / dx} for weights {@code w} ({@code outChannels x patch},
     * OHWI), written over {@code dx}'s images.
     */
    default void conv2dBackwardInput(ConvShape s, int outChannels, float[] dOut, int dOutOff, int images, float[] w,
            float[] dx, int dxOff, float[] scratch) {
        int p = s.outPositions();
        int q = s.patch();
        if (s.pointwise()) {
            gemm(dOut, dOutOff, outChannels, 1, w, 0, q, dx, dxOff, q, images * p, q, outChannels, false);
            return;
        }
        for (int i = 0; i < images; i++) {
            gemm(dOut, dOutOff + i * p * outChannels, outChannels, 1, w, 0, q, scratch, 0, q, p, q, outChannels, false);
            ConvPatches.scatter(s, scratch, dx, dxOff + i * s.inSize());
        }
    }

    /**
     * Gradient of the weights, added to {@code dw} ({@code outChannels x patch}, OHWI):
     * {@code dw[o, q] += sum_{n, p} dOut[n, p, o] * patch(n, p)[q]}, images in order.
     */
    default void conv2dBackwardWeights(ConvShape s, int outChannels, float[] x, int xOff, float[] dOut, int dOutOff,
            int images, float[] dw, float[] scratch) {
        int p = s.outPositions();
        int q = s.patch();
        if (s.pointwise()) {
            gemm(dOut, dOutOff, 1, outChannels, x, xOff, q, dw, 0, q, outChannels, q, images * p, true);
            return;
        }
        if (byColumns(s, outChannels)) {
            // dw^T (patch x outChannels) += columns . dOut, image by image, then transposed back
            int dwt = q * p;
            ConvPatches.transpose(dw, 0, outChannels, q, scratch, dwt);
            for (int i = 0; i < images; i++) {
                ConvPatches.gatherColumns(s, x, xOff + i * s.inSize(), scratch);
                gemm(scratch, 0, p, 1, dOut, dOutOff + i * p * outChannels, outChannels, scratch, dwt, outChannels, q,
                        outChannels, p, true);
            }
            ConvPatches.transpose(scratch, dwt, q, outChannels, dw, 0);
            return;
        }
        for (int i = 0; i < images; i++) {
            ConvPatches.gather(s, x, xOff + i * s.inSize(), scratch);
            gemm(dOut, dOutOff + i * p * outChannels, 1, outChannels, scratch, 0, q, dw, 0, q, outChannels, q, p, true);
        }
    }

    /** Max-pool of {@code images} images: every channel's maximum over each window (padding skipped). */
    default void maxPool(ConvShape s, float[] x, int xOff, int images, float[] out, int outOff) {
        ConvPatches.Windows w = new ConvPatches.Windows(s);
        int c = s.channels();
        for (int i = 0; i < images; i++) {
            int xi = xOff + i * s.inSize();
            int oi = outOff + i * s.outPositions() * c;
            for (int pos = 0; pos < s.outPositions(); pos++) {
                int count = w.at(pos);
                windowMax(x, xi + w.base(), w.offsets(), count, c, out, oi + pos * c);
            }
        }
    }

    /**
     * The max-pool's backward pass: each window's gradient goes to the first position (in row-major window order)
     * holding the maximum; {@code dx}'s images are overwritten.
     */
    default void maxPoolBackward(ConvShape s, float[] x, int xOff, float[] out, int outOff, float[] dOut, int dOutOff,
            int images, float[] dx, int dxOff) {
        ConvPatches.Windows w = new ConvPatches.Windows(s);
        int c = s.channels();
        java.util.Arrays.fill(dx, dxOff, dxOff + images * s.inSize(), 0f);
        for (int i = 0; i < images; i++) {
            int xi = i * s.inSize();
            int oi = i * s.outPositions() * c;
            for (int pos = 0; pos < s.outPositions(); pos++) {
                int count = w.at(pos);
                windowMaxBackward(x, xOff + xi + w.base(), w.offsets(), count, c, out, outOff + oi + pos * c, dOut,
                        dOutOff + oi + pos * c, dx, dxOff + xi + w.base());
            }
        }
    }
}
