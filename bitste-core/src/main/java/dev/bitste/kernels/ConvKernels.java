package dev.bitste.kernels;

import dev.bitste.bits.BitPlanes;
import dev.bitste.bits.BitTensor;
import dev.bitste.bits.ConvFilters;
import dev.bitste.util.Checks;
import dev.bitste.util.Shards;

/**
 * The public door to the convolution kernels ({@link ConvKernelSupport}, docs/algorithms.md section 4): checks every
 * argument with a message naming the bad value (shapes that do not fit, a kernel larger than the input, channel
 * counts that differ, paddings a kernel has no meaning for), then runs the chosen implementation over the output rows,
 * split among {@link Shards}: each shard computes whole output rows into its part of the output, so the result is the
 * same whatever the number of threads.
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
    public int[] binaryConv(BitTensor x, ConvFilters w, ConvGeometry g) {
        return binaryConv(x, w, g, SEQUENTIAL);
    }

    /** {@link #binaryConv(BitTensor, ConvFilters, ConvGeometry)} over {@code shards}. */
    public int[] binaryConv(BitTensor x, ConvFilters w, ConvGeometry g, Shards shards) {
        checkSigns(x);
        int[] out = new int[outputs(x, w, g)];
        Checks.notNull("shards", shards).forEach(x.count() * g.out(x.height()), (s, from, to) -> impl.binaryConv(x, w, g, from, to, out));
        return out;
    }

    /**
     * A binary convolution layer: channel k of an output pixel is +1 iff the dot product of its window with filter k is
     * at least {@code t[k]} (a batch norm and sign folded into integer thresholds), packed for the next layer.
     */
    public BitTensor binaryConvThreshold(BitTensor x, ConvFilters w, ConvGeometry g, int[] t, Shards shards) {
        checkSigns(x);
        outputs(x, w, g);
        checkThresholds(t, w);
        long[] out = new long[outputWords(x.count(), g.out(x.height()), g.out(x.width()), w.count())];
        Checks.notNull("shards", shards).forEach(x.count() * g.out(x.height()),
                (s, from, to) -> impl.binaryConvThreshold(x, w, g, t, from, to, out));
        return BitTensor.adopt(out, x.count(), g.out(x.height()), g.out(x.width()), w.count(), 1);
    }

    /** The convolution of b-bit codes by ±1 filters ({@code sum code * sign}, zero padding), NHWC ints. */
    public int[] codeConv(BitTensor x, ConvFilters w, ConvGeometry g, Shards shards) {
        Checks.notNull("x", x);
        zeroPadded("codes", g);
        checkSums(BitPlanes.maxCode(x.planes()), w);
        int[] out = new int[outputs(x, w, g)];
        Checks.notNull("shards", shards).forEach(x.count() * g.out(x.height()), (s, from, to) -> impl.codeConv(x, w, g, from, to, out));
        return out;
    }

    /**
     * The first layer on 8-bit pixels ({@code count} images of {@code height x width x w.channels()} unsigned bytes,
     * NHWC): {@code sum pixel * sign} per output and filter, zero padding, NHWC ints.
     */
    public int[] pixelConv(byte[] pixels, int count, int height, int width, ConvFilters w, ConvGeometry g,
            Shards shards) {
        checkPixels(pixels, count, height, width, w, g);
        int[] out = new int[Math.multiplyExact(Math.multiplyExact(count, g.out(height)), g.out(width) * w.count())];
        Checks.notNull("shards", shards).forEach(count * g.out(height),
                (s, from, to) -> impl.pixelConv(pixels, height, width, w, g, from, to, out));
        return out;
    }

    /** {@link #pixelConv} with thresholds: channel k is +1 iff its sum is at least {@code t[k]}, packed. */
    public BitTensor pixelConvThreshold(byte[] pixels, int count, int height, int width, ConvFilters w, ConvGeometry g,
            int[] t, Shards shards) {
        checkPixels(pixels, count, height, width, w, g);
        checkThresholds(t, w);
        int oh = g.out(height);
        int ow = g.out(width);
        long[] out = new long[outputWords(count, oh, ow, w.count())];
        Checks.notNull("shards", shards).forEach(count * oh,
                (s, from, to) -> impl.pixelConvThreshold(pixels, height, width, w, g, t, from, to, out));
        return BitTensor.adopt(out, count, oh, ow, w.count(), 1);
    }

    /** Binary max pooling (valid padding): an output is +1 iff any value in its window is. */
    public BitTensor maxPool(BitTensor x, ConvGeometry g) {
        checkSigns(x);
        Checks.notNull("g", g);
        if (g.padding() != ConvPadding.VALID) {
            throw new IllegalArgumentException("max pooling takes valid padding, got " + g.padding().label());
        }
        int oh = g.out(x.height());
        int ow = g.out(x.width());
        long[] out = new long[outputWords(x.count(), oh, ow, x.channels())];
        impl.maxPool(x, g, 0, x.count() * oh, out);
        return BitTensor.adopt(out, x.count(), oh, ow, x.channels(), 1);
    }

    /** Per image and channel, the sum of the ±1 values over the pixels ({@code int[count * channels]}). */
    public int[] channelSums(BitTensor x) {
        checkSigns(x);
        int[] out = new int[Math.multiplyExact(x.count(), x.channels())];
        impl.channelSums(x, 0, x.count(), out);
        return out;
    }

    private static void checkSigns(BitTensor x) {
        Checks.notNull("x", x);
        if (x.planes() != 1) {
            throw new IllegalArgumentException("x holds " + x.planes() + "-bit codes, expected ±1 values (one plane)");
        }
    }

    /** Checks that w fits x under g, and returns the number of integer outputs. */
    private static int outputs(BitTensor x, ConvFilters w, ConvGeometry g) {
        Checks.notNull("w", w);
        Checks.notNull("g", g);
        checkKernel(w, g);
        if (w.channels() != x.channels()) {
            throw new IllegalArgumentException("w has " + w.channels() + " channels, the input has " + x.channels());
        }
        long n = (long) x.count() * g.out(x.height()) * g.out(x.width()) * w.count();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the convolution has " + n + " outputs, more than an array holds");
        }
        return (int) n;
    }

    private static void checkKernel(ConvFilters w, ConvGeometry g) {
        if (w.kernel() != g.kernel()) {
            throw new IllegalArgumentException("w has " + w.kernel() + "x" + w.kernel() + " filters, the geometry a "
                    + g.kernel() + "x" + g.kernel() + " kernel");
        }
    }

    private static int outputWords(int count, int oh, int ow, int channels) {
        return BitTensor.size(count, oh, ow, channels, 1);
    }

    private static void checkThresholds(int[] t, ConvFilters w) {
        Checks.notNull("t", t);
        Checks.sameLength("t", w.count(), t.length);
    }

    private static void zeroPadded(String what, ConvGeometry g) {
        Checks.notNull("g", g);
        if (g.padding() == ConvPadding.SAME_ONE) {
            throw new IllegalArgumentException(what + " are padded with 0: use padding valid or same-zero, not same-one");
        }
    }

    /** Sums of up to {@code maxValue} times a filter's weights must fit an int. */
    private static void checkSums(int maxValue, ConvFilters w) {
        Checks.notNull("w", w);
        if ((long) maxValue * w.weightsPerFilter() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("filters of " + w.weightsPerFilter() + " weights could overflow an int"
                    + " with values up to " + maxValue);
        }
    }

    private static void checkPixels(byte[] pixels, int count, int height, int width, ConvFilters w, ConvGeometry g) {
        Checks.notNull("pixels", pixels);
        Checks.positive("count", count);
        Checks.positive("height", height);
        Checks.positive("width", width);
        zeroPadded("pixels", g);
        checkSums(255, w);
        checkKernel(w, g);
        g.out(height);
        g.out(width);
        Checks.sameLength("pixels", Math.multiplyExact(Math.multiplyExact(count, height), width * w.channels()),
                pixels.length);
    }
}
