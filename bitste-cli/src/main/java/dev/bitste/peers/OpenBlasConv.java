package dev.bitste.peers;

import dev.bitste.kernels.ConvShape;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A float32 convolution layer the way a float framework runs it on a CPU: im2col of the NHWC input into native
 * memory (one row of {@code kernel^2 x channels} floats per output pixel, zero where the window leaves the image),
 * then one OpenBLAS {@code sgemm} against the filters ({@code filters x kernel^2 x channels}, OHWI), giving the NHWC
 * output. A 1 x 1 convolution at stride 1 is the GEMM on the input itself (no copy). The padding positions of the
 * im2col buffer are zeroed once, as they are the same on every call. Buffers are allocated once for a batch of up
 * to {@code batch} images (the output's only if {@link #apply(MemorySegment, int)} is used); not thread-safe (one instance per thread; OpenBLAS's own threads are
 * {@link OpenBlas#threads(int)}).
 */
public final class OpenBlasConv {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;

    private final int height;
    private final int width;
    private final int channels;
    private final int filters;
    private final ConvShape g;
    private final int batch;
    private final MemorySegment weights;
    private final MemorySegment colsView;
    private final MemorySegment outView;

    /** A layer for inputs of shape {@code g} with the given OHWI filters (zero padding, as every float layer). */
    public OpenBlasConv(ConvShape g, float[] ohwi, int filters, int batch) {
        this.height = g.height();
        this.width = g.width();
        this.channels = g.channels();
        this.filters = filters;
        this.g = g;
        this.batch = batch;
        if (ohwi.length != filters * g.kernel() * g.kernel() * channels) {
            throw new IllegalArgumentException("ohwi has " + ohwi.length + " weights, expected "
                    + filters * g.kernel() * g.kernel() * channels);
        }
        weights = buffer(ohwi.length);
        MemorySegment.copy(ohwi, 0, weights, F, 0, ohwi.length);
        long rows = (long) batch * outPixels();
        colsView = direct() ? null : buffer(rows * windowLength()); // zero since allocation
        outView = buffer(rows * filters);
    }

    /** A zeroed native buffer of {@code floats} floats, alive as long as it is reachable. */
    public static MemorySegment buffer(long floats) {
        return Arena.ofAuto().allocate(floats * Float.BYTES, 64);
    }

    private boolean direct() {
        return g.kernel() == 1 && g.stride() == 1;
    }

    public int outHeight() {
        return g.outHeight();
    }

    public int outWidth() {
        return g.outWidth();
    }

    private int outPixels() {
        return outHeight() * outWidth();
    }

    private int windowLength() {
        return g.kernel() * g.kernel() * channels;
    }

    /**
     * The convolution of {@code count} images of {@code input} (NHWC floats in native memory): returns the output's segment ({@code count * outHeight * outWidth x filters}, NHWC).
     */
    public MemorySegment apply(MemorySegment input, int count) {
        return apply(input, count, outView);
    }

    /**
     * The convolution of {@code count} images of {@code input} into {@code output} (native memory or a heap array's
     * segment, {@code count * outHeight * outWidth x filters} floats, NHWC); returns {@code output}.
     */
    public MemorySegment apply(MemorySegment input, int count, MemorySegment output) {
        if (count < 1 || count > batch) {
            throw new IllegalArgumentException("count must be in [1, " + batch + "], got " + count);
        }
        MemorySegment a = input;
        if (!direct()) {
            im2col(input, count);
            a = colsView;
        }
        int m = count * outPixels();
        int kd = windowLength();
        OpenBlas.sgemm(false, true, m, filters, kd, 1f, a, kd, weights, kd, 0f, output, filters);
        return output;
    }

    /** Copies each window's in-image runs of pixels (a kernel row's pixels are contiguous in NHWC). */
    private void im2col(MemorySegment x, int count) {
        int k = g.kernel();
        int top = g.padTop();
        int left = g.padLeft();
        int ow = outWidth();
        long kd = windowLength();
        for (int n = 0; n < count; n++) {
            for (int oy = 0; oy < outHeight(); oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    long row = ((long) (n * outHeight() + oy) * ow + ox) * kd;
                    int x0 = ox * g.stride() - left;
                    int from = Math.max(0, -x0);
                    int to = Math.min(k, width - x0);
                    for (int ky = 0; ky < k; ky++) {
                        int iy = oy * g.stride() + ky - top;
                        if (iy < 0 || iy >= height || from >= to) {
                            continue; // zero since construction
                        }
                        long src = ((long) (n * height + iy) * width + x0 + from) * channels;
                        MemorySegment.copy(x, F, src * Float.BYTES, colsView, F,
                                (row + (long) (ky * k + from) * channels) * Float.BYTES, (long) (to - from) * channels);
                    }
                }
            }
        }
    }
}
