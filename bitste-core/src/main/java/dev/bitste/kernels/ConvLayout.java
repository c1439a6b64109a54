package dev.bitste.kernels;

import dev.bitste.bits.BitTensor;
import dev.bitste.bits.PackedBits;

/**
 * The input layout of the vector convolution kernels (no vector code here): for one output row, the input rows its
 * windows cover stacked per pixel. Pixel {@code px} of the stack holds the {@code kernel} pixels (y0 + ky, px) for
 * ky = 0 .. kernel-1 one after the other, so a window, {@code kernel} neighbouring stacked pixels, is one contiguous run
 * of {@code kernel^2 x channelWords} words in the order of the filter rows ({@link dev.bitste.bits.ConvFilters#matrix()},
 * taps column by column), and the windows of the row are runs at a fixed stride: the rows of a GEMM read in place.
 * This copies each input pixel {@code kernel} times (per output row) where a full im2col would copy it
 * {@code kernel^2} times, and it puts the padding in on the way.
 */
final class ConvLayout {
    private ConvLayout() {
    }

    /** The words of one padding pixel: +1 in every channel (zero past the last channel), or all zero (the code 0). */
    static long[] padPixel(int channels, boolean plusOne) {
        long[] pixel = new long[BitTensor.channelWords(channels)];
        if (plusOne) {
            java.util.Arrays.fill(pixel, -1L);
            pixel[pixel.length - 1] = PackedBits.lastWordMask(channels);
        }
        return pixel;
    }

    /** Words of the stack of one output row: {@code paddedWidth x kernel x channelWords}. */
    static int stackWords(BitTensor x, ConvShape s) {
        return paddedWidth(s) * s.kernel() * x.channelWords();
    }

    /** The columns the windows of an output row cover: the input's, padding included. */
    static int paddedWidth(ConvShape s) {
        return (s.outWidth() - 1) * s.stride() + s.kernel();
    }

    /**
     * Stacks input rows {@code y0 .. y0 + kernel - 1} (negative or past the bottom: padding) of plane {@code p} of image
     * {@code n}, with the padding columns of s, into {@code dst}; padding pixels are {@code pad}.
     */
    static void stack(BitTensor x, int n, int p, int y0, ConvShape s, long[] pad, long[] dst) {
        int k = s.kernel();
        int cw = x.channelWords();
        int left = s.padLeft();
        int wp = paddedWidth(s);
        long[] src = x.words();
        for (int ky = 0; ky < k; ky++) {
            int y = y0 + ky;
            boolean row = y >= 0 && y < x.height();
            int base = row ? x.offset(n, p, y, 0) : 0;
            for (int px = 0; px < wp; px++) {
                int ix = px - left;
                int at = (px * k + ky) * cw;
                if (row && ix >= 0 && ix < x.width()) {
                    copy(src, base + ix * cw, dst, at, cw);
                } else {
                    copy(pad, 0, dst, at, cw);
                }
            }
        }
    }

    /** A few words: a plain loop, cheaper than {@link System#arraycopy} for one or two. */
    private static void copy(long[] src, int from, long[] dst, int to, int len) {
        for (int i = 0; i < len; i++) {
            dst[to + i] = src[from + i];
        }
    }
}
