package dev.bitste.kernels;

import java.util.Arrays;

/**
 * The patch matrix of a convolution (im2col) and its transpose (col2im) for one NHWC image, and the input
 * positions of a pooling window: index bookkeeping shared by every implementation of
 * {@link FloatConvKernelSupport}. Row {@code p} of the patch matrix is the window of output position
 * {@code p} in (kernel row, kernel column, channel) order, zeros where it reaches over the padding.
 */
final class ConvPatches {
    private ConvPatches() {
    }

    /** Writes the patch matrix ({@code outPositions x patch}) of the image at {@code x[xOff..]} into {@code patches}. */
    static void gather(ConvShape s, float[] x, int xOff, float[] patches) {
        int k = s.kernel();
        int c = s.channels();
        int run = k * c;
        int dst = 0;
        for (int oh = 0; oh < s.outHeight(); oh++) {
            for (int ow = 0; ow < s.outWidth(); ow++) {
                int w0 = ow * s.stride() - s.padLeft();
                for (int kh = 0; kh < k; kh++, dst += run) {
                    int h = oh * s.stride() - s.padTop() + kh;
                    if (h < 0 || h >= s.height()) {
                        Arrays.fill(patches, dst, dst + run, 0f);
                    } else if (w0 >= 0 && w0 + k <= s.width()) {
                        System.arraycopy(x, xOff + (h * s.width() + w0) * c, patches, dst, run);
                    } else {
                        for (int kw = 0; kw < k; kw++) {
                            int w = w0 + kw;
                            if (w < 0 || w >= s.width()) {
                                Arrays.fill(patches, dst + kw * c, dst + (kw + 1) * c, 0f);
                            } else {
                                System.arraycopy(x, xOff + (h * s.width() + w) * c, patches, dst + kw * c, c);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * The transpose of {@link #gather}: overwrites the image at {@code dx[dxOff..]} with the sum, for every input
     * value, of the patch-matrix entries it was copied to (entries over the padding are dropped).
     */
    static void scatter(ConvShape s, float[] patches, float[] dx, int dxOff) {
        int k = s.kernel();
        int c = s.channels();
        Arrays.fill(dx, dxOff, dxOff + s.inSize(), 0f);
        int src = 0;
        for (int oh = 0; oh < s.outHeight(); oh++) {
            for (int ow = 0; ow < s.outWidth(); ow++) {
                int w0 = ow * s.stride() - s.padLeft();
                for (int kh = 0; kh < k; kh++, src += k * c) {
                    int h = oh * s.stride() - s.padTop() + kh;
                    if (h < 0 || h >= s.height()) {
                        continue;
                    }
                    int lo = Math.max(0, -w0);
                    int hi = Math.min(k, s.width() - w0);
                    if (lo < hi) {
                        add(patches, src + lo * c, dx, dxOff + (h * s.width() + w0 + lo) * c, (hi - lo) * c);
                    }
                }
            }
        }
    }

    /** {@code dst[dOff + i] += src[sOff + i]} for {@code i < n} (a loop HotSpot vectorizes). */
    private static void add(float[] src, int sOff, float[] dst, int dOff, int n) {
        for (int i = 0; i < n; i++) {
            dst[dOff + i] += src[sOff + i];
        }
    }

    /**
     * Offsets (in floats, from the image's start) of the input pixels inside the window of output position
     * {@code pos}, in row-major window order, skipping the padding; returns how many there are.
     */
    static int window(ConvShape s, int pos, int[] offsets) {
        int oh = pos / s.outWidth();
        int ow = pos % s.outWidth();
        int count = 0;
        for (int kh = 0; kh < s.kernel(); kh++) {
            int h = oh * s.stride() - s.padTop() + kh;
            for (int kw = 0; kw < s.kernel(); kw++) {
                int w = ow * s.stride() - s.padLeft() + kw;
                if (h >= 0 && h < s.height() && w >= 0 && w < s.width()) {
                    offsets[count++] = (h * s.width() + w) * s.channels();
                }
            }
        }
        return count;
    }
}
