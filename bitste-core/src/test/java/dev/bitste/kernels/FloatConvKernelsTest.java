package dev.bitste.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.bitste.kernels.ConvShape.Padding;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The float convolution kernels: every implementation and width bit for bit against the scalar reference, the
 * reference against a direct convolution in double written from the definition (docs/algorithms.md section 6),
 * and the gradients against finite differences of that definition.
 */
class FloatConvKernelsTest {
    static final int[] CHANNELS = {1, 3, 63, 65, 130};
    static final FloatConvKernels SCALAR = FloatConvKernels.of(KernelChoice.scalar());

    static Stream<Arguments> convCases() {
        List<Arguments> all = new ArrayList<>();
        int[] outs = {1, 6, 17, 65};
        int n = 0;
        for (KernelChoice choice : KernelChoice.available()) {
            for (int c : CHANNELS) {
                for (int k : new int[] {1, 3, 5}) {
                    for (int stride : new int[] {1, 2}) {
                        for (Padding pad : Padding.values()) {
                            all.add(Arguments.of(choice, new ConvShape(7, 9, c, k, stride, pad), outs[n++ % outs.length]));
                        }
                    }
                }
            }
        }
        return all.stream();
    }

    static float[] random(SplittableRandom rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }

    /** {@code w} (rows x cols) transposed. */
    static float[] transpose(float[] w, int rows, int cols) {
        float[] t = new float[w.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = w[r * cols + c];
            }
        }
        return t;
    }

    /** Input index of (image, h, w, c), or -1 over the padding. */
    static int at(ConvShape s, int n, int h, int w, int c) {
        return h < 0 || h >= s.height() || w < 0 || w >= s.width() ? -1
                : ((n * s.height() + h) * s.width() + w) * s.channels() + c;
    }

    /** The convolution from its definition, in double; {@code abs} gets the sum of |terms| per output. */
    static double[] direct(ConvShape s, int outs, double[] x, double[] w, int images, double[] abs) {
        int k = s.kernel();
        double[] out = new double[images * s.outPositions() * outs];
        for (int n = 0; n < images; n++) {
            for (int oh = 0; oh < s.outHeight(); oh++) {
                for (int ow = 0; ow < s.outWidth(); ow++) {
                    for (int o = 0; o < outs; o++) {
                        double sum = 0;
                        double sumAbs = 0;
                        for (int kh = 0; kh < k; kh++) {
                            for (int kw = 0; kw < k; kw++) {
                                for (int c = 0; c < s.channels(); c++) {
                                    int i = at(s, n, oh * s.stride() - s.padTop() + kh, ow * s.stride() - s.padLeft() + kw, c);
                                    if (i >= 0) {
                                        double term = x[i] * w[((o * k + kh) * k + kw) * s.channels() + c];
                                        sum += term;
                                        sumAbs += Math.abs(term);
                                    }
                                }
                            }
                        }
                        int idx = ((n * s.outHeight() + oh) * s.outWidth() + ow) * outs + o;
                        out[idx] = sum;
                        if (abs != null) {
                            abs[idx] = sumAbs;
                        }
                    }
                }
            }
        }
        return out;
    }

    static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @ParameterizedTest
    @MethodSource("convCases")
    void convolutionsAgreeWithTheReferenceAndTheDefinition(KernelChoice choice, ConvShape s, int outs) {
        SplittableRandom rnd = new SplittableRandom(s.hashCode() * 31L + outs);
        int images = 2;
        float[] x = random(rnd, images * s.inSize() + 3);
        float[] w = random(rnd, s.patch() * outs);
        float[] dOut = random(rnd, images * s.outPositions() * outs);
        FloatConvKernels kernels = FloatConvKernels.of(choice);
        float[] scratch = new float[FloatConvKernels.scratchSize(s, outs)];

        float[] out = new float[images * s.outPositions() * outs + 5];
        kernels.conv2d(s, outs, x, 3, images, transpose(w, outs, s.patch()), out, 5, scratch);
        float[] outRef = new float[out.length];
        SCALAR.conv2d(s, outs, x, 3, images, transpose(w, outs, s.patch()), outRef, 5, scratch);
        assertThat(out).as("forward vs scalar").isEqualTo(outRef);

        if (choice.kind() == KernelChoice.Kind.SCALAR) { // the others equal it bit for bit
            double[] xd = new double[images * s.inSize()];
            System.arraycopy(toDouble(x), 3, xd, 0, xd.length);
            double[] abs = new double[images * s.outPositions() * outs];
            double[] def = direct(s, outs, xd, toDouble(w), images, abs);
            for (int i = 0; i < def.length; i++) {
                // |error| <= k u sum|terms| for k fused multiply-adds in float (u = 2^-24)
                assertThat((double) outRef[5 + i]).as("forward %d vs definition", i)
                        .isCloseTo(def[i], offset(6e-8 * abs[i] * s.patch() + 1e-30));
            }
        }

        float[] dx = random(rnd, images * s.inSize()); // overwritten
        kernels.conv2dBackwardInput(s, outs, dOut, 0, images, w, dx, 0, scratch);
        float[] dxRef = new float[dx.length];
        SCALAR.conv2dBackwardInput(s, outs, dOut, 0, images, w, dxRef, 0, scratch);
        assertThat(dx).as("input gradient vs scalar").isEqualTo(dxRef);

        float[] dw = random(rnd, w.length); // accumulated into
        float[] dwRef = dw.clone();
        kernels.conv2dBackwardWeights(s, outs, x, 3, dOut, 0, images, dw, scratch);
        SCALAR.conv2dBackwardWeights(s, outs, x, 3, dOut, 0, images, dwRef, scratch);
        assertThat(dw).as("weight gradient vs scalar").isEqualTo(dwRef);
    }

    /**
     * L = sum dOut * conv(x, w) is linear in x and in w, so a central difference of the definition with step 1 is
     * its exact derivative: the kernels' gradients must match it at every coordinate.
     */
    @ParameterizedTest
    @MethodSource("gradientShapes")
    void gradientsMatchFiniteDifferencesOfTheDefinition(ConvShape s) {
        int outs = 4;
        int images = 2;
        SplittableRandom rnd = new SplittableRandom(s.hashCode());
        float[] x = random(rnd, images * s.inSize());
        float[] w = random(rnd, s.patch() * outs);
        float[] dOut = random(rnd, images * s.outPositions() * outs);
        float[] scratch = new float[FloatConvKernels.scratchSize(s, outs)];
        for (KernelChoice choice : KernelChoice.available()) {
            FloatConvKernels kernels = FloatConvKernels.of(choice);
            float[] dx = new float[x.length];
            kernels.conv2dBackwardInput(s, outs, dOut, 0, images, w, dx, 0, scratch);
            float[] dw = new float[w.length];
            kernels.conv2dBackwardWeights(s, outs, x, 0, dOut, 0, images, dw, scratch);
            double[] xd = toDouble(x);
            double[] wd = toDouble(w);
            double[] g = toDouble(dOut);
            for (int i = 0; i < x.length; i++) {
                double[] plus = xd.clone();
                double[] minus = xd.clone();
                plus[i] += 1;
                minus[i] -= 1;
                double fd = (dot(g, direct(s, outs, plus, wd, images, null)) - dot(g, direct(s, outs, minus, wd, images, null))) / 2;
                assertThat((double) dx[i]).as("%s dx[%d] of %s", choice, i, s).isCloseTo(fd, offset(1e-4));
            }
            for (int i = 0; i < w.length; i++) {
                double[] plus = wd.clone();
                double[] minus = wd.clone();
                plus[i] += 1;
                minus[i] -= 1;
                double fd = (dot(g, direct(s, outs, xd, plus, images, null)) - dot(g, direct(s, outs, xd, minus, images, null))) / 2;
                assertThat((double) dw[i]).as("%s dw[%d] of %s", choice, i, s).isCloseTo(fd, offset(1e-4));
            }
        }
    }

    static Stream<ConvShape> gradientShapes() {
        return Stream.of(new ConvShape(5, 7, 3, 3, 2, Padding.SAME), new ConvShape(6, 5, 2, 3, 1, Padding.VALID),
                new ConvShape(5, 5, 1, 5, 1, Padding.SAME), new ConvShape(4, 3, 5, 1, 1, Padding.VALID),
                new ConvShape(7, 6, 2, 1, 2, Padding.SAME));
    }

    static Stream<Arguments> poolCases() {
        List<Arguments> all = new ArrayList<>();
        for (KernelChoice choice : KernelChoice.available()) {
            for (int c : CHANNELS) {
                for (int k : new int[] {2, 3}) {
                    for (int stride : new int[] {1, 2}) {
                        for (Padding pad : Padding.values()) {
                            all.add(Arguments.of(choice, new ConvShape(7, 5, c, k, stride, pad)));
                        }
                    }
                }
            }
        }
        return all.stream();
    }

    /** Max-pool from its definition: the largest input of each window (padding skipped), and its first position. */
    @ParameterizedTest
    @MethodSource("poolCases")
    void maxPoolAgreesWithTheDefinition(KernelChoice choice, ConvShape s) {
        SplittableRandom rnd = new SplittableRandom(s.hashCode());
        int images = 2;
        float[] x = new float[images * s.inSize()];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextInt(4) == 0 ? 0.5f : (float) rnd.nextGaussian(); // ties are common: 0.5 often
        }
        FloatConvKernels kernels = FloatConvKernels.of(choice);
        int outSize = images * s.outPositions() * s.channels();
        float[] out = new float[outSize];
        kernels.maxPool(s, x, 0, images, out, 0);
        float[] dOut = random(rnd, outSize);
        float[] dx = random(rnd, x.length); // overwritten
        kernels.maxPoolBackward(s, x, 0, out, 0, dOut, 0, images, dx, 0);

        float[] outDef = new float[outSize];
        float[] dxDef = new float[x.length];
        int k = s.kernel();
        for (int n = 0; n < images; n++) {
            for (int oh = 0; oh < s.outHeight(); oh++) {
                for (int ow = 0; ow < s.outWidth(); ow++) {
                    for (int c = 0; c < s.channels(); c++) {
                        int best = -1;
                        for (int kh = 0; kh < k; kh++) {
                            for (int kw = 0; kw < k; kw++) {
                                int i = at(s, n, oh * s.stride() - s.padTop() + kh, ow * s.stride() - s.padLeft() + kw, c);
                                if (i >= 0 && (best < 0 || x[i] > x[best])) {
                                    best = i;
                                }
                            }
                        }
                        int o = ((n * s.outHeight() + oh) * s.outWidth() + ow) * s.channels() + c;
                        outDef[o] = x[best];
                        dxDef[best] += dOut[o];
                    }
                }
            }
        }
        assertThat(out).as("max-pool of %s", s).isEqualTo(outDef);
        for (int i = 0; i < x.length; i++) {
            assertThat(dx[i]).as("max-pool gradient %d of %s", i, s).isCloseTo(dxDef[i], offset(1e-5f));
        }
        float[] dxRef = new float[x.length];
        SCALAR.maxPoolBackward(s, x, 0, out, 0, dOut, 0, images, dxRef, 0);
        assertThat(dx).as("max-pool gradient vs scalar").isEqualTo(dxRef);
    }

    @ParameterizedTest
    @MethodSource("gemmChoices")
    void gemmAgreesWithTheReferenceAtOddSizes(KernelChoice choice) {
        SplittableRandom rnd = new SplittableRandom(7);
        FloatConvKernels kernels = FloatConvKernels.of(choice);
        for (int m : new int[] {1, 3, 4, 9}) {
            for (int n : new int[] {1, 7, 15, 16, 17, 33, 130}) {
                for (int k : new int[] {1, 5, 64}) {
                    for (boolean transposedA : new boolean[] {false, true}) {
                        float[] a = random(rnd, m * k + 2);
                        float[] b = random(rnd, k * (n + 3) + 1);
                        float[] c = random(rnd, m * (n + 2) + 4);
                        float[] ref = c.clone();
                        int aRow = transposedA ? 1 : k;
                        int aCol = transposedA ? m : 1;
                        boolean acc = (m + n + k) % 2 == 0;
                        kernels.gemm(a, 2, aRow, aCol, b, 1, n + 3, c, 4, n + 2, m, n, k, acc);
                        SCALAR.gemm(a, 2, aRow, aCol, b, 1, n + 3, ref, 4, n + 2, m, n, k, acc);
                        assertThat(c).as("gemm %d x %d x %d", m, n, k).isEqualTo(ref);
                    }
                }
            }
        }
    }

    static Stream<KernelChoice> gemmChoices() {
        return KernelChoice.available().stream();
    }

    @Test
    void shapesThatDoNotFitAreRejectedNamingTheValue() {
        assertThatThrownBy(() -> new ConvShape(3, 3, 1, 5, 1, Padding.VALID))
                .hasMessage("kernel 5 is larger than the input 3 x 3 (valid padding)");
        assertThatThrownBy(() -> new ConvShape(8, 8, 1, 3, 0, Padding.SAME)).hasMessage("stride must be positive, got 0");
        assertThatThrownBy(() -> new ConvShape(8, 8, 0, 3, 1, Padding.SAME)).hasMessage("channels must be positive, got 0");
        ConvShape s = new ConvShape(8, 8, 3, 3, 1, Padding.SAME);
        float[] x = new float[s.inSize()];
        float[] scratch = new float[FloatConvKernels.scratchSize(s, 4)];
        float[] out = new float[s.outPositions() * 4];
        FloatConvKernels k = FloatConvKernels.get();
        assertThatThrownBy(() -> k.conv2d(s, 4, x, 0, 1, new float[4 * 3 * 9 - 1], out, 0, scratch))
                .hasMessage("wt has length 107, expected 108");
        assertThatThrownBy(() -> k.conv2d(s, 4, x, 1, 1, new float[108], out, 0, scratch))
                .hasMessageStartingWith("x: range [1, 1 + 192)");
        assertThatThrownBy(() -> k.conv2d(s, 4, x, 0, 1, new float[108], out, 0, new float[10]))
                .hasMessage("scratch has length 10, needs at least 1984 for 8x8x3 k3 s1 same");
        assertThatThrownBy(() -> k.conv2d(s, 0, x, 0, 1, new float[0], out, 0, scratch))
                .hasMessage("outChannels must be positive, got 0");
        assertThatThrownBy(() -> k.gemm(x, 0, 1, 1, x, 0, 1, x, 0, 1, 1, 1, 1, false))
                .hasMessage("c must be another array than a and b");
    }

    @Test
    void sameAndValidPaddingFollowTheTensorFlowRule() {
        ConvShape same = new ConvShape(28, 28, 1, 3, 2, Padding.SAME);
        assertThat(same.outHeight()).isEqualTo(14);
        assertThat(same.padTop()).isZero(); // 13 * 2 + 3 - 28 = 1 padded row, after the image
        ConvShape five = new ConvShape(28, 28, 1, 5, 1, Padding.SAME);
        assertThat(five.outHeight()).isEqualTo(28);
        assertThat(five.padTop()).isEqualTo(2);
        ConvShape valid = new ConvShape(14, 14, 6, 5, 1, Padding.VALID);
        assertThat(valid.outHeight()).isEqualTo(10);
        assertThat(new ConvShape(7, 7, 1, 2, 2, Padding.VALID).outWidth()).isEqualTo(3);
        assertThat(ConvShape.dense(400).pointwise()).isTrue();
    }
}
