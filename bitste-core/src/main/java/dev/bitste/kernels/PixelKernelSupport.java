package dev.bitste.kernels;

import dev.bitste.bits.BitMatrix;
import java.lang.foreign.MemorySegment;

/**
 * The first layer of a binarized network on 8-bit pixels: unsigned byte inputs against ±1 weights,
 * {@code acc(i, j) = sum_c x(i, c) * sign(w_j, c)}, exact in {@code int}. Implemented as the scalar reference
 * ({@link ScalarPixelKernels}) and as a table lookup on the Vector API ({@code VectorPixelKernels}); the
 * bit-plane form of the same product is {@link QuantKernels#gemm}. Implementations check nothing:
 * {@link PixelKernels} validates first. Results agree exactly.
 *
 * <p>Both methods work on a tile: rows (images) {@code [r0, r1)} of x and, for the thresholded form, units
 * {@code [j0, j1)} of w, so threads can split a batch by rows or a layer by units without sharing a word of
 * output ({@code j0} a multiple of 64, {@code j1} a multiple of 64 or k).
 */
public interface PixelKernelSupport {

    /** Which implementation this is, e.g. {@code scalar} or {@code vector-512}. */
    String name();

    /**
     * {@code out[off + (i - r0) * k + j] = sum_c (x[i * n + c] & 0xff) * sign(w_j, c)} for rows
     * {@code r0 <= i < r1} and every unit j (k = w.rows(), n = w.cols()).
     */
    void gemm(byte[] x, int r0, int r1, BitMatrix w, int[] out, int off);

    /**
     * A binary layer on pixels: bit j of output row {@code i - r0} (rows of {@code strideBytes} bytes from byte
     * {@code off} of {@code out}) is set when {@code acc(i, j) >= t[j]}, for {@code r0 <= i < r1} and
     * {@code j0 <= j < j1}; other bits are untouched.
     */
    void gemmThreshold(byte[] x, int r0, int r1, BitMatrix w, int j0, int j1, int[] t, MemorySegment out, long off,
            long strideBytes);
}
