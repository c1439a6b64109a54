package dev.bitste.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitste.bits.BitMatrix;
import dev.bitste.bits.BitPlanes;
import dev.bitste.bits.BitVector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every multi-bit kernel, every implementation and width, every b, against definitions computed from the codes. */
class QuantKernelCrossCheckTest {
    static final int[] SIZES = {1, 7, 63, 64, 65, 127, 513, 1000, 4099};

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (KernelChoice c : KernelChoice.available()) {
            for (int bits = 1; bits <= 8; bits++) {
                for (int n : SIZES) {
                    all.add(Arguments.of(c, bits, n));
                }
            }
        }
        return all.stream();
    }

    /** sigma_b written out from docs/algorithms.md, independently of the kernels. */
    static int sigmaDefinition(float x, int bits) {
        int q = (1 << bits) - 1;
        if (x <= 0) {
            return 0;
        }
        if (x >= q) {
            return q;
        }
        return (int) Math.ceil(x);
    }

    /** Pre-activations that hit every regime: negatives, ±0, exact integers, just above them, inside, past q. */
    static float[] preActivations(SplittableRandom rnd, int n, int bits) {
        int q = (1 << bits) - 1;
        float[] h = new float[n];
        for (int i = 0; i < n; i++) {
            h[i] = switch (rnd.nextInt(8)) {
                case 0 -> -rnd.nextFloat() * 3;
                case 1 -> rnd.nextBoolean() ? 0f : -0f;
                case 2 -> rnd.nextInt(q + 2);                          // exact integers incl. q and q + 1
                case 3 -> Math.nextUp((float) rnd.nextInt(q + 1));     // just above an integer
                case 4 -> Math.nextDown((float) rnd.nextInt(1, q + 2)); // just below one
                case 5 -> Float.MIN_VALUE;
                case 6 -> q + rnd.nextFloat() * 1e6f;
                default -> rnd.nextFloat() * (q + 1);
            };
        }
        return h;
    }

    static int[] randomCodes(SplittableRandom rnd, int len, int bits) {
        int[] c = new int[len];
        for (int i = 0; i < len; i++) {
            c[i] = rnd.nextInt(4) == 0 ? (1 << bits) - 1 : rnd.nextInt(1 << bits); // the all-ones code often
        }
        return c;
    }

    static int[] randomSigns(SplittableRandom rnd, int len) {
        int[] s = new int[len];
        for (int i = 0; i < len; i++) {
            s[i] = rnd.nextBoolean() ? 1 : -1;
        }
        return s;
    }

    @ParameterizedTest(name = "{0} b={1} n={2}")
    @MethodSource("cases")
    void quantizeAndPackGiveTheDefinedCodes(KernelChoice choice, int bits, int n) {
        SplittableRandom rnd = new SplittableRandom(n * 31L + bits);
        QuantKernels kernels = QuantKernels.of(choice);
        int rows = 3;
        float[] h = preActivations(rnd, rows * n, bits);
        int[] expected = new int[h.length];
        byte[] bytes = new byte[h.length];
        for (int i = 0; i < h.length; i++) {
            expected[i] = sigmaDefinition(h[i], bits);
            bytes[i] = (byte) expected[i];
        }
        BitPlanes reference = BitPlanes.ofCodes(expected, rows, n, bits);
        BitPlanes quantized = kernels.quantize(h, rows, n, bits);
        assertThat(quantized.codes()).containsExactly(expected);
        assertThat(quantized).isEqualTo(reference); // same planes, padding included
        assertThat(kernels.pack(bytes, rows, n, bits)).isEqualTo(reference);
    }

    @ParameterizedTest(name = "{0} b={1} n={2}")
    @MethodSource("cases")
    void bitSerialProductsEqualTheSumOfCodesTimesSigns(KernelChoice choice, int bits, int n) {
        SplittableRandom rnd = new SplittableRandom(n * 17L + bits);
        QuantKernels kernels = QuantKernels.of(choice);
        int[][] shapes = {{1, 1}, {1, 6}, {3, 5}, {5, 9}};
        for (int[] mk : shapes) {
            int m = mk[0];
            int k = mk[1];
            int[] codes = randomCodes(rnd, m * n, bits);
            int[] signs = randomSigns(rnd, k * n);
            BitPlanes x = BitPlanes.ofCodes(codes, m, n, bits);
            BitMatrix w = BitMatrix.ofSigns(signs, k, n);
            int[] got = kernels.gemm(x, w);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < k; j++) {
                    double ref = 0; // the float reference: sum_c code * sign
                    for (int c = 0; c < n; c++) {
                        ref += (double) codes[i * n + c] * signs[j * n + c];
                    }
                    assertThat(got[i * k + j]).as("gemm[%d,%d] %dx%d", i, j, m, k).isEqualTo((int) ref);
                }
            }
            if (m == 1) {
                assertThat(kernels.gemv(x, w)).containsExactly(got);
                int[] one = new int[n];
                System.arraycopy(signs, 0, one, 0, n);
                assertThat(kernels.dot(x, BitVector.ofSigns(one))).isEqualTo(got[0]);
            }
        }
    }

    @ParameterizedTest(name = "{0} b={1} n={2}")
    @MethodSource("cases")
    void extremeFillsGiveClosedForms(KernelChoice choice, int bits, int n) {
        QuantKernels kernels = QuantKernels.of(choice);
        int q = (1 << bits) - 1;
        int[] ones = new int[n];
        java.util.Arrays.fill(ones, 1);
        int[] minus = new int[n];
        java.util.Arrays.fill(minus, -1);
        int[] all = new int[n];
        java.util.Arrays.fill(all, q);
        BitPlanes x = BitPlanes.ofCodes(all, 1, n, bits);
        BitMatrix w = BitMatrix.ofSigns(concat(ones, minus), 2, n);
        assertThat(kernels.gemv(x, w)).containsExactly(q * n, -q * n);
        assertThat(kernels.gemv(BitPlanes.ofCodes(new int[n], 1, n, bits), w)).containsExactly(0, 0);
    }

    static int[] concat(int[] a, int[] b) {
        int[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    static Stream<Arguments> surrogateCases() {
        List<Arguments> all = new ArrayList<>();
        for (KernelChoice c : KernelChoice.available()) {
            for (Surrogate g : Surrogate.values()) {
                for (int bits : new int[] {1, 2, 4, 8}) {
                    all.add(Arguments.of(c, g, bits));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1} b={2}")
    @MethodSource("surrogateCases")
    void surrogateDerivativeKernelMatchesTheScalarDefinition(KernelChoice choice, Surrogate g, int bits) {
        SplittableRandom rnd = new SplittableRandom(g.ordinal() * 11L + bits);
        QuantKernels kernels = QuantKernels.of(choice);
        for (int n : SIZES) {
            float[] h = preActivations(rnd, n, bits);
            for (int i = 0; i < n; i += 3) {
                h[i] = (float) (rnd.nextGaussian() * 4 * ((1 << bits) - 1)); // wide spread for the tails
            }
            float[] got = kernels.surrogateDerivative(g, bits, h);
            for (int i = 0; i < n; i++) {
                float expected = g.derivative(h[i], bits);
                // exp on vector lanes may differ from Math.exp by an ulp; everything else is exact
                float tol = g == Surrogate.REVEXP ? 2 * Math.ulp(expected) : 0f;
                assertThat(got[i]).as("g'(%s) at %d", h[i], i).isCloseTo(expected, org.assertj.core.data.Offset.offset(tol));
            }
        }
    }

    @Test
    void badInputIsRejectedWithTheOffendingValue() {
        for (KernelChoice choice : KernelChoice.available()) {
            QuantKernels kernels = QuantKernels.of(choice);
            float[] h = new float[100];
            h[70] = Float.NaN;
            assertThatThrownBy(() -> kernels.quantize(h, 2, 50, 4)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("rowMajor[70] is NaN");
            assertThatThrownBy(() -> kernels.surrogateDerivative(Surrogate.RELU, 4, h))
                    .hasMessageContaining("src[70] is NaN");
            byte[] codes = new byte[130];
            codes[129] = 16;
            assertThatThrownBy(() -> kernels.pack(codes, 1, 130, 4)).hasMessageContaining("codes[129] is 16");
            codes[129] = (byte) 200;
            assertThatThrownBy(() -> kernels.pack(codes, 1, 130, 7)).hasMessageContaining("codes[129] is 200");
            assertThat(kernels.pack(codes, 1, 130, 8).code(0, 129)).isEqualTo(200);
            assertThatThrownBy(() -> kernels.quantize(new float[3], 9)).hasMessageContaining("bits must be in 1..8, got 9");
            assertThatThrownBy(() -> kernels.quantize(new float[3], 0)).hasMessageContaining("got 0");
            BitPlanes x = BitPlanes.ofCodes(new int[10], 2, 5, 3);
            assertThatThrownBy(() -> kernels.gemm(x, BitMatrix.ofSigns(new int[] {1, 1, 1, 1}, 1, 4)))
                    .hasMessageContaining("w has 4 columns, expected 5");
            assertThatThrownBy(() -> kernels.gemv(x, BitMatrix.ofSigns(new int[] {1, 1, 1, 1, 1}, 1, 5)))
                    .hasMessageContaining("x has 2 rows");
        }
    }
}
