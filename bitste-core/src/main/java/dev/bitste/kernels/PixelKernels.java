package dev.bitste.kernels;

import dev.bitste.bits.BitMatrix;
import dev.bitste.bits.PackedBits;
import dev.bitste.util.Checks;
import java.lang.foreign.MemorySegment;

/**
 * The public door to the first-layer kernels on 8-bit pixels ({@link PixelKernelSupport}): unsigned byte rows
 * against ±1 weight rows, as integer accumulators or thresholded into the next layer's bits. Checks every argument,
 * then calls the chosen implementation ({@link KernelChoice}).
 */
public final class PixelKernels extends CheckedKernels<PixelKernelSupport> {
    /**
     * The most pixels per row: {@code 2 * 255 * n} (the accumulator before subtracting the pixel sum) must fit an
     * {@code int}.
     */
    public static final int MAX_PIXELS = Integer.MAX_VALUE / (2 * 255);

    PixelKernels(KernelChoice choice, PixelKernelSupport impl) {
        super(choice, impl);
    }

    /** The kernels chosen at start-up from {@code -Dbitste.kernels} and {@code -Dbitste.vectorBits}. */
    public static PixelKernels get() {
        return KernelProvider.get().pixels();
    }

    /** The kernels of a given implementation. */
    public static PixelKernels of(KernelChoice choice) {
        return KernelProvider.of(choice).pixels();
    }

    /** {@code acc(i, j) = sum_c x(i, c) * sign(w_j, c)} of {@code rows} pixel rows (row-major), rows x k. */
    public int[] gemm(byte[] x, int rows, BitMatrix w) {
        check(x, rows, w);
        int[] out = new int[Checks.product("rows * w.rows()", rows, w.rows())];
        impl.gemm(x, 0, rows, w, out, 0);
        return out;
    }

    /** {@link #gemm(byte[], int, BitMatrix)} of rows [r0, r1) of x into {@code out[off..]}, (r1 - r0) x k. */
    public void gemm(byte[] x, int r0, int r1, BitMatrix w, int[] out, int off) {
        checkRows(x, r0, r1, w);
        Checks.notNull("out", out);
        Checks.range("out", out.length, off, Checks.product("(r1 - r0) * w.rows()", r1 - r0, w.rows()));
        impl.gemm(x, r0, r1, w, out, off);
    }

    /** A binary layer on pixels: bit (i, j) = {@code acc(i, j) >= t[j]}, a rows x k matrix (the next layer's input). */
    public BitMatrix gemmThreshold(byte[] x, int rows, BitMatrix w, int[] t) {
        check(x, rows, w);
        Checks.notNull("t", t);
        Checks.sameLength("t", w.rows(), t.length);
        MemorySegment out = PackedBits.allocate(rows, w.rows());
        impl.gemmThreshold(x, 0, rows, w, 0, w.rows(), t, out, 0, stride(w));
        return BitMatrix.adopt(out, rows, w.rows());
    }

    /**
     * {@link #gemmThreshold(byte[], int, BitMatrix, int[])} of rows [r0, r1) of x into rows 0 .. r1 - r0 of the
     * packed k-column matrix storage {@code out} (as {@link PackedBits#allocate} lays it out).
     */
    public void gemmThreshold(byte[] x, int r0, int r1, BitMatrix w, int[] t, MemorySegment out) {
        checkRows(x, r0, r1, w);
        Checks.notNull("t", t);
        Checks.sameLength("t", w.rows(), t.length);
        Checks.notNull("out", out);
        long need = (r1 - r0) * stride(w);
        if (out.byteSize() < need) {
            throw new IllegalArgumentException("out has " + out.byteSize() + " bytes, " + (r1 - r0) + " rows of "
                    + w.rows() + " bits need " + need);
        }
        impl.gemmThreshold(x, r0, r1, w, 0, w.rows(), t, out, 0, stride(w));
    }

    private static long stride(BitMatrix w) {
        return (long) PackedBits.strideWords(w.rows()) * Long.BYTES;
    }

    private static void check(byte[] x, int rows, BitMatrix w) {
        Checks.positive("rows", rows);
        checkRows(x, 0, rows, w);
        Checks.sameLength("x", Checks.product("rows * w.cols()", rows, w.cols()), x.length);
    }

    private static void checkRows(byte[] x, int r0, int r1, BitMatrix w) {
        Checks.notNull("x", x);
        Checks.notNull("w", w);
        if (w.cols() > MAX_PIXELS) {
            throw new IllegalArgumentException("w has " + w.cols() + " columns (pixels per row), above the limit "
                    + MAX_PIXELS + " (2 * 255 * n must fit an int)");
        }
        if (r0 < 0 || r1 <= r0) {
            throw new IllegalArgumentException("rows [" + r0 + ", " + r1 + ") is empty or negative");
        }
        if ((long) r1 * w.cols() > x.length) {
            throw new IllegalArgumentException("x has " + x.length + " bytes, rows up to " + r1 + " of "
                    + w.cols() + " pixels need " + (long) r1 * w.cols());
        }
    }
}
