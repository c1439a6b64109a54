package dev.bitste.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The training kernels, every implementation and width: products against exact double sums (within a bound
 * derived from the depth) and each other, XNOR products and every elementwise kernel bit for bit against the
 * scalar reference, products split into row shards bit for bit against one call.
 */
class TrainKernelsTest {
    /** rows x depth x cols: tails in every dimension (not multiples of 64 or of any lane count), and a real layer. */
    static final int[][] SHAPES = {{1, 1, 1}, {3, 5, 7}, {8, 64, 32}, {9, 65, 33}, {17, 100, 130}, {4, 7, 200},
        {12, 784, 512}, {21, 3, 65}};
    static final TrainKernels SCALAR = TrainKernels.of(KernelChoice.scalar());

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (KernelChoice c : KernelChoice.available()) {
            for (int[] s : SHAPES) {
                all.add(Arguments.of(c, s[0], s[1], s[2]));
            }
        }
        return all.stream();
    }

    static Stream<KernelChoice> choices() {
        return KernelChoice.available().stream();
    }

    static float[] gaussian(SplittableRandom rnd, int len) {
        return SteKernelsTest.gaussian(rnd, len);
    }

    static long[] randomBits(SplittableRandom rnd, int rows, int cols, int wpr) {
        long[] bits = new long[rows * wpr];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (rnd.nextBoolean()) {
                    bits[r * wpr + (c >>> 6)] |= 1L << (c & 63);
                }
            }
        }
        return bits;
    }

    static boolean bit(long[] bits, int row, int wpr, int col) {
        return (bits[row * wpr + (col >>> 6)] >>> (col & 63) & 1L) != 0;
    }

    /** A[r][k] of a strided operand. */
    static float at(float[] a, int off, int rs, int ks, int r, int k) {
        return a[off + r * rs + k * ks];
    }

    /** The strides of A (rows x depth) stored row-major ({@code transposed} false) or as its transpose. */
    static int[] strides(boolean transposed, int rows, int depth) {
        return transposed ? new int[] {1, rows} : new int[] {depth, 1};
    }

    /** |exact - actual| within the bound for summing {@code depth} terms of total magnitude {@code abs} in any order. */
    static void near(String what, double exact, double abs, int depth, float actual) {
        double bound = 2.0 * (depth + 2) * Math.ulp(1f) * abs + 4 * Float.MIN_NORMAL;
        assertThat(Math.abs(exact - actual)).as("%s: exact %s, got %s", what, exact, actual).isLessThanOrEqualTo(bound);
    }

    @ParameterizedTest(name = "{0} {1}x{2}x{3}")
    @MethodSource("cases")
    void signProductIsTheSignedSumWithinRounding(KernelChoice choice, int rows, int depth, int cols) {
        TrainKernels kernels = TrainKernels.of(choice);
        SplittableRandom rnd = new SplittableRandom(rows * 31L + depth * 7L + cols);
        int wpr = TrainKernels.words(cols) + 1; // a spare word: rows need not be tight
        long[] bits = randomBits(rnd, depth + 1, cols, wpr); // S from row 1: bitsOff = wpr
        for (boolean transposed : new boolean[] {false, true}) {
            int[] st = strides(transposed, rows, depth);
            int aOff = 3;
            float[] a = gaussian(rnd, aOff + rows * depth);
            int cOff = 5;
            int ldc = cols + 2; // C a slice of a wider matrix
            float[] c = gaussian(rnd, cOff + rows * ldc + 4);
            float[] before = c.clone();
            kernels.signProduct(a, aOff, st[0], st[1], rows, depth, bits, wpr, wpr, cols, 1f, false, c, cOff, ldc);
            float[] added = c.clone();
            kernels.signProduct(a, aOff, st[0], st[1], rows, depth, bits, wpr, wpr, cols, 0.5f, true, added, cOff,
                    ldc);
            for (int r = 0; r < rows; r++) {
                for (int n = 0; n < cols; n++) {
                    double exact = 0;
                    double abs = 0;
                    for (int k = 0; k < depth; k++) {
                        double v = at(a, aOff, st[0], st[1], r, k);
                        exact += bit(bits, k + 1, wpr, n) ? v : -v;
                        abs += Math.abs(v);
                    }
                    int i = cOff + r * ldc + n;
                    near("C[" + r + "][" + n + "]", exact, abs, depth, c[i]);
                    near("C + C/2 [" + r + "][" + n + "]", 1.5 * exact, 1.5 * abs, depth, added[i]);
                }
            }
            untouchedOutside(before, c, cOff, rows, cols, ldc);
        }
    }

    @ParameterizedTest(name = "{0} {1}x{2}x{3}")
    @MethodSource("cases")
    void floatProductIsTheSumWithinRounding(KernelChoice choice, int rows, int depth, int cols) {
        TrainKernels kernels = TrainKernels.of(choice);
        SplittableRandom rnd = new SplittableRandom(rows * 37L + depth * 5L + cols);
        int ldf = cols + 3; // F a slice of a wider matrix, from column 2
        float[] f = gaussian(rnd, depth * ldf);
        for (boolean transposed : new boolean[] {false, true}) {
            int[] st = strides(transposed, rows, depth);
            float[] a = gaussian(rnd, 2 + rows * depth);
            float[] c = gaussian(rnd, 1 + rows * cols + 3);
            float[] before = c.clone();
            kernels.floatProduct(a, 2, st[0], st[1], rows, depth, f, 2, ldf, cols, c, 1, cols);
            for (int r = 0; r < rows; r++) {
                for (int n = 0; n < cols; n++) {
                    double exact = 0;
                    double abs = 0;
                    for (int k = 0; k < depth; k++) {
                        double p = (double) at(a, 2, st[0], st[1], r, k) * f[2 + k * ldf + n];
                        exact += p;
                        abs += Math.abs(p);
                    }
                    near("C[" + r + "][" + n + "]", exact, abs, depth, c[1 + r * cols + n]);
                }
            }
            untouchedOutside(before, c, 1, rows, cols, cols);
        }
    }

    @ParameterizedTest(name = "{0} {1}x{2}x{3}")
    @MethodSource("cases")
    void xnorProductIsExact(KernelChoice choice, int rows, int wRows, int n) {
        TrainKernels kernels = TrainKernels.of(choice);
        SplittableRandom rnd = new SplittableRandom(rows * 41L + wRows * 3L + n);
        int wpr = TrainKernels.words(n);
        long[] x = randomBits(rnd, rows + 2, n, wpr);
        long[] w = randomBits(rnd, wRows + 1, n, wpr);
        int ldc = wRows + 1;
        float[] c = new float[rows * ldc + 7];
        Arrays.fill(c, 0.25f);
        float[] before = c.clone();
        kernels.xnorProduct(x, 2 * wpr, rows, w, wpr, wRows, wpr, n, 1f, false, c, 7, ldc);
        float[] added = c.clone();
        kernels.xnorProduct(x, 2 * wpr, rows, w, wpr, wRows, wpr, n, 0.5f, true, added, 7, ldc);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < wRows; j++) {
                int dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += bit(x, r + 2, wpr, i) == bit(w, j + 1, wpr, i) ? 1 : -1;
                }
                assertThat(c[7 + r * ldc + j]).as("dot(%d, %d)", r, j).isEqualTo((float) dot);
                assertThat(added[7 + r * ldc + j]).isEqualTo(1.5f * dot);
            }
        }
        untouchedOutside(before, c, 7, rows, wRows, ldc);
    }

    /**
     * Shards of rows or of columns (from multiples of 64) must reproduce one call bit for bit: the trainer's results
     * must not depend on the thread count.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("choices")
    void productsSplitIntoShardsGiveTheSameBits(KernelChoice choice) {
        TrainKernels kernels = TrainKernels.of(choice);
        SplittableRandom rnd = new SplittableRandom(99);
        int rows = 37;
        int depth = 71;
        int cols = 333;
        int wpr = TrainKernels.words(cols);
        int xw = TrainKernels.words(depth);
        long[] bits = randomBits(rnd, depth, cols, wpr);
        float[] f = gaussian(rnd, depth * cols);
        long[] x = randomBits(rnd, rows, depth, xw);
        long[] w = randomBits(rnd, cols, depth, xw);
        for (boolean transposed : new boolean[] {false, true}) {
            int[] st = strides(transposed, rows, depth);
            float[] a = gaussian(rnd, rows * depth);
            float[][] whole = new float[3][rows * cols];
            float[][] byRows = new float[3][rows * cols];
            float[][] byCols = new float[3][rows * cols];
            kernels.signProduct(a, 0, st[0], st[1], rows, depth, bits, 0, wpr, cols, 0.75f, false, whole[0], 0, cols);
            kernels.floatProduct(a, 0, st[0], st[1], rows, depth, f, 0, cols, cols, whole[1], 0, cols);
            kernels.xnorProduct(x, 0, rows, w, 0, cols, xw, depth, 1f, false, whole[2], 0, cols);
            int[] cuts = {0, 1, 4, 13, 21, 30, rows};
            for (int s = 0; s + 1 < cuts.length; s++) {
                int r0 = cuts[s];
                int n = cuts[s + 1] - r0;
                kernels.signProduct(a, r0 * st[0], st[0], st[1], n, depth, bits, 0, wpr, cols, 0.75f, false, byRows[0],
                        r0 * cols, cols);
                kernels.floatProduct(a, r0 * st[0], st[0], st[1], n, depth, f, 0, cols, cols, byRows[1], r0 * cols,
                        cols);
                kernels.xnorProduct(x, r0 * xw, n, w, 0, cols, xw, depth, 1f, false, byRows[2], r0 * cols, cols);
            }
            int[] colCuts = {0, 64, 192, 256, cols};
            for (int s = 0; s + 1 < colCuts.length; s++) {
                int j0 = colCuts[s];
                int n = colCuts[s + 1] - j0;
                kernels.signProduct(a, 0, st[0], st[1], rows, depth, bits, j0 >>> 6, wpr, n, 0.75f, false, byCols[0],
                        j0, cols);
                kernels.floatProduct(a, 0, st[0], st[1], rows, depth, f, j0, cols, n, byCols[1], j0, cols);
                kernels.xnorProduct(x, 0, rows, w, j0 * xw, n, xw, depth, 1f, false, byCols[2], j0, cols);
            }
            for (int p = 0; p < 3; p++) {
                assertThat(byRows[p]).as("product %d by rows, transposed %s", p, transposed).isEqualTo(whole[p]);
                assertThat(byCols[p]).as("product %d by columns, transposed %s", p, transposed).isEqualTo(whole[p]);
            }
        }
    }

    /**
     * The same call gives the same bits before and after the JIT compiles it (a float reduction whose order differs
     * between the interpreter and compiled code would not): the trainer's results must not depend on warm-up.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("choices")
    void productsGiveTheSameBitsInterpretedAndCompiled(KernelChoice choice) {
        TrainKernels kernels = TrainKernels.of(choice);
        SplittableRandom rnd = new SplittableRandom(5);
        int rows = 5;
        int depth = 21;
        int cols = 20;
        long[] bits = randomBits(rnd, depth, cols, 1);
        float[] a = gaussian(rnd, rows * depth);
        float[] f = gaussian(rnd, depth * cols);
        float[][] first = new float[2][rows * cols];
        kernels.signProduct(a, 0, depth, 1, rows, depth, bits, 0, 1, cols, 1f, false, first[0], 0, cols);
        kernels.floatProduct(a, 0, depth, 1, rows, depth, f, 0, cols, cols, first[1], 0, cols);
        float[][] again = new float[2][rows * cols];
        for (int i = 0; i < 5_000; i++) {
            kernels.signProduct(a, 0, depth, 1, rows, depth, bits, 0, 1, cols, 1f, false, again[0], 0, cols);
            kernels.floatProduct(a, 0, depth, 1, rows, depth, f, 0, cols, cols, again[1], 0, cols);
        }
        assertThat(again[0]).isEqualTo(first[0]);
        assertThat(again[1]).isEqualTo(first[1]);
    }

    /** Batch norm, packing, masks and Adam do the same float operations in every implementation: equal bits. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("choices")
    void elementwiseKernelsAgreeBitForBitWithTheReference(KernelChoice choice) {
        TrainKernels kernels = TrainKernels.of(choice);
        for (int[] shape : new int[][] {{1, 1}, {5, 7}, {13, 65}, {100, 130}, {3, 784}}) {
            int rows = shape[0];
            int ld = shape[1];
            SplittableRandom rnd = new SplittableRandom(rows * 1000L + ld);
            float[] z = gaussian(rnd, rows * ld);
            z[0] = Float.NaN;
            z[z.length - 1] = 0f;
            float[] dy = gaussian(rnd, rows * ld);
            float[][] params = new float[7][];
            for (int i = 0; i < params.length; i++) {
                params[i] = gaussian(rnd, ld);
            }
            // the whole width, and a slice from column 1 (not a multiple of any lane count)
            for (int j0 : new int[] {0, Math.min(1, ld - 1)}) {
                int j1 = ld;
                sameAcrossImplementations(kernels, "moments", k -> {
                    double[] s = new double[ld];
                    double[] q = new double[ld];
                    k.columnMoments(z, rows, ld, j0, j1, s, q);
                    return concat(s, q);
                });
                sameAcrossImplementations(kernels, "dots", k -> {
                    double[] g = new double[ld];
                    double[] b = new double[ld];
                    k.columnDots(dy, z, rows, ld, j0, j1, g, b);
                    return concat(g, b);
                });
                sameAcrossImplementations(kernels, "normalize", k -> {
                    float[] zhat = new float[z.length];
                    float[] y = new float[z.length];
                    k.normalize(z, rows, ld, j0, j1, params[0], params[1], params[2], params[3], zhat, y);
                    return concat(zhat, y);
                });
                sameAcrossImplementations(kernels, "normalizeBackward", k -> {
                    float[] dz = new float[z.length];
                    k.normalizeBackward(dy, z, rows, ld, j0, j1, params[4], params[5], params[6], dz);
                    return dz;
                });
                sameAcrossImplementations(kernels, "masks", k -> {
                    float[] g1 = dy.clone();
                    float[] g2 = dy.clone();
                    float[] relu = new float[z.length];
                    float[] scaled = new float[z.length];
                    k.hardtanhMask(g1, z, rows, ld, j0, j1);
                    k.relu(z, relu, g2, rows, ld, j0, j1);
                    k.scale(dy, rows, ld, j0, j1, 0.3f, scaled);
                    return concat(concat(g1, g2), concat(relu, scaled));
                });
                sameAcrossImplementations(kernels, "packAtLeast", k -> {
                    int wpr = TrainKernels.words(ld) + 1;
                    long[] bits = new long[1 + rows * wpr];
                    Arrays.fill(bits, -1L);
                    float max = k.packAtLeast(z, ld > 1 ? 1 : 0, rows, ld, Math.max(1, ld - 1), 0.1f, bits, 1, wpr);
                    float[] out = new float[bits.length * 2 + 1];
                    for (int i = 0; i < bits.length; i++) {
                        out[2 * i] = (int) bits[i];
                        out[2 * i + 1] = (int) (bits[i] >>> 32);
                    }
                    out[out.length - 1] = max;
                    return out;
                });
            }
            sameAcrossImplementations(kernels, "adam and clamp", k -> {
                float[] p = z.clone();
                float[] m = dy.clone();
                float[] v = new float[z.length];
                for (int step = 1; step <= 3; step++) {
                    k.adam(p, dy, m, v, 1, z.length, 0.9f, 0.999f, 0.01f * step, 1e-8f);
                }
                k.clamp(p, 0, p.length - 1, 1f);
                return concat(p, concat(m, v));
            });
        }
    }

    @FunctionalInterface
    interface Run {
        Object apply(TrainKernels kernels);
    }

    static void sameAcrossImplementations(TrainKernels kernels, String what, Run run) {
        Object expected = run.apply(SCALAR);
        Object actual = run.apply(kernels);
        if (expected instanceof double[] e) {
            assertThat((double[]) actual).as(what).isEqualTo(e);
        } else {
            assertThat((float[]) actual).as(what).isEqualTo((float[]) expected);
        }
    }

    static float[] concat(float[] a, float[] b) {
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static double[] concat(double[] a, double[] b) {
        double[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Only the {@code rows x cols} slice (row stride ld) from {@code off} changed. */
    static void untouchedOutside(float[] before, float[] after, int off, int rows, int cols, int ld) {
        for (int i = 0; i < before.length; i++) {
            int r = Math.floorDiv(i - off, ld);
            int col = Math.floorMod(i - off, ld);
            if (r < 0 || r >= rows || col >= cols) {
                assertThat(after[i]).as("c[%d] outside the product", i).isEqualTo(before[i]);
            }
        }
    }

    @Test
    void theReferenceDefinitionsOfTheElementwiseKernels() {
        float[] z = {1f, 3f, -2f, 6f};
        double[] s = new double[2];
        double[] q = new double[2];
        SCALAR.columnMoments(z, 2, 2, 0, 2, s, q);
        assertThat(s).containsExactly(-1, 9);
        assertThat(q).containsExactly(5, 45);
        long[] bits = new long[1];
        assertThat(SCALAR.packAtLeast(new float[] {0f, -0f, -1f, 2f, -3f}, 0, 1, 5, 5, 0f, bits, 0, 1)).isEqualTo(3f);
        assertThat(bits[0]).isEqualTo(0b01011L);
        float[] g = {1f, 1f, 1f, 1f};
        SCALAR.hardtanhMask(g, new float[] {1f, -1.5f, Float.NaN, -1f}, 1, 4, 0, 4);
        assertThat(g).containsExactly(1f, 0f, 0f, 1f);
        float[] x = new float[3];
        float[] gr = {1f, 1f, 1f};
        SCALAR.relu(new float[] {2f, 0f, -1f}, x, gr, 1, 3, 0, 3);
        assertThat(x).containsExactly(2f, 0f, 0f);
        assertThat(gr).containsExactly(1f, 0f, 0f);
        float[] p = {5f, -5f, 0.5f};
        SCALAR.clamp(p, 0, 3, 1f);
        assertThat(p).containsExactly(1f, -1f, 0.5f);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("choices")
    void transposeBitsSwapsRowsAndColumns(KernelChoice choice) {
        TrainKernels kernels = TrainKernels.of(choice);
        SplittableRandom rnd = new SplittableRandom(3);
        for (int[] shape : new int[][] {{1, 1}, {3, 70}, {64, 64}, {65, 130}, {200, 17}}) {
            int rows = shape[0];
            int cols = shape[1];
            int srcWpr = TrainKernels.words(cols);
            int dstWpr = TrainKernels.words(rows) + 1;
            long[] src = randomBits(rnd, rows, cols, srcWpr);
            long[] dst = new long[cols * dstWpr];
            Arrays.fill(dst, -1L);
            if (cols > 64) { // in two slices, the second first
                kernels.transposeBits(src, rows, cols, srcWpr, 64, cols, dst, dstWpr);
                kernels.transposeBits(src, rows, cols, srcWpr, 0, 64, dst, dstWpr);
            } else {
                kernels.transposeBits(src, rows, cols, srcWpr, 0, cols, dst, dstWpr);
            }
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    assertThat(bit(dst, c, dstWpr, r)).isEqualTo(bit(src, r, srcWpr, c));
                }
            }
            for (int c = 0; c < cols; c++) {
                for (int r = rows; r < dstWpr * 64; r++) {
                    assertThat(bit(dst, c, dstWpr, r)).as("padding of row %d", c).isFalse();
                }
            }
        }
    }

    @Test
    void badArgumentsAreRejectedNamingThem() {
        TrainKernels k = TrainKernels.get();
        float[] a = new float[12];
        long[] bits = new long[4];
        assertThatThrownBy(() -> k.signProduct(a, 0, 4, 1, 3, 5, bits, 0, 1, 8, 1f, false, new float[24], 0, 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a has length 12");
        assertThatThrownBy(() -> k.signProduct(new float[20], 0, 5, 1, 3, 5, bits, 0, 1, 8, 1f, false, new float[24],
                0, 8)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bits has length 4, needs words [0, 5)");
        assertThatThrownBy(() -> k.signProduct(a, 0, 4, 1, 3, 4, new long[4], 0, 1, 65, 1f, false, new float[200], 0,
                65)).hasMessageContaining("cannot hold 65 bits");
        assertThatThrownBy(() -> k.floatProduct(a, 0, 4, 1, 3, 4, new float[4 * 8], 0, 8, 8, new float[23], 0, 8))
                .hasMessageContaining("c has length 23");
        assertThatThrownBy(() -> k.floatProduct(a, 0, 4, 1, 3, 4, new float[32], 0, 8, 8, new float[24], 0, 7))
                .hasMessageContaining("c: row stride 7 is less than its 8 columns");
        assertThatThrownBy(() -> k.floatProduct(a, -1, 4, 1, 3, 4, new float[32], 0, 8, 8, new float[24], 0, 8))
                .hasMessageContaining("aOff, rs and ks must be >= 0");
        assertThatThrownBy(() -> k.xnorProduct(new long[] {1L << 10}, 0, 1, new long[1], 0, 1, 1, 10, 1f, false,
                new float[1], 0, 1)).hasMessageContaining("x row 0 has bits set past its 10 values");
        assertThatThrownBy(() -> k.columnMoments(a, 3, 4, 2, 5, new double[4], new double[4]))
                .hasMessageContaining("columns [2, 5)");
        assertThatThrownBy(() -> k.normalize(a, 3, 4, 0, 4, new float[3], new float[4], new float[4], new float[4],
                new float[12], new float[12])).hasMessageContaining("mean has length 3");
        assertThatThrownBy(() -> k.adam(a, a, a, new float[5], 0, 12, 0.9f, 0.999f, 0.1f, 1e-8f))
                .hasMessageContaining("v: range [0, 0 + 12)");
        assertThatThrownBy(() -> k.clamp(a, 0, 12, Float.NaN)).hasMessageContaining("c must be >= 0, got NaN");
        assertThatThrownBy(() -> k.transposeBits(new long[4], 2, 100, 2, 32, 100, new long[100], 1))
                .hasMessageContaining("columns [32, 100) must start at a multiple of 64");
        assertThatThrownBy(() -> k.signProduct(a, 0, 4, 1, 0, 4, bits, 0, 1, 8, 1f, false, new float[24], 0, 8))
                .hasMessageContaining("rows must be positive, got 0");
    }
}
