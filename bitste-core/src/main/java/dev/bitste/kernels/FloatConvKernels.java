package dev.bitste.kernels;

import dev.bitste.util.Checks;

/**
 * The public door to the float convolution and max-pool kernels of training (see
 * {@link FloatConvKernelSupport}, docs/algorithms.md section 6): checks shapes, lengths and ranges with messages
 * naming the bad value, then calls the chosen implementation. Float data are not checked for NaN.
 */
public final class FloatConvKernels extends CheckedKernels<FloatConvKernelSupport> {
    FloatConvKernels(KernelChoice choice, FloatConvKernelSupport impl) {
        super(choice, impl);
    }

    /** The kernels chosen at start-up from {@code -Dbitste.kernels} and {@code -Dbitste.vectorBits}. */
    public static FloatConvKernels get() {
        return KernelProvider.get().floatConv();
    }

    /** The kernels of a given implementation. */
    public static FloatConvKernels of(KernelChoice choice) {
        return KernelProvider.of(choice).floatConv();
    }

    /**
     * Floats of scratch space the convolutions of {@code s} with {@code outChannels} filters need (a patch matrix; 0 for
     * a 1 x 1, stride-1 kernel).
     */
    public static int scratchSize(ConvShape s, int outChannels) {
        return FloatConvKernelSupport.scratchSize(Checks.notNull("shape", s), Checks.positive("outChannels", outChannels));
    }

    /**
     * Forward convolution of {@code images} NHWC images at {@code x[xOff..]} with weights {@code wt}
     * ({@code patch x outChannels}, HWIO) into {@code out[outOff..]} ({@code images x outPositions x outChannels}).
     */
    public void conv2d(ConvShape s, int outChannels, float[] x, int xOff, int images, float[] wt, float[] out,
            int outOff, float[] scratch) {
        checkConv(s, outChannels, images, scratch);
        checkImages("x", x, xOff, images, s.inSize());
        checkWeights("wt", wt, s, outChannels);
        checkOutput("out", out, outOff, s, outChannels, images);
        impl.conv2d(s, outChannels, x, xOff, images, wt, out, outOff, scratch);
    }

    /**
     * Gradient of the input of {@link #conv2d} given the output's gradient {@code dOut}, with weights {@code w}
     * ({@code outChannels x patch}, OHWI): overwrites {@code images} images at {@code dx[dxOff..]}.
     */
    public void conv2dBackwardInput(ConvShape s, int outChannels, float[] dOut, int dOutOff, int images, float[] w,
            float[] dx, int dxOff, float[] scratch) {
        checkConv(s, outChannels, images, scratch);
        checkOutput("dOut", dOut, dOutOff, s, outChannels, images);
        checkWeights("w", w, s, outChannels);
        checkImages("dx", dx, dxOff, images, s.inSize());
        impl.conv2dBackwardInput(s, outChannels, dOut, dOutOff, images, w, dx, dxOff, scratch);
    }

    /** Gradient of the weights of {@link #conv2d}, added to {@code dw} ({@code outChannels x patch}, OHWI). */
    public void conv2dBackwardWeights(ConvShape s, int outChannels, float[] x, int xOff, float[] dOut, int dOutOff,
            int images, float[] dw, float[] scratch) {
        checkConv(s, outChannels, images, scratch);
        checkImages("x", x, xOff, images, s.inSize());
        checkOutput("dOut", dOut, dOutOff, s, outChannels, images);
        checkWeights("dw", dw, s, outChannels);
        impl.conv2dBackwardWeights(s, outChannels, x, xOff, dOut, dOutOff, images, dw, scratch);
    }

    /** Max-pool of {@code images} images at {@code x[xOff..]} into {@code out[outOff..]} (padding skipped). */
    public void maxPool(ConvShape s, float[] x, int xOff, int images, float[] out, int outOff) {
        checkPool(s, images);
        checkImages("x", x, xOff, images, s.inSize());
        checkOutput("out", out, outOff, s, s.channels(), images);
        impl.maxPool(s, x, xOff, images, out, outOff);
    }

