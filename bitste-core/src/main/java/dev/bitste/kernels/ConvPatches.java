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
        int height = s.height();
        int width = s.width();
        int stride = s.stride();
        int outH = s.outHeight();
        int outW = s.outWidth();
        int top = s.padTop();
        int left = s.padLeft();
        int run = k * c;
        int dst = 0;
        for (int oh = 0; oh < outH; oh++) {
            for (int ow = 0; ow < outW; ow++) {
                int w0 = ow * stride - left;
                int lo = Math.max(0, -w0);      // first kernel column inside the image
                int hi = Math.min(k, width - w0); // one past the last
                for (int kh = 0; kh < k; kh++, dst += run) {
                    int h = oh * stride - top + kh;
                    if (h < 0 || h >= height) {
                        Arrays.fill(patches, dst, dst + run, 0f);
                        continue;
                    }
                    if (lo > 0) {
                        Arrays.fill(patches, dst, dst + lo * c, 0f);
                    }
                    copy(x, xOff + (h * width + w0 + lo) * c, patches, dst + lo * c, (hi - lo) * c);
                    if (hi < k) {
                        Arrays.fill(patches, dst + hi * c, dst + run, 0f);
                    }
                }
            }
        }
    }

    /**
     * Writes the transposed patch matrix ({@code patch x outPositions}) of the image at {@code x[xOff..]} into
     * {@code columns}: row {@code (kh, kw, c)} holds input channel {@code c} at offset {@code (kh, kw)} of every window.
     */
    static void gatherColumns(ConvShape s, float[] x, int xOff, float[] columns) {
        int k = s.kernel();
        int c = s.channels();
        int height = s.height();
        int width = s.width();
        int stride = s.stride();
        int outH = s.outHeight();
        int outW = s.outWidth();
        int top = s.padTop();
        int left = s.padLeft();
        int dst = 0;
        for (int kh = 0; kh < k; kh++) {
            for (int kw = 0; kw < k; kw++) {
                // output columns whose input column ow * stride - left + kw lies inside the image
                int lo = Math.min(outW, Math.max(0, ceilDiv(left - kw, stride)));
                int hi = Math.max(lo, Math.min(outW, ceilDiv(width + left - kw, stride)));
                for (int ch = 0; ch < c; ch++) {
                    for (int oh = 0; oh < outH; oh++, dst += outW) {
                        int h = oh * stride - top + kh;
                        if (h < 0 || h >= height) {
                            Arrays.fill(columns, dst, dst + outW, 0f);
                            continue;
                        }
                        Arrays.fill(columns, dst, dst + lo, 0f);
                        int src = xOff + (h * width + lo * stride - left + kw) * c + ch;
                        int step = stride * c;
                        for (int ow = lo; ow < hi; ow++, src += step) {
                            columns[dst + ow] = x[src];
                        }
                        Arrays.fill(columns, dst + hi, dst + outW, 0f);
                    }
                }
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return Math.floorDiv(a + b - 1, b);
    }

    /** {@code dst[dOff + j * rows + i] = src[sOff + i * cols + j]}: a row-major {@code rows x cols} matrix transposed. */
    static void transpose(float[] src, int sOff, int rows, int cols, float[] dst, int dOff) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                dst[dOff + j * rows + i] = src[sOff + i * cols + j];
            }
        }
    }

    /** {@code System.arraycopy}, with a plain loop for the short runs of small kernels and few channels. */
    private static void copy(float[] src, int sOff, float[] dst, int dOff, int n) {
        if (n > 16) {
            System.arraycopy(src, sOff, dst, dOff, n);
        } else {
            for (int i = 0; i < n; i++) {
                dst[dOff + i] = src[sOff + i];
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
        int height = s.height();
        int width = s.width();
        int stride = s.stride();
        int outH = s.outHeight();
        int outW = s.outWidth();
        int top = s.padTop();
        int left = s.padLeft();
        Arrays.fill(dx, dxOff, dxOff + s.inSize(), 0f);
        int src = 0;
        for (int oh = 0; oh < outH; oh++) {
            for (int ow = 0; ow < outW; ow++) {
                int w0 = ow * stride - left;
                int lo = Math.max(0, -w0);
                int hi = Math.min(k, width - w0);
                for (int kh = 0; kh < k; kh++, src += k * c) {
                    int h = oh * stride - top + kh;
                    if (h >= 0 && h < height && lo < hi) {
                        add(patches, src + lo * c, dx, dxOff + (h * width + w0 + lo) * c, (hi - lo) * c);
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
     * The input pixels of each pooling window: {@link #at} makes position {@code pos} current and returns how many
     * pixels its window holds (padding skipped); they sit at {@link #base()} plus each of the first that many
     * {@link #offsets()}, in floats from the image's start, in row-major window order. Windows that lie inside the
     * image share one list of offsets, computed once.
     */
    static final class Windows {
        private final ConvShape s;
        private final int[] inner;
        private final int[] edge;
        private int[] current;
        private int base;

        Windows(ConvShape s) {
            this.s = s;
            int k = s.kernel();
            inner = new int[k * k];
            edge = new int[k * k];
            for (int kh = 0; kh < k; kh++) {
                for (int kw = 0; kw < k; kw++) {
                    inner[kh * k + kw] = (kh * s.width() + kw) * s.channels();
                }
            }
        }

        int at(int pos) {
            int k = s.kernel();
            int h0 = pos / s.outWidth() * s.stride() - s.padTop();
            int w0 = pos % s.outWidth() * s.stride() - s.padLeft();
            if (h0 >= 0 && w0 >= 0 && h0 + k <= s.height() && w0 + k <= s.width()) {
                current = inner;
                base = (h0 * s.width() + w0) * s.channels();
                return k * k;
            }
            int count = 0;
            for (int h = Math.max(0, h0); h < Math.min(s.height(), h0 + k); h++) {
                for (int w = Math.max(0, w0); w < Math.min(s.width(), w0 + k); w++) {
                    edge[count++] = (h * s.width() + w) * s.channels();
                }
            }
            current = edge;
            base = 0;
            return count;
        }

        int base() {
            return base;
        }

        int[] offsets() {
            return current;
        }
    }
}
