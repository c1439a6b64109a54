package dev.bitste.kernels;

import dev.bitste.bits.BitTensor;
import dev.bitste.bits.ConvFilters;
import java.lang.invoke.MethodHandles;
import java.util.Arrays;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The convolution kernels on the Vector API, one copy per width (see {@link WidthSpecialization}).
 *
 * <p>The binary convolutions are the bit family's register-blocked XNOR-popcount GEMM ({@link PopCountGemm}, the
 * copy of the same width) over an implicit im2col: one GEMM row per output pixel, read in place from the input rows
 * of the output row stacked per pixel ({@link ConvLayout}: each input pixel copied {@code kernel} times, not
 * {@code kernel^2} times as a full im2col would), the padding put in by the stacking. Per output row of the image, the popcounts of its pixels
 * against every filter go to a small buffer, from which the epilogue makes the dot products or, with the batch norm
 * folded into thresholds, the packed output bits, with the zero-padding correction of border windows folded into
 * per-case limits ({@link ConvBorder}). b-bit codes run the same GEMM once per bit-plane and combine the planes.
 * The first layer on 8-bit pixels is a direct integer convolution (few channels, so packing them would waste words).
 */
final class VectorConvKernels implements ConvKernelSupport {
    private static final int BITS = WidthSpecialization.bits(MethodHandles.lookup());
    private static final VectorShape SHAPE = VectorShape.forBitSize(BITS);
    private static final VectorSpecies<Long> LONGS = VectorSpecies.of(long.class, SHAPE);
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, SHAPE);
    /** Rows of a 1 x 1, stride-1 convolution (a plain GEMM over the pixels) per GEMM call. */
    private static final int PIXELS_PER_CALL = 32;

    private final PopCountGemm gemm;

    VectorConvKernels(PopCountGemm gemm) {
        this.gemm = gemm;
    }

    @Override
    public String name() {
        return "vector-" + BITS;
    }

    @Override
    public void binaryConv(BitTensor x, ConvFilters w, ConvShape s, PadValue pad, int from, int to, int[] out) {
        convolve(x, w, s, pad, null, from, to, out, null);
    }

    @Override
    public void binaryConvThreshold(BitTensor x, ConvFilters w, ConvShape s, PadValue pad, int[] t, int from, int to,
            long[] out) {
        convolve(x, w, s, pad, t, from, to, null, out);
    }

    /**
     * The binary convolution of output rows [from, to): dot products into {@code ints}, or, given thresholds t, packed
     * bits into {@code bits}. Per output row, the popcounts of its windows against every filter come from the GEMM on
     * the stacked input rows ({@link ConvLayout}); a 1 x 1 kernel reads the input itself, several rows at once at
     * stride 1.
     */
    private void convolve(BitTensor x, ConvFilters w, ConvShape shape, PadValue pad, int[] t, int from, int to,
            int[] ints, long[] bits) {
        int cw = x.channelWords();
        int k = shape.kernel();
        int s = shape.stride();
        int oh = shape.outHeight();
        int ow = shape.outWidth();
        int filters = w.count();
        int n = w.weightsPerFilter();
        ConvBorder border = ConvBorder.of(w, shape, pad);
        int[] limits = t == null ? null : border.limits(n, t);
        int ps = GemmLayout.popsStride(filters);
        int outWords = BitTensor.channelWords(filters);
        int rowsPerCall = k == 1 && s == 1 ? Math.max(1, PIXELS_PER_CALL / ow) : 1;
        int[] pops = new int[GemmLayout.roundUp(rowsPerCall * ow, 4) * ps];
        long[] stack = k == 1 ? null : new long[ConvLayout.stackWords(x, shape)];
        long[] padPixel = ConvLayout.padPixel(x.channels(), true);
        for (int q = from; q < to; q += rowsPerCall) {
            int rows = Math.min(rowsPerCall, to - q);
            if (k == 1) { // no padding: the pixels in place (output row q reads input row q * s)
                int start = s == 1 ? q * ow * cw : x.offset(q / oh, 0, q % oh * s, 0);
                gemm.gatherPopCounts(x.words(), start, rows * ow, s * cw, w.matrix(), pops, 0, ps);
            } else {
                ConvLayout.stack(x, q / oh, 0, q % oh * s - shape.padTop(), shape, padPixel, stack);
                gemm.gatherPopCounts(stack, 0, ow, s * k * cw, w.matrix(), pops, 0, ps);
            }
            for (int i = 0; i < rows * ow; i++) {
                int pixel = q * ow + i;
                int c = border.caseOf((q + i / ow) % oh, i % ow);
                if (ints != null) {
                    gemm.dotsFromPopCounts(pops, i * ps, ints, pixel * filters, filters, n);
                    border.correct(c, ints, pixel * filters);
                } else {
                    gemm.packAtMost(pops, i * ps, limits, c * filters, filters, bits, pixel * outWords);
                }
            }
        }
    }

    /**
     * Per bit-plane p, the popcounts of the plane's windows against the filters (the GEMM of {@link #convolve}, the
     * padding all zero); then {@code sum code * sign = sum_p 2^p (ones - pop_p)} with {@code ones} the filter's +1
     * count (a tap in the padding adds {@code ones_tap - ones_tap = 0} in every plane).
     */
    @Override
    public void codeConv(BitTensor x, ConvFilters w, ConvShape s, int from, int to, int[] out) {
        int cw = x.channelWords();
        int k = s.kernel();
        int oh = s.outHeight();
        int ow = s.outWidth();
        int filters = w.count();
        int planes = x.planes();
        int[] ones = plusOnes(w);
        int ps = GemmLayout.popsStride(filters);
        int planeSize = GemmLayout.roundUp(ow, 4) * ps;
        int[] pops = new int[planes * planeSize];
        long[] stack = new long[ConvLayout.stackWords(x, s)];
        long[] pad = ConvLayout.padPixel(x.channels(), false);
        for (int q = from; q < to; q++) {
            for (int p = 0; p < planes; p++) {
                ConvLayout.stack(x, q / oh, p, q % oh * s.stride() - s.padTop(), s, pad, stack);
                gemm.gatherPopCounts(stack, 0, ow, s.stride() * k * cw, w.matrix(), pops, p * planeSize, ps);
            }
            for (int ox = 0; ox < ow; ox++) {
                bitSerialSums(pops, ox * ps, planeSize, planes, ones, out, (q * ow + ox) * filters, filters);
            }
        }
    }

    /** The number of +1 weights of each filter. */
    private static int[] plusOnes(ConvFilters w) {
        int[] ones = new int[w.count()];
        for (int j = 0; j < ones.length; j++) {
            for (int word = 0; word < w.matrix().wordsPerRow(); word++) {
                ones[j] += Long.bitCount(w.matrix().word(j, word));
            }
        }
        return ones;
    }

    @Override
    public void pixelConv(byte[] pixels, ConvFilters w, ConvShape s, int from, int to, int[] out) {
        pixels(pixels, w, s, null, from, to, out, null);
    }

    @Override
    public void pixelConvThreshold(byte[] pixels, ConvFilters w, ConvShape s, int[] t, int from, int to, long[] out) {
        pixels(pixels, w, s, t, from, to, null, out);
    }

    /**
     * The direct convolution of 8-bit pixels: per output pixel, the window's pixel values (0 in the padding) times the
     * ±1 weights, all filters at once in vectors. Thresholds are applied as {@code -sum <= -t} on the sums of the
     * negated weights, through the bit family's packing of {@code value <= limit} bits.
     */
    private void pixels(byte[] pixels, ConvFilters w, ConvShape s, int[] t, int from, int to, int[] ints, long[] bits) {
        int c = w.channels();
        int oh = s.outHeight();
        int ow = s.outWidth();
        int filters = w.count();
        int kPad = GemmLayout.roundUp(filters, INTS.length());
        int[] weights = weightTable(w, kPad, t != null);
        int[] limits = null;
        if (t != null) {
            limits = new int[filters];
            for (int j = 0; j < filters; j++) {
                limits[j] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, -(long) t[j]));
            }
        }
        int[] window = new int[w.weightsPerFilter()];
        int[] sums = new int[kPad];
        int outWords = BitTensor.channelWords(filters);
        for (int q = from; q < to; q++) {
            int image = q / oh;
            int y0 = q % oh * s.stride() - s.padTop();
            for (int ox = 0; ox < ow; ox++) {
                window(pixels, image, s, y0, ox * s.stride() - s.padLeft(), window);
                weightedSums(window, weights, kPad, sums);
                int pixel = q * ow + ox;
                if (ints != null) {
                    System.arraycopy(sums, 0, ints, pixel * filters, filters);
                } else {
                    gemm.packAtMost(sums, 0, limits, 0, filters, bits, pixel * outWords);
                }
            }
        }
    }

    /** {@code [i * kPad + j]}: weight i (tap-major, channels last) of filter j as ±1 (negated if asked), 0 past the filters. */
    private static int[] weightTable(ConvFilters w, int kPad, boolean negate) {
        int[] signs = w.values();
        int n = w.weightsPerFilter();
        int[] table = new int[n * kPad];
        for (int j = 0; j < w.count(); j++) {
            for (int i = 0; i < n; i++) {
                table[i * kPad + j] = negate ? -signs[j * n + i] : signs[j * n + i];
            }
        }
        return table;
    }

    /** The pixel values of one window (tap-major, channels last), 0 where it leaves the image. */
    private static void window(byte[] pixels, int image, ConvShape s, int y0, int x0, int[] window) {
        int height = s.height();
        int width = s.width();
        int c = s.channels();
        int k = s.kernel();
        int i = 0;
        for (int ky = 0; ky < k; ky++) {
            int y = y0 + ky;
            for (int kx = 0; kx < k; kx++) {
                int x = x0 + kx;
                boolean inside = y >= 0 && y < height && x >= 0 && x < width;
                int at = ((image * height + y) * width + x) * c;
                for (int ch = 0; ch < c; ch++) {
                    window[i++] = inside ? Byte.toUnsignedInt(pixels[at + ch]) : 0;
                }
            }
        }
    }

    // ---- kernels: small, so C2 compiles each one whole ----

    /** {@code sums[j] = sum_i window[i] * table[i * kPad + j]} for j < kPad (a multiple of the lane count). */
    static void weightedSums(int[] window, int[] table, int kPad, int[] sums) {
        for (int j = 0; j < kPad; j += INTS.length()) {
            IntVector acc = IntVector.zero(INTS);
            for (int i = 0; i < window.length; i++) {
                acc = acc.add(IntVector.fromArray(INTS, table, i * kPad + j).mul(window[i]));
            }
            acc.intoArray(sums, j);
        }
    }

    /**
     * {@code out[o + j] = (2^planes - 1) ones[j] - sum_p 2^p pops[p * planeSize + at + j]} for j < len: Horner's rule
     * over the planes, most significant first.
     */
    static void bitSerialSums(int[] pops, int at, int planeSize, int planes, int[] ones, int[] out, int o, int len) {
        int q = (1 << planes) - 1;
        int j = 0;
        for (; j <= len - INTS.length(); j += INTS.length()) {
            IntVector acc = IntVector.zero(INTS);
            for (int p = planes - 1; p >= 0; p--) {
                acc = acc.add(acc).add(IntVector.fromArray(INTS, pops, p * planeSize + at + j));
            }
            IntVector.fromArray(INTS, ones, j).mul(q).sub(acc).intoArray(out, o + j);
        }
        for (; j < len; j++) {
            int acc = 0;
            for (int p = planes - 1; p >= 0; p--) {
                acc = 2 * acc + pops[p * planeSize + at + j];
            }
            out[o + j] = q * ones[j] - acc;
        }
    }

    /**
     * The OR of each pooling window: per output row, the window's input rows (those inside the image) are OR-ed
     * together a vector of words at a time, then each output pixel ORs the pixels of that row its window covers.
     */
    @Override
    public void maxPool(BitTensor x, ConvShape s, int from, int to, long[] out) {
        int cw = x.channelWords();
        int oh = s.outHeight();
        int ow = s.outWidth();
        int rowWords = x.width() * cw;
        long[] row = new long[rowWords];
        for (int q = from; q < to; q++) {
            Arrays.fill(row, 0L);
            for (int ky = 0; ky < s.kernel(); ky++) {
                int y = q % oh * s.stride() + ky - s.padTop();
                if (y >= 0 && y < x.height()) {
                    orInto(row, x.words(), x.offset(q / oh, 0, y, 0), rowWords);
                }
            }
            for (int ox = 0; ox < ow; ox++) {
                int x0 = ox * s.stride() - s.padLeft();
                for (int c = 0; c < cw; c++) {
                    long word = 0;
                    for (int ix = Math.max(0, x0); ix < Math.min(x.width(), x0 + s.kernel()); ix++) {
                        word |= row[ix * cw + c];
                    }
                    out[(q * ow + ox) * cw + c] = word;
                }
            }
        }
    }

    /** {@code row[i] |= src[off + i]} for i < len. */
    static void orInto(long[] row, long[] src, int off, int len) {
        int i = 0;
        for (; i <= len - LONGS.length(); i += LONGS.length()) {
            LongVector.fromArray(LONGS, row, i).or(LongVector.fromArray(LONGS, src, off + i)).intoArray(row, i);
        }
        for (; i < len; i++) {
            row[i] |= src[off + i];
        }
    }

    /** Per channel, {@code 2 * (+1 count) - pixels}; the +1s of each word counted lane-wise through its bits as masks. */
    @Override
    public void channelSums(BitTensor x, int from, int to, int[] out) {
        int channels = x.channels();
        int cw = x.channelWords();
        int pixels = x.height() * x.width();
        int[] counts = new int[cw * 64];
        for (int n = from; n < to; n++) {
            Arrays.fill(counts, 0);
            int base = x.offset(n, 0, 0, 0);
            for (int i = 0; i < pixels; i++) {
                for (int c = 0; c < cw; c++) {
                    countBits(x.words()[base + i * cw + c], counts, c * 64);
                }
            }
            for (int c = 0; c < channels; c++) {
                out[n * channels + c] = 2 * counts[c] - pixels;
            }
        }
    }

    /** {@code counts[at + b] += bit b of word} for b < 64. */
    static void countBits(long word, int[] counts, int at) {
        for (int b = 0; b < 64; b += INTS.length()) {
            VectorMask<Integer> set = VectorMask.fromLong(INTS, word >>> b);
            IntVector.fromArray(INTS, counts, at + b).add(1, set).intoArray(counts, at + b);
        }
    }
}