    /**
     * The max-pool's backward pass: overwrites {@code dx}'s images with {@code dOut} routed to the first position of
     * each window that holds its maximum {@code out}.
     */
    public void maxPoolBackward(ConvShape s, float[] x, int xOff, float[] out, int outOff, float[] dOut, int dOutOff,
            int images, float[] dx, int dxOff) {
        checkPool(s, images);
        checkImages("x", x, xOff, images, s.inSize());
        checkOutput("out", out, outOff, s, s.channels(), images);
        checkOutput("dOut", dOut, dOutOff, s, s.channels(), images);
        checkImages("dx", dx, dxOff, images, s.inSize());
        impl.maxPoolBackward(s, x, xOff, out, outOff, dOut, dOutOff, images, dx, dxOff);
    }

    /**
     * {@code C = (accumulate ? C : 0) + A B} ({@link FloatConvKernelSupport#gemm}): {@code A(i, t) = a[aOff + i * aRow
     * + t * aCol]}, {@code B} ({@code k x n}) and {@code C} ({@code m x n}) row-major with leading dimensions
     * {@code ldb}, {@code ldc}.
     */
    public void gemm(float[] a, int aOff, int aRow, int aCol, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
            int m, int n, int k, boolean accumulate) {
        Checks.positive("m", m);
        Checks.positive("n", n);
        Checks.positive("k", k);
        Checks.positive("aRow", aRow);
        Checks.positive("aCol", aCol);
        if (ldb < n || ldc < n) {
            throw new IllegalArgumentException("ldb " + ldb + " and ldc " + ldc + " must be at least n " + n);
        }
        Checks.notNull("a", a);
        Checks.notNull("b", b);
        Checks.notNull("c", c);
        Checks.range("a", a.length, aOff, (int) Math.min(Integer.MAX_VALUE, (long) (m - 1) * aRow + (long) (k - 1) * aCol + 1));
        Checks.range("b", b.length, bOff, (int) Math.min(Integer.MAX_VALUE, (long) (k - 1) * ldb + n));
        Checks.range("c", c.length, cOff, (int) Math.min(Integer.MAX_VALUE, (long) (m - 1) * ldc + n));
        if (c == a || c == b) {
            throw new IllegalArgumentException("c must be another array than a and b");
        }
        impl.gemm(a, aOff, aRow, aCol, b, bOff, ldb, c, cOff, ldc, m, n, k, accumulate);
    }

    private static void checkConv(ConvShape s, int outChannels, int images, float[] scratch) {
        Checks.notNull("shape", s);
        Checks.positive("outChannels", outChannels);
        Checks.positive("images", images);
        Checks.notNull("scratch", scratch);
        int need = FloatConvKernelSupport.scratchSize(s, outChannels);
        if (scratch.length < need) {
            throw new IllegalArgumentException("scratch has length " + scratch.length + ", needs at least " + need
                    + " for " + s);
        }
        fits(images, (long) s.outPositions() * Math.max(outChannels, s.patch()));
        fits(images, s.inSize());
    }

    /** Rejects {@code images} images of {@code size} floats each when they would not fit one array. */
    private static void fits(int images, long size) {
        if (images * size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("images " + images + " of " + size + " floats each do not fit one array");
        }
    }

    private static void checkWeights(String name, float[] w, ConvShape s, int outChannels) {
        Checks.notNull(name, w);
        Checks.sameLength(name, Math.multiplyExact(s.patch(), outChannels), w.length);
    }

    private static void checkOutput(String name, float[] out, int off, ConvShape s, int outChannels, int images) {
        Checks.notNull(name, out);
        Checks.range(name, out.length, off, images * s.outPositions() * outChannels);
    }

    private static void checkPool(ConvShape s, int images) {
        Checks.notNull("shape", s);
        Checks.positive("images", images);
        fits(images, s.inSize());
    }

    private static void checkImages(String name, float[] x, int off, int images, int size) {
        Checks.notNull(name, x);
        Checks.range(name, x.length, off, images * size);
    }
}
