package dev.bitste.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitste.bits.BitMatrix;
import dev.bitste.bits.BitVector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kernel, every implementation and width, against the scalar reference and a naive ±1 definition. */
class KernelCrossCheckTest {
    static final int[] SIZES = {1, 7, 63, 64, 65, 127, 128, 511, 512, 513, 1000, 4099, 65537};

    enum Fill { RANDOM, ZEROS, ONES }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (KernelChoice c : KernelChoice.available()) {
            for (int n : SIZES) {
                for (Fill f : Fill.values()) {
                    all.add(Arguments.of(c, n, f));
                }
            }
        }
        return all.stream();
    }

    static int[] signs(SplittableRandom rnd, int len, Fill fill) {
        int[] s = new int[len];
        for (int i = 0; i < len; i++) {
            s[i] = switch (fill) {
                case RANDOM -> rnd.nextBoolean() ? 1 : -1;
                case ZEROS -> -1;
                case ONES -> 1;
            };
        }
        return s;
    }

    static int naiveDot(int[] a, int aOff, int[] b, int bOff, int n) {
        int d = 0;
        for (int i = 0; i < n; i++) {
            d += a[aOff + i] * b[bOff + i];
        }
        return d;
    }

    @Test
    void everyWidthHasItsOwnSpecializedCopy() {
        List<KernelChoice> vectors = KernelChoice.available().stream().filter(c -> c.kind() == KernelChoice.Kind.VECTOR).toList();
        List<Object> classes = vectors.stream().map(c -> (Object) BitKernels.of(c).support().getClass()).toList();
        assertThat(classes).doesNotHaveDuplicates();
        for (KernelChoice c : vectors) {
            BitKernelSupport impl = BitKernels.of(c).support();
            assertThat(BitKernels.of(c).support().getClass()).isSameAs(impl.getClass());
            if (c.vectorBits() != 0) {
                assertThat(impl.name()).isEqualTo("vector-" + c.vectorBits());
            }
        }
    }

    @ParameterizedTest(name = "{0} n={1} {2}")
    @MethodSource("cases")
    void dotAndGemvAgreeWithNaiveDefinition(KernelChoice choice, int n, Fill fill) {
        SplittableRandom rnd = new SplittableRandom(n * 31L + fill.ordinal());
        BitKernels kernels = BitKernels.of(choice);
        int[] a = signs(rnd, n, fill);
        int[] b = signs(rnd, n, Fill.RANDOM);
        assertThat(kernels.dot(BitVector.ofSigns(a), BitVector.ofSigns(b))).isEqualTo(naiveDot(a, 0, b, 0, n));

        for (int k : new int[] {1, 5}) {
            int[] w = signs(rnd, k * n, fill);
            int[] expected = new int[k];
            for (int r = 0; r < k; r++) {
                expected[r] = naiveDot(w, r * n, b, 0, n);
            }
            assertThat(kernels.gemv(BitMatrix.ofSigns(w, k, n), BitVector.ofSigns(b))).containsExactly(expected);
        }
    }

    @ParameterizedTest(name = "{0} n={1} {2}")
    @MethodSource("cases")
    void gemmAndBinaryLayerAgreeWithScalar(KernelChoice choice, int n, Fill fill) {
        SplittableRandom rnd = new SplittableRandom(n * 17L + fill.ordinal());
        BitKernels kernels = BitKernels.of(choice);
        BitKernels scalar = BitKernels.of(KernelChoice.scalar());
        // m < 4 takes the row path, m >= 4 the register tiles (in place when k fills whole tiles);
        // n = 65537 needs several passes over n in the tiled path
        int[][] shapes = n > 5000 ? new int[][] {{1, 1}, {3, 6}, {5, 17}}
                : new int[][] {{1, 1}, {1, 9}, {4, 1}, {7, 4}, {8, 16}, {4, 32}, {13, 70}};
        for (int[] mk : shapes) {
            int m = mk[0];
            int k = mk[1];
            int[] xs = signs(rnd, m * n, fill);
            int[] ws = signs(rnd, k * n, Fill.RANDOM);
            BitMatrix x = BitMatrix.ofSigns(xs, m, n);
            BitMatrix w = BitMatrix.ofSigns(ws, k, n);
            int[] got = kernels.gemm(x, w);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < k; j++) {
                    assertThat(got[i * k + j]).as("gemm[%d,%d]", i, j).isEqualTo(naiveDot(xs, i * n, ws, j * n, n));
                }
            }
            int[] t = new int[k];
            for (int j = 0; j < k; j++) {
                t[j] = got[j % got.length] + (j % 3) - 1; // thresholds straddling real outputs
            }
            BitMatrix layer = kernels.gemmThreshold(x, w, t);
            assertThat(layer).isEqualTo(scalar.gemmThreshold(x, w, t));
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < k; j++) {
                    assertThat(layer.bit(i, j)).isEqualTo(got[i * k + j] >= t[j]);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} n={1} {2}")
    @MethodSource("cases")
    void signProjectionAndThresholdAgreeWithDefinition(KernelChoice choice, int n, Fill fill) {
        SplittableRandom rnd = new SplittableRandom(n * 7L + fill.ordinal());
        BitKernels kernels = BitKernels.of(choice);
        float[] f = new float[n];
        int[] ints = new int[n];
        for (int i = 0; i < n; i++) {
            f[i] = switch (fill) {
                case RANDOM -> (float) rnd.nextGaussian();
                case ZEROS -> (i % 2 == 0) ? 0.0f : -0.0f; // both zeros are +1
                case ONES -> -1e-30f;
            };
            ints[i] = rnd.nextInt(-3, 4);
        }
        BitVector s = kernels.signProject(f);
        BitVector ti = kernels.threshold(ints, 1);
        BitVector tf = kernels.threshold(f, 0.25f);
        boolean[] signs = new boolean[n];
        boolean[] atLeastOne = new boolean[n];
        boolean[] atLeastQuarter = new boolean[n];
        for (int i = 0; i < n; i++) {
            signs[i] = f[i] >= 0f;
            atLeastOne[i] = ints[i] >= 1;
            atLeastQuarter[i] = f[i] >= 0.25f;
        }
        assertThat(s).isEqualTo(BitVector.of(signs));
        assertThat(ti).isEqualTo(BitVector.of(atLeastOne));
        assertThat(tf).isEqualTo(BitVector.of(atLeastQuarter));
        int rows = 3;
        float[] mat = new float[rows * n];
        for (int i = 0; i < mat.length; i++) {
            mat[i] = (float) rnd.nextGaussian();
        }
        assertThat(kernels.signProject(mat, rows, n))
                .isEqualTo(BitKernels.of(KernelChoice.scalar()).signProject(mat, rows, n));

        // a NaN anywhere is reported with its index, in the vector body or the tail word
        for (int at : new int[] {0, n / 2, n - 1}) {
            float[] g = f.clone();
            g[at] = Float.NaN;
            assertThatThrownBy(() -> kernels.signProject(g)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("latent[" + at + "] is NaN (cannot take its sign)");
        }
    }
}
