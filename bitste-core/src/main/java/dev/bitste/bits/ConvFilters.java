package dev.bitste.bits;

import dev.bitste.util.Checks;

/**
 * The ±1 filters of a binary convolution: {@code count} filters of {@code kernel x kernel} taps by {@code channels}
 * channels, each tap's channels packed as in a {@link BitTensor} pixel ({@code channelWords} words, padding bits zero).
 *
 * <p>{@link #matrix()} holds one row per filter with the taps column by column (kx outer, ky inner): the order in
 * which the vector kernels lay out a window, each pixel of an input row followed by the pixels below it that the
 * kernel covers (see {@code VectorConvKernels}), so that a window is one contiguous run of words and the convolution
 * a GEMM. {@link #words()} and {@link #ofWords} use the usual order instead (OHWI: filter, ky, kx, channel words), as
 * the model file stores it.
 *
 * <p>Also kept: the sum of each tap's ±1 weights ({@link #tapSums()}), which the zero-padding correction of the
 * kernels subtracts for the taps that fall outside the input.
 */
public final class ConvFilters {
    /** Largest kernel side accepted. */
    public static final int MAX_KERNEL = 7;

    private final int count;
    private final int kernel;
    private final int channels;
    private final BitMatrix matrix;
    private final int[] tapSums;

    /** From filter rows in the usual order (OHWI words), which the matrix stores with the taps column by column. */
    private ConvFilters(int count, int kernel, int channels, long[] ohwiWords) {
        this.count = count;
        this.kernel = kernel;
        this.channels = channels;
        int taps = kernel * kernel;
        int cw = BitTensor.channelWords(channels);
        long[] stacked = new long[ohwiWords.length];
        tapSums = new int[taps * count];
        for (int k = 0; k < count; k++) {
            for (int t = 0; t < taps; t++) {
                int ones = 0;
                for (int w = 0; w < cw; w++) {
                    long word = ohwiWords[(k * taps + t) * cw + w];
                    stacked[(k * taps + t % kernel * kernel + t / kernel) * cw + w] = word;
                    ones += Long.bitCount(word);
                }
                tapSums[t * count + k] = 2 * ones - channels;
            }
        }
        matrix = BitMatrix.ofWords(stacked, count, taps * cw * 64);
    }

    /** Checks a kernel side: 1 .. {@link #MAX_KERNEL}. */
    public static int checkKernel(int kernel) {
        if (kernel < 1 || kernel > MAX_KERNEL) {
            throw new IllegalArgumentException("kernel must be in 1.." + MAX_KERNEL + ", got " + kernel);
        }
        return kernel;
    }

    /** Bits of a filter row: {@code kernel^2} taps of {@code channelWords(channels)} whole words. */
    public static int rowBits(int kernel, int channels) {
        return Math.multiplyExact(checkKernel(kernel) * checkKernel(kernel), BitTensor.channelWords(channels) * 64);
    }

    /**
     * Packs ±1 weights given filter by filter, then row-major over the taps, channels last ({@code [k][ky][kx][c]},
     * as TensorFlow's OHWI); any other value than ±1 is rejected with its index.
     */
    public static ConvFilters ofSigns(int[] ohwi, int count, int kernel, int channels) {
        Checks.notNull("ohwi", ohwi);
        Checks.positive("count", count);
        int bits = rowBits(kernel, channels);
        int taps = kernel * kernel;
        Checks.sameLength("ohwi", Math.multiplyExact(count, taps * channels), ohwi.length);
        int cw = BitTensor.channelWords(channels);
        long[] words = new long[count * bits / 64];
        for (int i = 0; i < ohwi.length; i++) {
            if (BitVector.isPlusOne("ohwi", ohwi, i)) {
                int c = i % channels;
                int tap = i / channels;  // k * taps + t
                words[tap * cw + (c >>> 6)] |= 1L << c;
            }
        }
        return new ConvFilters(count, kernel, channels, words);
    }

