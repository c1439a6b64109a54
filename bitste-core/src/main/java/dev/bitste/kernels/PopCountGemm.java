package dev.bitste.kernels;

import dev.bitste.bits.BitMatrix;

/**
 * The XNOR-popcount GEMM over rows read in place from a word array at any stride, and its epilogues. A binary
 * convolution is this GEMM with one row per output pixel, the rows of neighbouring windows overlapping (an implicit
 * im2col, see {@code VectorConvKernels}). Implemented by the bit family ({@link ScalarBitKernels} plainly,
 * {@code VectorBitKernels} with its register-blocked tiles), so the convolution kernels reuse the GEMM rather than
 * repeat it. Package-private: its callers check the arguments.
 */
interface PopCountGemm {

    /**
     * {@code pops[popsOff + r * popsStride + j] = popcount(row_r XOR w_j)} for {@code r < rows}, {@code j < w.rows()},
     * row r being the {@code w.wordsPerRow()} words of {@code x} from {@code xOff + r * rowStride}. {@code popsStride}
     * is at least {@link GemmLayout#popsStride}{@code (w.rows())} and {@code pops} holds {@code rows} rounded up to 4
     * rows: the vector kernel writes whole tiles, so values past row {@code rows} or column {@code w.rows()} are
     * unspecified.
     */
    void gatherPopCounts(long[] x, int xOff, int rows, int rowStride, BitMatrix w, int[] pops, int popsOff,
            int popsStride);

    /** {@code out[o + j] = n - 2 * pops[p + j]} for {@code j < len}: ±1 dot products of n bits from their popcounts. */
    void dotsFromPopCounts(int[] pops, int p, int[] out, int o, int len, int n);

    /**
     * Packs bit j = {@code values[p + j] <= limit[l + j]} for {@code j < len} into {@code ceil(len / 64)} words at
     * {@code dst[dstOff..]} (bits past len zero): the thresholds of a binary layer on its popcounts.
     */
    void packAtMost(int[] values, int p, int[] limit, int l, int len, long[] dst, int dstOff);
}
