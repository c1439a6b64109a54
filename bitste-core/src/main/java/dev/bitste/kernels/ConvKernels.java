package dev.bitste.kernels;

import dev.bitste.bits.BitPlanes;
import dev.bitste.bits.BitTensor;
import dev.bitste.bits.ConvFilters;
import dev.bitste.util.Checks;
import dev.bitste.util.Shards;

/**
 * The public door to the convolution kernels ({@link ConvKernelSupport}, docs/algorithms.md section 4): checks every
 * argument with a message naming the bad value (a shape that is not the input's, a kernel larger than the input,
 * channel counts that differ, a padding a kernel has no meaning for), then runs the chosen implementation over the
 * output rows, split among {@link Shards}: each shard computes whole output rows into its part of the output, so the
 * result is the same whatever the number of threads.
 */
public final class ConvKernels extends CheckedKernels<ConvKernelSupport> {
    private static final Shards SEQUENTIAL = Shards.sequential(1);

    ConvKernels(KernelChoice choice, ConvKernelSupport impl) {
        super(choice, impl);
    }

    /** The kernels chosen at start-up from {@code -Dbitste.kernels} and {@code -Dbitste.vectorBits}. */
    public static ConvKernels get() {
        return KernelProvider.get().conv();
    }

    /** The kernels of a given implementation. */
    public static ConvKernels of(KernelChoice choice) {
        return KernelProvider.of(choice).conv();
    }

    /** The ±1 convolution of x by w: dot products, NHWC {@code int[count * outHeight * outWidth * filters]}. */
    public int[] binaryConv(BitTensor x, ConvFilters w, ConvShape s, PadValue pad) {
        return binaryConv(x, w, s, pad, SEQUENTIAL);
    }

    /** {@link #binaryConv(BitTensor, ConvFilters, ConvShape, PadValue)} over {@code shards}. */
    public int[] binaryConv(BitTensor x, ConvFilters w, ConvShape s, PadValue pad, Shards shards) {
        checkSigns(x);
        Checks.notNull("pad", pad);
        int[] out = new int[outputs(x, w, s)];
        rows(shards, x, s, (from, to) -> impl.binaryConv(x, w, s, pad, from, to, out));
        return out;
    }

    /**
     * A binary convolution layer: channel k of an output pixel is +1 iff the dot product of its window with filter k is
     * at least {@code t[k]} (a batch norm and sign folded into integer thresholds), packed for the next layer.
     */
    public BitTensor binaryConvThreshold(BitTensor x, ConvFilters w, ConvShape s, PadValue pad, int[] t,
            Shards shards) {
        checkSigns(x);
        Checks.notNull("pad", pad);
        outputs(x, w, s);
        checkThresholds(t, w);
        long[] out = new long[BitTensor.size(x.count(), s.outHeight(), s.outWidth(), w.count(), 1)];
        rows(shards, x, s, (from, to) -> impl.binaryConvThreshold(x, w, s, pad, t, from, to, out));
        return BitTensor.adopt(out, x.count(), s.outHeight(), s.outWidth(), w.count(), 1);
    }

    /** The convolution of b-bit codes by ±1 filters ({@code sum code * sign}, zero padding), NHWC ints. */
    public int[] codeConv(BitTensor x, ConvFilters w, ConvShape s, Shards shards) {
        Checks.notNull("x", x);
        checkSums(BitPlanes.maxCode(x.planes()), Checks.notNull("w", w));
        int[] out = new int[outputs(x, w, s)];
        rows(shards, x, s, (from, to) -> impl.codeConv(x, w, s, from, to, out));
        return out;
    }

    /**
     * The first layer on 8-bit pixels ({@code count} images of {@code s.height() x s.width() x s.channels()} unsigned
     * bytes, NHWC): {@code sum pixel * sign} per output and filter, zero padding, NHWC ints.
     */
    public int[] pixelConv(byte[] pixels, int count, ConvFilters w, ConvShape s, Shards shards) {
        checkPixels(pixels, count, w, s);
        int[] out = new int[size(count, s, w.count())];
        Checks.notNull("shards", shards).forEach(count * s.outHeight(),
                (shard, from, to) -> impl.pixelConv(pixels, w, s, from, to, out));
        return out;
    }