    /**
     * Wraps filter rows as the model file stores them: per filter, per tap, {@code channelWords} words; bits past the
     * last channel of each tap must be zero.
     */
    public static ConvFilters ofWords(long[] words, int count, int kernel, int channels) {
        Checks.notNull("words", words);
        Checks.positive("count", count);
        int bits = rowBits(kernel, channels);
        Checks.sameLength("words", Math.multiplyExact(count, bits / 64), words.length);
        int cw = BitTensor.channelWords(channels);
        long mask = PackedBits.lastWordMask(channels);
        for (int i = cw - 1; i < words.length; i += cw) {
            if ((words[i] & ~mask) != 0) {
                int tap = i / cw;
                throw new IllegalArgumentException("words: padding bits past channel " + channels + " are set in filter "
                        + tap / (kernel * kernel) + ", tap " + tap % (kernel * kernel) + " (padding must be zero)");
            }
        }
        return new ConvFilters(count, kernel, channels, words.clone());
    }

    /** These filters with the rows {@code k} where {@code negate[k]} multiplied by -1 (padding bits stay zero). */
    public ConvFilters negate(boolean[] negate) {
        Checks.notNull("negate", negate);
        Checks.sameLength("negate", count, negate.length);
        long[] words = words();
        int perRow = taps() * BitTensor.channelWords(channels);
        int cw = BitTensor.channelWords(channels);
        long mask = PackedBits.lastWordMask(channels);
        for (int k = 0; k < count; k++) {
            if (negate[k]) {
                for (int w = 0; w < perRow; w++) {
                    words[k * perRow + w] ^= w % cw == cw - 1 ? mask : -1L;
                }
            }
        }
        return ofWords(words, count, kernel, channels);
    }

    /** Number of filters (output channels). */
    public int count() {
        return count;
    }

    /** Side of the square kernel. */
    public int kernel() {
        return kernel;
    }

    /** Input channels. */
    public int channels() {
        return channels;
    }

    /** {@code kernel^2}. */
    public int taps() {
        return kernel * kernel;
    }

    /** Real weights per filter: {@code kernel^2 x channels}. */
    public int weightsPerFilter() {
        return taps() * channels;
    }

    /** The filters as packed rows, one per filter, the taps column by column (kx outer, ky inner), each on whole words. */
    public BitMatrix matrix() {
        return matrix;
    }

    /** Word {@code w} of the channels of filter {@code k} at tap (ky, kx). */
    public long tapWord(int k, int ky, int kx, int w) {
        int cw = BitTensor.channelWords(channels);
        return matrix.word(k, (kx * kernel + ky) * cw + w);
    }

    /** The filters' words in the usual order (OHWI: filter, ky, kx, channel words), as a copy: what the model file stores. */
    public long[] words() {
        int cw = BitTensor.channelWords(channels);
        long[] out = new long[count * taps() * cw];
        for (int k = 0; k < count; k++) {
            for (int ky = 0; ky < kernel; ky++) {
                for (int kx = 0; kx < kernel; kx++) {
                    for (int w = 0; w < cw; w++) {
                        out[((k * kernel + ky) * kernel + kx) * cw + w] = tapWord(k, ky, kx, w);
                    }
                }
            }
        }
        return out;
    }

    /**
     * {@code [t * count + k]}: the sum of filter k's ±1 weights at tap t (t = ky * kernel + kx), tap-major so that a
     * tap's sums over all filters are contiguous. Not a copy: read it, never change it.
     */
    public int[] tapSums() {
        return tapSums;
    }

    /** The weight of filter {@code k} at tap (ky, kx), channel {@code c}: ±1. */
    public int sign(int k, int ky, int kx, int c) {
        Checks.index("ky", ky, kernel);
        Checks.index("kx", kx, kernel);
        Checks.index("channel", c, channels);
        return matrix.sign(k, (kx * kernel + ky) * BitTensor.channelWords(channels) * 64 + c);
    }

    /** Every weight as ±1, in the order of {@link #ofSigns} ({@code [k][ky][kx][c]}). */
    public int[] values() {
        int[] out = new int[count * weightsPerFilter()];
        int i = 0;
        for (int k = 0; k < count; k++) {
            for (int ky = 0; ky < kernel; ky++) {
                for (int kx = 0; kx < kernel; kx++) {
                    for (int c = 0; c < channels; c++) {
                        out[i++] = sign(k, ky, kx, c);
                    }
                }
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConvFilters f && f.kernel == kernel && f.channels == channels && f.matrix.equals(matrix);
    }

    @Override
    public int hashCode() {
        return 31 * matrix.hashCode() + kernel;
    }

    @Override
    public String toString() {
        return "ConvFilters[" + count + " x " + kernel + "x" + kernel + "x" + channels + "]";
    }
}
