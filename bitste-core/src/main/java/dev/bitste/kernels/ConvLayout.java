package dev.bitste.kernels;

import dev.bitste.bits.BitTensor;
import dev.bitste.bits.PackedBits;
import java.util.Arrays;

/** Padded copies of input images for the vector convolution kernels (no vector code here). */
final class ConvLayout {
    private ConvLayout() {
    }

    /** True when geometry {@code g} pads an input of {@code height x width} at all. */
    static boolean pads(ConvGeometry g, int height, int width) {
        return g.padBefore(height) + g.padAfter(height) + g.padBefore(width) + g.padAfter(width) > 0;
    }

    /**
     * Image {@code n} of x with the padding of {@code g} around every plane: planes of
     * {@code (height + pads) x (width + pads)} pixels of {@code x.channelWords()} words, the padding pixels +1 in
     * every channel ({@code plusOne}) or all zero (the code 0).
     */
    static long[] pad(BitTensor x, int n, ConvGeometry g, boolean plusOne) {
        int cw = x.channelWords();
        int top = g.padBefore(x.height());
        int left = g.padBefore(x.width());
        int hp = x.height() + top + g.padAfter(x.height());
        int wp = x.width() + left + g.padAfter(x.width());
        long[] out = new long[x.planes() * hp * wp * cw];
        if (plusOne) {
            long last = PackedBits.lastWordMask(x.channels());
            Arrays.fill(out, -1L);
            for (int i = cw - 1; i < out.length; i += cw) {
                out[i] = last;
            }
        }
        long[] xs = x.words();
        int rowWords = x.width() * cw;
        for (int p = 0; p < x.planes(); p++) {
            for (int y = 0; y < x.height(); y++) {
                System.arraycopy(xs, x.offset(n, p, y, 0), out, ((p * hp + top + y) * wp + left) * cw, rowWords);
            }
        }
        return out;
    }
}
