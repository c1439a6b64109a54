package dev.bitste.bench;

import dev.bitste.bits.BitMatrix;
import dev.bitste.bits.BitVector;
import dev.bitste.kernels.BitKernelSupport;
import dev.bitste.kernels.BitKernels;
import dev.bitste.kernels.KernelChoice;
import dev.bitste.kernels.VectorBits;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Shared pieces of the benchmarks.
 *
 * <p>Roles (the report reads them from the method names; each {@code @Benchmark} method declares its
 * {@link dev.bitste.benchrun.Role}, checked by a test): in each benchmark class the method {@code vector}
 * runs the Vector API kernels (parameter {@code vectorBits}), {@code scalar} the scalar reference as
 * written (which HotSpot may auto-vectorize), {@code trulyScalar} the same in a fork with
 * {@code -XX:-UseSuperWord}, {@code float32} a float kernel of the same shape, and {@code peer_<name>}
 * what a Java user would otherwise use (e.g. {@code peer_bitset}, {@code peer_lucene}); variants of those
 * ({@code vectorUnfused}, {@code float32_autovec}, ...) appear in the score tables only
 * ({@link dev.bitste.results.BenchmarkRole}).
 */
public final class BenchSupport {
    /** JVM flag that turns off HotSpot's auto-vectorization, for the truly scalar baseline. */
    public static final String NO_SUPERWORD = "-XX:-UseSuperWord";

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

    private BenchSupport() {
    }

    /** The vector kernels at {@code preferred}, {@code 128}, {@code 256} or {@code 512} bits. */
    public static BitKernels vector(String vectorBits) {
        return BitKernels.of(vectorChoice(vectorBits));
    }

    /** The Vector API choice for a {@code vectorBits} parameter value. */
    public static KernelChoice vectorChoice(String vectorBits) {
        return KernelChoice.vector(VectorBits.parse("vectorBits", vectorBits));
    }

    /** The scalar reference kernels. */
    public static BitKernels scalar() {
        return BitKernels.of(KernelChoice.scalar());
    }

    /** Throws unless {@code actual} equals {@code expected}: a fast wrong kernel must not post a number. */
    public static void check(String what, Object expected, Object actual) {
        boolean same = expected instanceof int[] e && actual instanceof int[] a ? Arrays.equals(e, a)
                : expected instanceof float[] e && actual instanceof float[] a ? Arrays.equals(e, a)
                : Objects.equals(expected, actual);
        if (!same) {
            throw new IllegalStateException(what + " disagrees with the scalar reference");
        }
    }

    /**
     * The vector width parameter, for the states of the {@code vector} methods of every kernel family:
     * only those methods take it, so scalar and peers do not run once per width.
     */
    @State(Scope.Thread)
    public static class WidthParam {
        @Param({VectorBits.PREFERRED_NAME, "256", "128"})
        public String vectorBits;

        /** The Vector API choice for {@link #vectorBits}. */
        public KernelChoice choice() {
            return vectorChoice(vectorBits);
        }
    }

    /**
     * The binary kernels at one width. Each benchmark extends it with a {@code @Setup} that checks the
     * kernel; only the {@code vector} methods take it, so scalar and peers do not run once per width.
     */
    @State(Scope.Thread)
    public static class VectorWidth extends WidthParam {
        public BitKernelSupport kernels;

        /** Loads the kernels for {@link #vectorBits} (once) and returns them. */
        public BitKernelSupport kernels() {
            if (kernels == null) {
                kernels = vector(vectorBits).support();
            }
            return kernels;
        }
    }

    /**
     * Runs {@code call} repeatedly for {@code seconds} of wall time, before JMH's warm-up: a Vector API path reached
     * through a deep call chain (the MLP at batch 1) ran interpreted for several seconds and was still being
     * compiled during the measurement when only the quick profile's warm-up preceded it.
     */
    public static void prime(Runnable call, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        do {
            call.run();
        } while (System.nanoTime() < end);
    }

    /** Random ±1 values (as booleans, true = +1) for {@code rows x cols}, seeded. */
    public static boolean[][] randomBits(long seed, int rows, int cols) {
        SplittableRandom rnd = new SplittableRandom(seed);
        boolean[][] bits = new boolean[rows][cols];
        for (boolean[] row : bits) {
            for (int i = 0; i < cols; i++) {
                row[i] = rnd.nextBoolean();
            }
        }
        return bits;
    }

    public static BitVector randomVector(long seed, int n) {
        return BitVector.of(randomBits(seed, 1, n)[0]);
    }

    public static BitMatrix randomMatrix(long seed, int rows, int cols) {
        return BitMatrix.of(randomBits(seed, rows, cols));
    }

    /** The same ±1 values as floats (what a float32 layer would hold), row-major. */
    public static float[] asFloats(BitMatrix m) {
        return m.toFloats(1f);
    }

    // ---- float32 kernels of the same shapes (Vector API FMA), for what binarization buys ----

