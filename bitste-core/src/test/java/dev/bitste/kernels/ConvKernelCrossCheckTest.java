package dev.bitste.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitste.bits.BitTensor;
import dev.bitste.bits.ConvFilters;
import dev.bitste.util.Shards;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every convolution kernel, every implementation and width, against a float convolution computed here from the ±1
 * values, codes or pixels (with the padding value written out: 0, or +1 for same-one), at channel counts that are not
 * multiples of 64 or of a lane count, odd image sides, kernels 1, 3 and 5, strides 1 and 2, every padding.
 */
class ConvKernelCrossCheckTest {
    static final int[] CHANNELS = {1, 3, 63, 65, 130};
    static final int[] KERNELS = {1, 3, 5};
    static final int[] STRIDES = {1, 2};

    /** The paddings: valid, and same with zero or +1 padding of ±1 inputs. */
    enum Mode {
        VALID(ConvShape.Padding.VALID, PadValue.ZERO), SAME_ZERO(ConvShape.Padding.SAME, PadValue.ZERO),
        SAME_ONE(ConvShape.Padding.SAME, PadValue.ONE);

        final ConvShape.Padding padding;
        final PadValue pad;

        Mode(ConvShape.Padding padding, PadValue pad) {
            this.padding = padding;
            this.pad = pad;
        }

        boolean same() {
            return padding == ConvShape.Padding.SAME;
        }
    }
    private static final ExecutorService POOL = Executors.newFixedThreadPool(3);

    @AfterAll
    static void stop() {
        POOL.shutdown();
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (int c : CHANNELS) {
            for (int k : KERNELS) {
                for (int s : STRIDES) {
                    for (Mode p : Mode.values()) {
                        all.add(Arguments.of(c, k, s, p));
                    }
                }
            }
        }
        return all.stream();
    }

    /** A shape per case: odd sides, at least the kernel, a filter count that varies around the tile widths. */
    record Shape(int count, int height, int width, int channels, int filters) {
        /** One image: the b-bit and pixel kernels share the image and row handling checked on two by the binary ones. */
        Shape single() {
            return new Shape(1, height, width, channels, filters);
        }

        static Shape of(int c, int k, int s) {
            int h = k + 2 + 2 * ((c + s) % 3);      // 3 .. 11, odd for odd k
            int w = k + 4 + 2 * ((c + k) % 2) + s;  // never equal to h
            int[] filters = {1, 17, 33, 64, 70};
            return new Shape(2, h, w, c, filters[(c + k + s) % filters.length]);
        }

        int values() {
            return count * height * width * channels;
        }

        ConvShape conv(int k, int s, ConvShape.Padding padding) {
            return new ConvShape(height, width, channels, k, s, padding);
        }
    }

