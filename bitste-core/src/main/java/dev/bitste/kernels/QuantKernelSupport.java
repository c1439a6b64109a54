package dev.bitste.kernels;

import dev.bitste.bits.BitPlanes;
import dev.bitste.bits.PackedBits;
import java.lang.foreign.MemorySegment;

/**
 * The multi-bit activation kernels (docs/algorithms.md section 3): the b-bit quantized ReLU, packing codes
 * into bit-planes, the bit-serial product of b-bit activations with ±1 weights, and the STE surrogate
 * derivatives. Implemented as the scalar reference ({@link ScalarQuantKernels}) and on the Vector API
 * ({@code VectorQuantKernels}). Implementations check nothing: {@link QuantKernels} validates first.
 * Integer results must agree exactly; surrogate derivatives within a few ulps (the vector {@code exp}).
 */
public interface QuantKernelSupport {

    /** Which implementation this is, e.g. {@code scalar} or {@code vector-512}. */
    String name();

    /**
     * The b-bit quantized ReLU into bit-planes: code i = {@code sigma_b(src[off + i])} for {@code i < n}, plane p's
     * words written from byte {@code dstOffset + p * planeStrideBytes} of {@code dst} (which is zero past
     * n). Returns the index (relative to {@code off}) of the first NaN, or -1; the planes are unspecified
     * when a NaN is present.
     */
    int quantize(float[] src, int off, int n, int bits, MemorySegment dst, long dstOffset, long planeStrideBytes);

    /**
     * Packs the unsigned codes {@code codes[off..off+n)} into {@code bits} planes: plane p's words start at
     * byte {@code dstOffset + p * planeStrideBytes} of {@code dst} (which is zero past n). Returns the index
     * (relative to {@code off}) of the first code above {@code 2^bits - 1}, or -1; the planes are
     * unspecified when there is one.
     */
    int packCodes(byte[] codes, int off, int n, int bits, MemorySegment dst, long dstOffset, long planeStrideBytes);

    /**
     * Bit-serial product: {@code out[i * k + j] = sum_c code(i, c) * sign(w_j, c)}, x is m x n b-bit codes,
     * w is k x n ±1, computed as {@code sum_p 2^p (2 popcount(plane_p AND w_j) - popcount(plane_p))}.
     * Exact for {@code n <= QuantKernels.maxCols(b)} (every result then fits an int, and partial sums that wrap
     * come back, int arithmetic being modular); the entry point rejects larger n.
     */
    void gemm(BitPlanes x, PackedBits w, int[] out);

    /**
     * {@code dst[dstOff + i] = g'(src[off + i])} for the surrogate at {@code bits} bits. Returns the index
     * (relative to {@code off}) of the first NaN, or -1.
     */
    int surrogateDerivative(Surrogate g, int bits, float[] src, int off, int n, float[] dst, int dstOff);
}