    /** Float dot product of {@code a[aOff..aOff+n)} and {@code b[bOff..bOff+n)}: four FMA chains, tail in scalar. */
    public static float dotF32(float[] a, int aOff, float[] b, int bOff, int n) {
        int lanes = FLOATS.length();
        FloatVector s0 = FloatVector.zero(FLOATS), s1 = s0, s2 = s0, s3 = s0;
        int i = 0;
        for (; i <= n - 4 * lanes; i += 4 * lanes) {
            s0 = FloatVector.fromArray(FLOATS, a, aOff + i).fma(FloatVector.fromArray(FLOATS, b, bOff + i), s0);
            s1 = FloatVector.fromArray(FLOATS, a, aOff + i + lanes).fma(FloatVector.fromArray(FLOATS, b, bOff + i + lanes), s1);
            s2 = FloatVector.fromArray(FLOATS, a, aOff + i + 2 * lanes)
                    .fma(FloatVector.fromArray(FLOATS, b, bOff + i + 2 * lanes), s2);
            s3 = FloatVector.fromArray(FLOATS, a, aOff + i + 3 * lanes)
                    .fma(FloatVector.fromArray(FLOATS, b, bOff + i + 3 * lanes), s3);
        }
        for (; i <= n - lanes; i += lanes) {
            s0 = FloatVector.fromArray(FLOATS, a, aOff + i).fma(FloatVector.fromArray(FLOATS, b, bOff + i), s0);
        }
        float sum = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += a[aOff + i] * b[bOff + i];
        }
        return sum;
    }

    /** {@code out[r] = w.row(r) . x} for a row-major k x n float matrix. */
    public static void gemvF32(float[] w, float[] x, int k, int n, float[] out) {
        for (int r = 0; r < k; r++) {
            out[r] = dotF32(w, r * n, x, 0, n);
        }
    }

    /**
     * {@code out[i * k + j] = x.row(i) . w.row(j)} (x is m x n, w is k x n, row-major): 4 x 4 register
     * tiles of FMA accumulators (each loaded vector serves four products), edges by plain dots. The one
     * float32 GEMM every "what binarization buys" comparison runs against.
     */
    public static void gemmF32(float[] x, float[] w, int m, int k, int n, float[] out) {
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int j = 0;
            for (; j + 4 <= k; j += 4) {
                tileF32(x, i * n, w, j * n, n, out, i * k + j, k);
            }
            for (; j < k; j++) {
                for (int r = 0; r < 4; r++) {
                    out[(i + r) * k + j] = dotF32(x, (i + r) * n, w, j * n, n);
                }
            }
        }
        for (; i < m; i++) {
            for (int j = 0; j < k; j++) {
                out[i * k + j] = dotF32(x, i * n, w, j * n, n);
            }
        }
    }

    private static void tileF32(float[] x, int xo, float[] w, int wo, int n, float[] out, int o, int k) {
        FloatVector c00 = FloatVector.zero(FLOATS), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        int t = 0;
        for (; t <= n - FLOATS.length(); t += FLOATS.length()) {
            FloatVector x0 = FloatVector.fromArray(FLOATS, x, xo + t);
            FloatVector x1 = FloatVector.fromArray(FLOATS, x, xo + n + t);
            FloatVector x2 = FloatVector.fromArray(FLOATS, x, xo + 2 * n + t);
            FloatVector x3 = FloatVector.fromArray(FLOATS, x, xo + 3 * n + t);
            FloatVector v = FloatVector.fromArray(FLOATS, w, wo + t);
            c00 = x0.fma(v, c00);
            c10 = x1.fma(v, c10);
            c20 = x2.fma(v, c20);
            c30 = x3.fma(v, c30);
            v = FloatVector.fromArray(FLOATS, w, wo + n + t);
            c01 = x0.fma(v, c01);
            c11 = x1.fma(v, c11);
            c21 = x2.fma(v, c21);
            c31 = x3.fma(v, c31);
            v = FloatVector.fromArray(FLOATS, w, wo + 2 * n + t);
            c02 = x0.fma(v, c02);
            c12 = x1.fma(v, c12);
            c22 = x2.fma(v, c22);
            c32 = x3.fma(v, c32);
            v = FloatVector.fromArray(FLOATS, w, wo + 3 * n + t);
            c03 = x0.fma(v, c03);
            c13 = x1.fma(v, c13);
            c23 = x2.fma(v, c23);
            c33 = x3.fma(v, c33);
        }
        // written out: an array of vectors would box them and run ~10x slower
        finishRow(c00, c01, c02, c03, x, xo, w, wo, t, n, out, o);
        finishRow(c10, c11, c12, c13, x, xo + n, w, wo, t, n, out, o + k);
        finishRow(c20, c21, c22, c23, x, xo + 2 * n, w, wo, t, n, out, o + 2 * k);
        finishRow(c30, c31, c32, c33, x, xo + 3 * n, w, wo, t, n, out, o + 3 * k);
    }

    private static void finishRow(FloatVector c0, FloatVector c1, FloatVector c2, FloatVector c3, float[] x, int xo,
            float[] w, int wo, int t, int n, float[] out, int o) {
        out[o] = c0.reduceLanes(VectorOperators.ADD) + tailDot(x, xo, w, wo, t, n);
        out[o + 1] = c1.reduceLanes(VectorOperators.ADD) + tailDot(x, xo, w, wo + n, t, n);
        out[o + 2] = c2.reduceLanes(VectorOperators.ADD) + tailDot(x, xo, w, wo + 2 * n, t, n);
        out[o + 3] = c3.reduceLanes(VectorOperators.ADD) + tailDot(x, xo, w, wo + 3 * n, t, n);
    }

    private static float tailDot(float[] x, int xo, float[] w, int wo, int from, int n) {
        float s = 0;
        for (int u = from; u < n; u++) {
            s += x[xo + u] * w[wo + u];
        }
        return s;
    }

    /** Rounds float results of ±1 products (exact small integers) for comparison with the binary kernels. */
    public static int[] rounded(float[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.round(values[i]);
        }
        return out;
    }
}
