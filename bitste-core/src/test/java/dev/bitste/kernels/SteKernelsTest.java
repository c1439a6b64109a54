package dev.bitste.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.bitste.bits.BitMatrix;
import dev.bitste.bits.BitVector;
import dev.bitste.util.Shards;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The float x binary kernels, every implementation and width, against naive definitions and the scalar reference. */
class SteKernelsTest {
    static final int[] SIZES = {1, 7, 15, 63, 64, 65, 127, 128, 513, 1000, 4099};
    static final SteKernels SCALAR = SteKernels.of(KernelChoice.scalar());

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (KernelChoice c : KernelChoice.available()) {
            for (int n : SIZES) {
                all.add(Arguments.of(c, n));
            }
        }
        return all.stream();
    }

    static float[] gaussian(SplittableRandom rnd, int len) {
        float[] z = new float[len];
        for (int i = 0; i < len; i++) {
            z[i] = (float) rnd.nextGaussian();
        }
        return z;
    }

    static boolean[] bits(SplittableRandom rnd, int n) {
        boolean[] b = new boolean[n];
        for (int i = 0; i < n; i++) {
            b[i] = rnd.nextBoolean();
        }
        return b;
    }

    /** Exact (double) {@code sum z_i sign_i} and the float rounding bound for summing n terms in any order. */
    static double[] naiveDot(float[] z, int off, boolean[] w) {
        double d = 0;
        double abs = 0;
        for (int i = 0; i < w.length; i++) {
            d += w[i] ? z[off + i] : -z[off + i];
            abs += Math.abs(z[off + i]);
        }
        return new double[] {d, 2.0 * w.length * Math.ulp(1f) * abs + Float.MIN_NORMAL};
    }

    /** Each width runs its own hidden copy of VectorSteKernels (one shared class would pollute C2's profiles). */
    @Test
    void everyWidthHasItsOwnSpecializedCopy() {
        List<KernelChoice> widths = KernelChoice.available().stream()
                .filter(c -> c.kind() == KernelChoice.Kind.VECTOR && c.vectorBits() != 0).toList();
        List<Class<?>> classes = new ArrayList<>();
        for (KernelChoice c : widths) {
            SteKernelSupport impl = SteKernels.of(c).support();
            assertThat(impl.getClass().isHidden()).as(c.label()).isTrue();
            assertThat(SteKernels.of(c).support().getClass()).isSameAs(impl.getClass());
            assertThat(impl.name()).isEqualTo("vector-" + c.vectorBits());
            classes.add(impl.getClass());
        }
        assertThat(classes).doesNotHaveDuplicates();
    }

    @ParameterizedTest(name = "{0} n={1}")
    @MethodSource("cases")
    void forwardOfOneSignVectorMatchesDefinition(KernelChoice choice, int n) {
        SplittableRandom rnd = new SplittableRandom(n);
        SteKernels kernels = SteKernels.of(choice);
        int rows = 5;
        float[] z = gaussian(rnd, rows * n);
        boolean[] w = bits(rnd, n);
        float scale = (float) (1 / Math.sqrt(n));
        float[] h = kernels.forward(z, rows, BitVector.of(w), scale);
        for (int r = 0; r < rows; r++) {
            double[] exact = naiveDot(z, r * n, w);
            assertThat((double) h[r]).as("row %d", r).isCloseTo(scale * exact[0], within(scale * exact[1]));
        }
    }

    @ParameterizedTest(name = "{0} n={1}")
    @MethodSource("cases")
    void forwardOfBinaryMatrixMatchesDefinition(KernelChoice choice, int n) {
        SplittableRandom rnd = new SplittableRandom(3L * n);
        SteKernels kernels = SteKernels.of(choice);
        int rows = 3;
        int k = 6;
        float[] x = gaussian(rnd, rows * n);
        boolean[][] w = new boolean[k][];
        float[] scales = new float[k];
        for (int j = 0; j < k; j++) {
            w[j] = bits(rnd, n);
            scales[j] = 0.5f + j;
        }
        float[] out = kernels.forward(x, rows, BitMatrix.of(w), scales);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < k; j++) {
                double[] exact = naiveDot(x, r * n, w[j]);
                assertThat((double) out[r * k + j]).as("out[%d,%d]", r, j)
                        .isCloseTo(scales[j] * exact[0], within(scales[j] * exact[1]));
            }
        }
    }

    @ParameterizedTest(name = "{0} n={1}")
    @MethodSource("cases")
    void forwardOnPlusMinusOneInputsEqualsXnorPopcount(KernelChoice choice, int n) {
        SplittableRandom rnd = new SplittableRandom(5L * n);
        int rows = 4;
        int[] signs = new int[rows * n];
        float[] z = new float[rows * n];
        for (int i = 0; i < z.length; i++) {
            signs[i] = rnd.nextBoolean() ? 1 : -1;
            z[i] = signs[i];
        }
        BitVector w = BitVector.of(bits(rnd, n));
        float scale = 0.37f;
        int[] dots = BitKernels.of(choice).gemv(BitMatrix.ofSigns(signs, rows, n), w);
        float[] h = SteKernels.of(choice).forward(z, rows, w, scale);
        for (int r = 0; r < rows; r++) {
            assertThat(h[r]).isEqualTo(scale * (float) dots[r]);
        }
    }

    /** Coefficients that are mostly zero, like an STE mask times residuals. */
    static float[] sparse(SplittableRandom rnd, int len) {
        float[] c = new float[len];
        for (int i = 0; i < len; i++) {
            c[i] = rnd.nextInt(3) == 0 ? (float) rnd.nextGaussian() : 0f;
        }
        return c;
    }

    @ParameterizedTest(name = "{0} n={1}")
    @MethodSource("cases")
    void accumulationEqualsScalarExactlyAndDefinitionClosely(KernelChoice choice, int n) {
        SplittableRandom rnd = new SplittableRandom(7L * n);
        SteKernels kernels = SteKernels.of(choice);
        int rows = n > 1000 ? 70 : 150; // more than one gathered block
        float[] z = gaussian(rnd, rows * n);
        float[] coef = sparse(rnd, rows);
        float[] g0 = gaussian(rnd, n);
        float[] g = g0.clone();
        float[] ref = g0.clone();
        kernels.accumulate(z, rows, coef, g);
        SCALAR.accumulate(z, rows, coef, ref);
        assertThat(g).containsExactly(ref);
        for (int i = 0; i < n; i++) {
            double exact = g0[i];
            double abs = Math.abs(g0[i]);
            for (int r = 0; r < rows; r++) {
                exact += (double) coef[r] * z[r * n + i];
                abs += Math.abs((double) coef[r] * z[r * n + i]);
            }
            assertThat((double) g[i]).isCloseTo(exact, within(2.0 * rows * Math.ulp(1f) * abs));
        }
    }

    @ParameterizedTest(name = "{0} n={1}")
    @MethodSource("cases")
    void matrixAccumulationIsCTransposeX(KernelChoice choice, int n) {
        SplittableRandom rnd = new SplittableRandom(11L * n);
        SteKernels kernels = SteKernels.of(choice);
        int rows = n > 1000 ? 9 : 100;
        int k = 5;
        float[] x = gaussian(rnd, rows * n);
        float[] c = sparse(rnd, rows * k);
        float[] g = new float[k * n];
        float[] ref = new float[k * n];
        kernels.accumulateMatrix(x, rows, n, c, k, g);
        SCALAR.accumulateMatrix(x, rows, n, c, k, ref);
        assertThat(g).containsExactly(ref);
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < n; i++) {
                double exact = 0;
                double abs = 0;
                for (int r = 0; r < rows; r++) {
                    exact += (double) c[r * k + j] * x[r * n + i];
                    abs += Math.abs((double) c[r * k + j] * x[r * n + i]);
                }
                assertThat((double) g[j * n + i]).isCloseTo(exact, within(2.0 * rows * Math.ulp(1f) * abs));
            }
        }
    }

    /**
     * A row's signed sum has the same bits alone (the layer's one-row kernel) as in a group of rows (four at a time
     * with a shared reduction, and the remainder): the labels of model A and its training must see the same h.
     */
    @ParameterizedTest(name = "{0} n={1}")
    @MethodSource("cases")
    void aRowGivesTheSameBitsAloneOrInAGroup(KernelChoice choice, int n) {
        SplittableRandom rnd = new SplittableRandom(5L * n);
        SteKernels kernels = SteKernels.of(choice);
        int rows = 11;
        float[] z = gaussian(rnd, rows * n);
        boolean[] sign = bits(rnd, n);
        float[] grouped = kernels.forward(z, rows, BitVector.of(sign), 1f);
        float[] alone = kernels.forward(z, rows, BitMatrix.of(new boolean[][] {sign}), 1f);
        assertThat(grouped).containsExactly(alone);
        for (int r = 0; r < rows; r++) {
            double[] exact = naiveDot(z, r * n, sign);
            assertThat((double) grouped[r]).isCloseTo(exact[0], within(exact[1]));
        }
    }

    /** The fused step must equal forward, pattern, residual and accumulation done as separate passes. */
    @ParameterizedTest(name = "{0} n={1}")
    @MethodSource("cases")
    void fusedStepEqualsUnfusedPasses(KernelChoice choice, int n) {
        for (int k : new int[] {4, 3}) { // 3: blocks of rows that are not multiples of four
            fusedStepEqualsUnfusedPasses(choice, n, k);
        }
    }

    private static void fusedStepEqualsUnfusedPasses(KernelChoice choice, int n, int k) {
        SplittableRandom rnd = new SplittableRandom(13L * n + k);
        SteKernels kernels = SteKernels.of(choice);
        int m = n > 1000 ? 12 : 40;
        float[] z = gaussian(rnd, m * k * n);
        float[] v = java.util.Arrays.copyOf(new float[] {1f, 0.5f, 2f, 1f}, k);
        float[] y = new float[m];
        for (int j = 0; j < m; j++) {
            y[j] = rnd.nextInt(5);
        }
        BitVector w = BitVector.of(bits(rnd, n));
        float scale = (float) (1 / Math.sqrt(n));

        float[] h = kernels.forward(z, m * k, w, scale);
        float[] coef = new float[m * k];
        double loss = 0;
        for (int j = 0; j < m; j++) {
            float f = 0f;
            for (int q = 0; q < k; q++) {
                f += h[j * k + q] > 0 ? v[q] : 0f;
            }
            float res = f - y[j];
            loss += (double) res * res;
            for (int q = 0; q < k; q++) {
                coef[j * k + q] = h[j * k + q] > 0 ? res * v[q] : 0f;
            }
        }
        float[] unfused = new float[n];
        kernels.accumulate(z, m * k, coef, unfused);

        float[] fused = new float[n];
        double fusedLoss = kernels.fusedStep(z, m, k, w, scale, v, y, fused);
        assertThat(fused).containsExactly(unfused);
        assertThat(fusedLoss).isEqualTo(loss);
        assertThat(loss).isPositive();

        float[] ref = new float[n];
        SCALAR.fusedStep(z, m, k, w, scale, v, y, ref);
        for (int i = 0; i < n; i++) {
            double abs = 0;
            for (int r = 0; r < m * k; r++) {
                abs += 8 * Math.abs(z[r * n + i]); // |res * v| <= 8 here
            }
            assertThat((double) fused[i]).isCloseTo(ref[i], within(4.0 * m * k * Math.ulp(1f) * abs));
        }
    }

    @Test
    void shardedStepDoesNotDependOnTheThreadCount() throws Exception {
        SplittableRandom rnd = new SplittableRandom(99);
        int n = 100;
        int k = 4;
        int m = 333;
        float[] z = gaussian(rnd, m * k * n);
        float[] v = {1f, 1f, 1f, 1f};
        float[] y = new float[m];
        for (int j = 0; j < m; j++) {
            y[j] = rnd.nextInt(5);
        }
        BitVector w = BitVector.of(bits(rnd, n));
        for (KernelChoice choice : KernelChoice.available()) {
            SteKernels kernels = SteKernels.of(choice);
            float[] sequential = new float[n];
            double lossSeq = kernels.fusedStep(z, m, k, w, 0.1f, v, y, sequential, Shards.sequential(7));
            float[] whole = new float[n];
            assertThat(lossSeq).isEqualTo(kernels.fusedStep(z, m, k, w, 0.1f, v, y, whole));
            for (int i = 0; i < n; i++) {
                assertThat(sequential[i]).isCloseTo(whole[i], within(1e-3f));
            }
            for (int threads : new int[] {1, 2, 3, 8}) {
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                try {
                    float[] g = new float[n];
                    double loss = kernels.fusedStep(z, m, k, w, 0.1f, v, y, g, new Shards(7, pool));
                    assertThat(g).as("%s with %d threads", choice, threads).containsExactly(sequential);
                    assertThat(loss).isEqualTo(lossSeq);
                } finally {
                    pool.shutdown();
                }
            }
        }
    }

    @Test
    void badShapesAreRejectedWithTheirValues() {
        BitVector w = BitVector.of(new boolean[10]);
        SteKernels k = SteKernels.get();
        assertThatThrownBy(() -> k.forward(new float[29], 3, w, 1f))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("z has length 29, expected 30");
        assertThatThrownBy(() -> k.forward(new float[30], 0, w, 1f))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rows must be positive, got 0");
        assertThatThrownBy(() -> k.forward(new float[30], 3, BitMatrix.of(new boolean[2][10]), new float[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scales has length 3, expected 2");
        assertThatThrownBy(() -> k.accumulate(new float[30], 3, new float[2], new float[10]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("coef has length 2, expected 3");
        assertThatThrownBy(() -> k.accumulateMatrix(new float[30], 3, 10, new float[6], 2, new float[19]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("g has length 19, expected 20");
        assertThatThrownBy(() -> k.fusedStep(new float[80], 2, 4, w, 1f, new float[3], new float[2], new float[10]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("v has length 3, expected 4");
        assertThatThrownBy(() -> k.fusedStep(new float[80], 2, 4, w, 1f, new float[4], new float[2], new float[10],
                new Shards(0, null))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shards must be positive, got 0");
    }
}
