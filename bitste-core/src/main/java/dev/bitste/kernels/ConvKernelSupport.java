package dev.bitste.kernels;

import dev.bitste.bits.BitTensor;
import dev.bitste.bits.ConvFilters;

/**
 * The convolution kernels (docs/algorithms.md section 4) on channel-packed NHWC tensors ({@link BitTensor}): binary
 * convolution by XNOR-popcount, alone or with its batch norm folded into integer thresholds and the output packed for
 * the next layer; the bit-serial convolution of b-bit codes; the first layer on 8-bit pixels; binary max pooling
 * (a bitwise OR) and the per-channel sums of a global average pool. Implemented as the scalar reference
 * ({@link ScalarConvKernels}) and on the Vector API ({@code VectorConvKernels}, which runs the binary convolutions
 * through the bit family's register-blocked GEMM as an implicit im2col). Implementations check nothing:
 * {@link ConvKernels} validates first.
 *
 * <p>The geometry is a {@link ConvShape} over one input image (its height, width and channels those of the input).
 * Every method computes the output rows {@code [from, to)}, output row {@code q} being row {@code q % outHeight} of
 * image {@code q / outHeight}, so a caller can split the rows among threads. Integer outputs are NHWC:
 * {@code out[(q * outWidth + ox) * filters + k]}; packed outputs are the words of a {@link BitTensor} of
 * {@code filters} channels.
 */
public interface ConvKernelSupport {

    /** Which implementation this is, e.g. {@code scalar} or {@code vector-512}. */
    String name();

    /**
     * The ±1 convolution: the dot product of each window of the ±1 tensor x with each filter, the padding (if s has
     * any) taking the value {@code pad}.
     */
    void binaryConv(BitTensor x, ConvFilters w, ConvShape s, PadValue pad, int from, int to, int[] out);

    /** {@link #binaryConv} with the threshold fused in: channel k of an output pixel is +1 iff its dot product >= t[k]. */
    void binaryConvThreshold(BitTensor x, ConvFilters w, ConvShape s, PadValue pad, int[] t, int from, int to,
            long[] out);

    /**
     * The convolution of b-bit codes (a tensor of b planes) with ±1 filters, bit-serially: {@code sum code * sign},
     * the padding being the code 0.
     */
    void codeConv(BitTensor x, ConvFilters w, ConvShape s, int from, int to, int[] out);

    /**
     * The first layer: 8-bit pixels (NHWC unsigned bytes, images of s's height x width x channels) convolved with ±1
     * filters, {@code sum pixel * sign}, the padding being the pixel 0.
     */
    void pixelConv(byte[] pixels, ConvFilters w, ConvShape s, int from, int to, int[] out);

    /** {@link #pixelConv} with the threshold fused in: channel k is +1 iff its sum >= t[k]. */
    void pixelConvThreshold(byte[] pixels, ConvFilters w, ConvShape s, int[] t, int from, int to, long[] out);

    /**
     * Binary max pooling of a ±1 tensor: an output channel is +1 iff any input in its window is (a bitwise OR); a
     * window position in the padding is skipped.
     */
    void maxPool(BitTensor x, ConvShape s, int from, int to, long[] out);

    /**
     * Per image n in {@code [from, to)} and channel c: {@code out[n * channels + c]} = the sum of the ±1 values of
     * channel c over all pixels (a global average pool times the pixel count).
     */
    void channelSums(BitTensor x, int from, int to, int[] out);
}