    /** {@link #pixelConv} with thresholds: channel k is +1 iff its sum is at least {@code t[k]}, packed. */
    public BitTensor pixelConvThreshold(byte[] pixels, int count, ConvFilters w, ConvShape s, int[] t, Shards shards) {
        checkPixels(pixels, count, w, s);
        checkThresholds(t, w);
        long[] out = new long[BitTensor.size(count, s.outHeight(), s.outWidth(), w.count(), 1)];
        Checks.notNull("shards", shards).forEach(count * s.outHeight(),
                (shard, from, to) -> impl.pixelConvThreshold(pixels, w, s, t, from, to, out));
        return BitTensor.adopt(out, count, s.outHeight(), s.outWidth(), w.count(), 1);
    }

    /** Binary max pooling: an output is +1 iff any value of the input inside its window is. */
    public BitTensor maxPool(BitTensor x, ConvShape s) {
        checkSigns(x);
        checkShape(x, s);
        long[] out = new long[BitTensor.size(x.count(), s.outHeight(), s.outWidth(), x.channels(), 1)];
        impl.maxPool(x, s, 0, x.count() * s.outHeight(), out);
        return BitTensor.adopt(out, x.count(), s.outHeight(), s.outWidth(), x.channels(), 1);
    }

    /** Per image and channel, the sum of the ±1 values over the pixels ({@code int[count * channels]}). */
    public int[] channelSums(BitTensor x) {
        checkSigns(x);
        int[] out = new int[Math.multiplyExact(x.count(), x.channels())];
        impl.channelSums(x, 0, x.count(), out);
        return out;
    }

    /** Output rows {@code [from, to)} of one shard. */
    @FunctionalInterface
    private interface Rows {
        void run(int from, int to);
    }

    private static void rows(Shards shards, BitTensor x, ConvShape s, Rows body) {
        Checks.notNull("shards", shards).forEach(x.count() * s.outHeight(), (shard, from, to) -> body.run(from, to));
    }

    private static void checkSigns(BitTensor x) {
        Checks.notNull("x", x);
        if (x.planes() != 1) {
            throw new IllegalArgumentException("x holds " + x.planes() + "-bit codes, expected ±1 values (one plane)");
        }
    }

    /** Checks that s is the shape of x's images and the kernel fits them. */
    private static void checkShape(BitTensor x, ConvShape s) {
        Checks.notNull("s", s);
        if (s.height() != x.height() || s.width() != x.width() || s.channels() != x.channels()) {
            throw new IllegalArgumentException("the shape is for " + s.height() + "x" + s.width() + "x" + s.channels()
                    + " inputs, x holds " + x.height() + "x" + x.width() + "x" + x.channels());
        }
        checkKernel(s);
    }

    private static void checkKernel(ConvShape s) {
        if (s.kernel() > s.height() || s.kernel() > s.width()) {
            throw new IllegalArgumentException("kernel " + s.kernel() + " is larger than the input " + s.height() + "x"
                    + s.width());
        }
    }

    /** Checks that w fits x under s, and returns the number of integer outputs. */
    private static int outputs(BitTensor x, ConvFilters w, ConvShape s) {
        Checks.notNull("w", w);
        checkShape(x, s);
        checkFilters(w, s);
        return size(x.count(), s, w.count());
    }

    private static void checkFilters(ConvFilters w, ConvShape s) {
        if (w.kernel() != s.kernel()) {
            throw new IllegalArgumentException("w has " + w.kernel() + "x" + w.kernel() + " filters, the shape a "
                    + s.kernel() + "x" + s.kernel() + " kernel");
        }
        if (w.channels() != s.channels()) {
            throw new IllegalArgumentException("w has " + w.channels() + " channels, the input has " + s.channels());
        }
    }

    private static int size(int count, ConvShape s, int filters) {
        long n = (long) count * s.outHeight() * s.outWidth() * filters;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the convolution has " + n + " outputs, more than an array holds");
        }
        return (int) n;
    }

    private static void checkThresholds(int[] t, ConvFilters w) {
        Checks.notNull("t", t);
        Checks.sameLength("t", w.count(), t.length);
    }

    /** Sums of up to {@code maxValue} times a filter's weights must fit an int. */
    private static void checkSums(int maxValue, ConvFilters w) {
        if ((long) maxValue * w.weightsPerFilter() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("filters of " + w.weightsPerFilter() + " weights could overflow an int"
                    + " with values up to " + maxValue);
        }
    }

    private static void checkPixels(byte[] pixels, int count, ConvFilters w, ConvShape s) {
        Checks.notNull("pixels", pixels);
        Checks.positive("count", count);
        Checks.notNull("w", w);
        Checks.notNull("s", s);
        checkKernel(s);
        checkFilters(w, s);
        checkSums(255, w);
        Checks.sameLength("pixels", Math.multiplyExact(count, s.inSize()), pixels.length);
    }
}
