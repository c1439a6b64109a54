package dev.bitste.nn;

import java.util.stream.IntStream;

/**
 * Row-major float matrix products written as row updates {@code c[i,:] += a * b[k,:]}: a form HotSpot
 * auto-vectorizes (a dot-product loop would not be, float sums cannot be reordered). Large products are
 * split over rows across the common fork-join pool.
 */
public final class FloatMatrices {
    /** Below this many multiply-adds a product runs on the calling thread. */
    private static final long PARALLEL_WORK = 1L << 20;

    private FloatMatrices() {
    }

    /** {@code c (m x q) = a (m x p) . b (p x q)}; zero entries of {@code a} are skipped (sparse images, ±1 inputs are not). */
    public static void multiply(float[] a, float[] b, float[] c, int m, int p, int q) {
        product(a, p, 1, b, c, m, p, q, true);
    }

    /** {@link #multiply(float[], float[], float[], int, int, int)} on the calling thread only. */
    public static void multiplySequential(float[] a, float[] b, float[] c, int m, int p, int q) {
        product(a, p, 1, b, c, m, p, q, false);
    }

    /** {@code c (m x q) = a^T . b} with {@code a (p x m)} and {@code b (p x q)}. */
    public static void multiplyTransposedA(float[] a, float[] b, float[] c, int p, int m, int q) {
        product(a, 1, m, b, c, m, p, q, true);
    }

    /** {@code c[i,:] = sum_k a[i * rowStep + k * colStep] * b[k,:]}. */
    private static void product(float[] a, int rowStep, int colStep, float[] b, float[] c, int m, int p, int q,
            boolean parallel) {
        rows(m, parallel ? (long) m * p * q : 0, i -> {
            int ci = i * q;
            java.util.Arrays.fill(c, ci, ci + q, 0f);
            for (int k = 0; k < p; k++) {
                float s = a[i * rowStep + k * colStep];
                if (s != 0f) {
                    int bk = k * q;
                    for (int j = 0; j < q; j++) {
                        c[ci + j] += s * b[bk + j];
                    }
                }
            }
        });
    }

    /** The transpose of a row-major {@code rows x cols} matrix. */
    public static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[a.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = a[r * cols + c];
            }
        }
        return t;
    }

    private static void rows(int m, long work, java.util.function.IntConsumer body) {
        if (work < PARALLEL_WORK || m < 2) {
            for (int i = 0; i < m; i++) {
                body.accept(i);
            }
        } else {
            IntStream.range(0, m).parallel().forEach(body);
        }
    }
}
