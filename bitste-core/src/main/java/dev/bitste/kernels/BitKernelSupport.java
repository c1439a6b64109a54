package dev.bitste.kernels;

import dev.bitste.bits.BitMatrix;
import dev.bitste.bits.BitVector;
import java.lang.foreign.MemorySegment;

/**
 * The packed-bit kernels, implemented once as the scalar reference ({@link ScalarBitKernels}) and once
 * with the Vector API ({@code VectorBitKernels}). Implementations check nothing: {@link BitKernels}
 * validates arguments before calling them. All integer results must agree exactly.
 */
public interface BitKernelSupport {

    /** Which implementation this is, e.g. {@code scalar} or {@code vector-512}. */
    String name();

    /** ±1 dot product of two vectors of equal length: {@code n - 2 popcount(a XOR b)}. */
    int dot(BitVector a, BitVector b);

    /** {@code out[r] = dot(w.row(r), x)} for every row of {@code w}. */
    void gemv(BitMatrix w, BitVector x, int[] out);

    /** {@code out[i * k + j] = dot(x.row(i), w.row(j))}, x is m x n, w is k x n. */
    void gemm(BitMatrix x, BitMatrix w, int[] out);

    /**
     * The binary layer: bit (i, j) of {@code out} (an m x k packed matrix's storage) is 1 iff
     * {@code dot(x.row(i), w.row(j)) >= t[j]}.
     */
    void gemmThreshold(BitMatrix x, BitMatrix w, int[] t, MemorySegment out);

    /** Packs {@code src[off..off+n)}: bit i = 1 iff {@code src[off+i] >= t}, into words at {@code dst[dstOffset..]}. */
    void threshold(int[] src, int off, int n, int t, MemorySegment dst, long dstOffset);

    /**
     * Packs {@code src[off..off+n)}: bit i = 1 iff {@code src[off+i] >= t} (so -0.0 >= 0); sign projection is
     * {@code t = 0}. Returns the index (relative to {@code off}) of the first NaN, or -1 when there is none;
     * the output is unspecified when a NaN is present.
     */
    int threshold(float[] src, int off, int n, float t, MemorySegment dst, long dstOffset);
}
