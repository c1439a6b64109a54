package dev.bitste.bits;

import dev.bitste.util.Checks;
import java.util.Arrays;

/**
 * A batch of images ({@code count x height x width x channels}, NHWC) whose channels are packed into 64-bit words,
 * as Larq Compute Engine lays out binary activations: the channels of one pixel are {@link #channelWords()} words,
 * channel {@code c} being bit {@code c % 64} of word {@code c / 64} (least significant bit first), and the bits past
 * the last channel are zero. A convolution then reads a pixel's channels as whole words.
 *
 * <p>{@code planes} is 1 for ±1 values (bit 1 = +1) and {@code b} for b-bit codes (0 .. 2^b - 1) stored as
 * bit-planes: within each image plane {@code p} is a whole {@code height x width} tensor holding bit {@code p} of every
 * code, so each plane of an image is read as a ±1 / {0,1} tensor of its own (word index
 * {@code (((image * planes + p) * height + y) * width + x) * channelWords + w}).
 *
 * <p>The words are a plain array: {@link #words()} hands it out without a copy for the kernels, which must not change
 * it. {@link #adopt} checks the padding bits are zero.
 */
public final class BitTensor {
    private final int count;
    private final int height;
    private final int width;
    private final int channels;
    private final int planes;
    private final int channelWords;
    private final long[] words;

    private BitTensor(int count, int height, int width, int channels, int planes, long[] words) {
        this.count = count;
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.planes = planes;
        this.channelWords = channelWords(channels);
        this.words = words;
    }

    /** Words holding {@code channels} channels of one pixel (of one plane): {@code ceil(channels / 64)}. */
    public static int channelWords(int channels) {
        return (Checks.positive("channels", channels) + 63) >>> 6;
    }

    /** Words of a tensor of this shape, checked not to overflow an array. */
    public static int size(int count, int height, int width, int channels, int planes) {
        Checks.positive("count", count);
        Checks.positive("height", height);
        Checks.positive("width", width);
        BitPlanes.checkBits(planes);
        long words = (long) count * planes * height * width * channelWords(channels);
        if (words > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a tensor of " + count + " x " + height + " x " + width + " x " + channels
                    + " x " + planes + " planes needs " + words + " words, more than an array holds");
        }
        return (int) words;
    }

    /**
     * Takes ownership of {@code words} ({@link #size} of them, laid out as described above) after checking the
     * length and that every bit past the last channel is zero.
     */
    public static BitTensor adopt(long[] words, int count, int height, int width, int channels, int planes) {
        Checks.notNull("words", words);
        Checks.sameLength("words", size(count, height, width, channels, planes), words.length);
        int cw = channelWords(channels);
        long mask = PackedBits.lastWordMask(channels);
        for (int i = cw - 1; i < words.length; i += cw) {
            if ((words[i] & ~mask) != 0) {
                throw new IllegalArgumentException("words: padding bits past channel " + channels + " are set in pixel "
                        + i / cw + " (padding must be zero)");
            }
        }
        return new BitTensor(count, height, width, channels, planes, words);
    }

    /** Packs NHWC ±1 ints; any other value is rejected with its index. */
    public static BitTensor ofSigns(int[] nhwc, int count, int height, int width, int channels) {
        Checks.notNull("nhwc", nhwc);
        long[] words = new long[size(count, height, width, channels, 1)];
        Checks.sameLength("nhwc", count * height * width * channels, nhwc.length);
        for (int i = 0; i < nhwc.length; i++) {
            if (BitVector.isPlusOne("nhwc", nhwc, i)) {
                int pixel = i / channels;
                int c = i % channels;
                words[pixel * channelWords(channels) + (c >>> 6)] |= 1L << c;
            }
        }
        return new BitTensor(count, height, width, channels, 1, words);
    }

    /** Packs NHWC codes of {@code bits} bits into bit-planes; a code outside 0 .. 2^bits - 1 is rejected with its index. */
    public static BitTensor ofCodes(int[] nhwc, int count, int height, int width, int channels, int bits) {
        Checks.notNull("nhwc", nhwc);
        int max = BitPlanes.maxCode(bits);
        long[] words = new long[size(count, height, width, channels, bits)];
        Checks.sameLength("nhwc", count * height * width * channels, nhwc.length);
        int cw = channelWords(channels);
        int pixels = height * width;
        for (int i = 0; i < nhwc.length; i++) {
            int code = nhwc[i];
            if (code < 0 || code > max) {
                throw new IllegalArgumentException("nhwc[" + i + "] is " + code + " (must be in 0.." + max + " for "
                        + bits + " bits)");
            }
            int pixel = i / channels;
            int c = i % channels;
            int image = pixel / pixels;
            for (int p = 0; p < bits; p++) {
                if ((code >>> p & 1) != 0) {
                    words[((image * bits + p) * pixels + pixel % pixels) * cw + (c >>> 6)] |= 1L << c;
                }
            }
        }
        return new BitTensor(count, height, width, channels, bits, words);
    }

    /** Images in the batch. */
    public int count() {
        return count;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int channels() {
        return channels;
    }

    /** 1 for ±1 values, b for b-bit codes. */
    public int planes() {
        return planes;
    }

    /** Words per pixel of one plane: {@code ceil(channels / 64)}. */
    public int channelWords() {
        return channelWords;
    }

    /** Words per image (all its planes). */
    public int imageWords() {
        return planes * height * width * channelWords;
    }

    /** Index in {@link #words()} of the first word of pixel (y, x) of plane {@code p} of image {@code n}. */
    public int offset(int n, int p, int y, int x) {
        return (((n * planes + p) * height + y) * width + x) * channelWords;
    }

    /** The words themselves, not a copy: read them, never change them. */
    public long[] words() {
        return words;
    }

    private boolean bit(int n, int p, int y, int x, int c) {
        Checks.index("image", n, count);
        Checks.index("y", y, height);
        Checks.index("x", x, width);
        Checks.index("channel", c, channels);
        return (words[offset(n, p, y, x) + (c >>> 6)] >>> c & 1L) != 0;
    }

    /** The ±1 value at (n, y, x, c) of a one-plane tensor. */
    public int sign(int n, int y, int x, int c) {
        if (planes != 1) {
            throw new IllegalStateException("a tensor of " + planes + "-bit codes has no signs");
        }
        return bit(n, 0, y, x, c) ? 1 : -1;
    }

    /** The code at (n, y, x, c). */
    public int code(int n, int y, int x, int c) {
        int code = 0;
        for (int p = 0; p < planes; p++) {
            code |= (bit(n, p, y, x, c) ? 1 : 0) << p;
        }
        return code;
    }

    /** Every value in NHWC order: ±1 for one plane, the codes otherwise. */
    public int[] values() {
        int[] out = new int[count * height * width * channels];
        int i = 0;
        for (int n = 0; n < count; n++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    for (int c = 0; c < channels; c++) {
                        out[i++] = planes == 1 ? sign(n, y, x, c) : code(n, y, x, c);
                    }
                }
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BitTensor t && t.count == count && t.height == height && t.width == width
                && t.channels == channels && t.planes == planes && Arrays.equals(t.words, words);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(words) + channels;
    }

    @Override
    public String toString() {
        return "BitTensor[" + count + "x" + height + "x" + width + "x" + channels
                + (planes == 1 ? ", ±1]" : ", " + planes + "-bit codes]");
    }
}