    static int[] randomSigns(SplittableRandom rnd, int n) {
        int[] s = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = rnd.nextBoolean() ? 1 : -1;
        }
        return s;
    }

    static int[] randomCodes(SplittableRandom rnd, int n, int max) {
        int[] c = new int[n];
        for (int i = 0; i < n; i++) {
            c[i] = rnd.nextInt(4) == 0 ? max : rnd.nextInt(max + 1);
        }
        return c;
    }

    /** TensorFlow's output side, written out independently of {@link ConvShape}. */
    static int outSide(int in, int k, int s, boolean same) {
        return same ? (in + s - 1) / s : (in - k) / s + 1;
    }

    static int padBefore(int in, int k, int s, boolean same) {
        return same ? Math.max((outSide(in, k, s, true) - 1) * s + k - in, 0) / 2 : 0;
    }

    /**
     * The float convolution: NHWC input values, OHWI filters, the taps outside the input reading {@code pad}. Sums of
     * small integers, exact in double.
     */
    static int[] floatConv(int[] x, Shape sh, int[] w, int k, int s, boolean same, double pad) {
        int oh = outSide(sh.height, k, s, same);
        int ow = outSide(sh.width, k, s, same);
        int top = padBefore(sh.height, k, s, same);
        int left = padBefore(sh.width, k, s, same);
        int c = sh.channels;
        int[] out = new int[sh.count * oh * ow * sh.filters];
        for (int n = 0; n < sh.count; n++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    for (int j = 0; j < sh.filters; j++) {
                        double sum = 0;
                        for (int ky = 0; ky < k; ky++) {
                            for (int kx = 0; kx < k; kx++) {
                                int iy = oy * s + ky - top;
                                int ix = ox * s + kx - left;
                                boolean inside = iy >= 0 && iy < sh.height && ix >= 0 && ix < sh.width;
                                for (int ch = 0; ch < c; ch++) {
                                    double v = inside ? x[((n * sh.height + iy) * sh.width + ix) * c + ch] : pad;
                                    sum += v * w[((j * k + ky) * k + kx) * c + ch];
                                }
                            }
                        }
                        out[((n * oh + oy) * ow + ox) * sh.filters + j] = (int) sum;
                    }
                }
            }
        }
        return out;
    }

    /** Thresholds near the typical dot product, some equal to an actual output (the >= boundary). */
    static int[] thresholds(SplittableRandom rnd, int[] dots, int filters, int spread) {
        int[] t = new int[filters];
        for (int j = 0; j < filters; j++) {
            t[j] = j % 3 == 0 ? dots[rnd.nextInt(dots.length / filters) * filters + j] : rnd.nextInt(-spread, spread + 1);
        }
        t[0] = Integer.MIN_VALUE; // always on
        if (filters > 1) {
            t[filters - 1] = Integer.MAX_VALUE; // always off
        }
        return t;
    }

    static void assertBits(BitTensor got, int[] dots, int[] t, int filters) {
        int[] expected = new int[dots.length];
        for (int i = 0; i < dots.length; i++) {
            expected[i] = dots[i] >= t[i % filters] ? 1 : -1;
        }
        assertThat(got.values()).containsExactly(expected);
        assertThat(BitTensor.adopt(got.words().clone(), got.count(), got.height(), got.width(), filters, 1))
                .isEqualTo(got); // padding bits zero
    }

    @ParameterizedTest(name = "c={0} k={1} s={2} {3}")
    @MethodSource("cases")
    void binaryConvolutionEqualsTheFloatConvolutionOfTheSigns(int c, int k, int s, Mode p) {
        Shape sh = Shape.of(c, k, s);
        SplittableRandom rnd = new SplittableRandom(c * 1000L + k * 10 + s + p.ordinal() * 7919L);
        int[] xs = randomSigns(rnd, sh.values());
        int[] ws = randomSigns(rnd, sh.filters * k * k * c);
        BitTensor x = BitTensor.ofSigns(xs, sh.count, sh.height, sh.width, c);
        ConvFilters w = ConvFilters.ofSigns(ws, sh.filters, k, c);
        ConvShape g = sh.conv(k, s, p.padding);
        int[] expected = floatConv(xs, sh, ws, k, s, p.same(), p == Mode.SAME_ONE ? 1 : 0);
        int[] t = thresholds(rnd, expected, sh.filters, k * k * c);
        for (KernelChoice choice : KernelChoice.available()) {
            ConvKernels kernels = ConvKernels.of(choice);
            assertThat(kernels.binaryConv(x, w, g, p.pad)).as("%s", choice).containsExactly(expected);
            assertThat(kernels.binaryConv(x, w, g, p.pad, new Shards(3, POOL))).as("%s", choice)
                    .containsExactly(expected);
            assertBits(kernels.binaryConvThreshold(x, w, g, p.pad, t, Shards.sequential(1)), expected, t, sh.filters);
            assertBits(kernels.binaryConvThreshold(x, w, g, p.pad, t, new Shards(2, POOL)), expected, t, sh.filters);
        }
    }

    @ParameterizedTest(name = "c={0} k={1} s={2} {3}")
    @MethodSource("cases")
    void codeConvolutionEqualsTheFloatConvolutionOfTheCodes(int c, int k, int s, Mode p) {
        if (p == Mode.SAME_ONE) {
            return; // codes are padded with 0
        }
        Shape sh = Shape.of(c, k, s).single();
        SplittableRandom rnd = new SplittableRandom(c * 999L + k * 10 + s);
        int bits = 1 + (c + k + s) % 8;
        int[] codes = randomCodes(rnd, sh.values(), (1 << bits) - 1);
        int[] ws = randomSigns(rnd, sh.filters * k * k * c);
        BitTensor x = BitTensor.ofCodes(codes, sh.count, sh.height, sh.width, c, bits);
        ConvFilters w = ConvFilters.ofSigns(ws, sh.filters, k, c);
        ConvShape g = sh.conv(k, s, p.padding);
        int[] expected = floatConv(codes, sh, ws, k, s, p.same(), 0);
        for (KernelChoice choice : KernelChoice.available()) {
            assertThat(ConvKernels.of(choice).codeConv(x, w, g, new Shards(2, POOL))).as("%s, %d bits", choice, bits)
                    .containsExactly(expected);
        }
    }

    @ParameterizedTest(name = "c={0} k={1} s={2} {3}")
    @MethodSource("cases")
    void pixelConvolutionEqualsTheFloatConvolutionOfThePixels(int c, int k, int s, Mode p) {
        if (p == Mode.SAME_ONE || c > 65) {
            return; // pixels are padded with 0; first layers have few channels
        }
        Shape sh = Shape.of(c, k, s).single();
        SplittableRandom rnd = new SplittableRandom(c * 77L + k * 10 + s);
        int[] values = randomCodes(rnd, sh.values(), 255);
        byte[] pixels = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            pixels[i] = (byte) values[i];
        }
        int[] ws = randomSigns(rnd, sh.filters * k * k * c);
        ConvFilters w = ConvFilters.ofSigns(ws, sh.filters, k, c);
        ConvShape g = sh.conv(k, s, p.padding);
        int[] expected = floatConv(values, sh, ws, k, s, p.same(), 0);
        int[] t = thresholds(rnd, expected, sh.filters, 255 * k * k * c / 8);
        for (KernelChoice choice : KernelChoice.available()) {
            ConvKernels kernels = ConvKernels.of(choice);
            assertThat(kernels.pixelConv(pixels, sh.count, w, g, new Shards(2, POOL))).as("%s", choice)
                    .containsExactly(expected);
            assertBits(kernels.pixelConvThreshold(pixels, sh.count, w, g, t, new Shards(3, POOL)), expected, t,
                    sh.filters);
        }
    }

    @ParameterizedTest(name = "c={0} k={1} s={2} {3}")
    @MethodSource("cases")
    void maxPoolIsTheMaximumAndChannelSumsTheSum(int c, int k, int s, Mode p) {
        if (p == Mode.SAME_ONE) {
            return; // pooling skips the padding, whatever its value
        }
        Shape sh = Shape.of(c, k, s);
        SplittableRandom rnd = new SplittableRandom(c * 5L + k * 10 + s);
        int[] xs = randomSigns(rnd, sh.values());
        if (c > 1) {
            for (int i = 0; i < xs.length; i += c + 1) {
                xs[i] = -1; // some windows all -1 in a channel
            }
        }
        BitTensor x = BitTensor.ofSigns(xs, sh.count, sh.height, sh.width, c);
        int oh = outSide(sh.height, k, s, p.same());
        int ow = outSide(sh.width, k, s, p.same());
        int top = padBefore(sh.height, k, s, p.same());
        int left = padBefore(sh.width, k, s, p.same());
        int[] expected = new int[sh.count * oh * ow * c];
        for (int n = 0; n < sh.count; n++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    for (int ch = 0; ch < c; ch++) {
                        float max = Float.NEGATIVE_INFINITY;
                        for (int ky = 0; ky < k; ky++) {
                            for (int kx = 0; kx < k; kx++) {
                                int iy = oy * s + ky - top;
                                int ix = ox * s + kx - left;
                                if (iy >= 0 && iy < sh.height && ix >= 0 && ix < sh.width) {
                                    max = Math.max(max, xs[((n * sh.height + iy) * sh.width + ix) * c + ch]);
                                }
                            }
                        }
                        expected[((n * oh + oy) * ow + ox) * c + ch] = (int) max;
                    }
                }
            }
        }
        int[] sums = new int[sh.count * c];
        for (int i = 0; i < xs.length; i++) {
            sums[i / (sh.height * sh.width * c) * c + i % c] += xs[i];
        }
        for (KernelChoice choice : KernelChoice.available()) {
            ConvKernels kernels = ConvKernels.of(choice);
            assertThat(kernels.maxPool(x, sh.conv(k, s, p.padding)).values()).as("%s", choice)
                    .containsExactly(expected);
            assertThat(kernels.channelSums(x)).as("%s", choice).containsExactly(sums);
        }
    }
}
