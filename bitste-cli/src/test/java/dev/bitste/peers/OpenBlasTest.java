package dev.bitste.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** OpenBLAS through the FFM calls against double-precision loops, at sizes that are no multiple of anything. */
class OpenBlasTest {
    @BeforeAll
    static void loads() {
        String platform = Loader.getPlatform();
        if (platform.equals("linux-x86_64") || platform.equals("linux-arm64")) {
            assertThat(OpenBlas.info().skipped()).as("OpenBLAS on a shipped platform").isNull();
        }
        assumeTrue(OpenBlas.available(), () -> "no OpenBLAS here: " + OpenBlas.info().skipped());
    }

    @Test
    void recordsVersionCoreEnvironmentAndOneThread() {
        OpenBlas.Info info = OpenBlas.info();
        assertThat(info.version()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(info.config()).startsWith("OpenBLAS " + info.version());
        assertThat(info.core()).isNotBlank();
        assertThat(info.threads()).isEqualTo(1);
        assertThat(OpenBlas.threads()).isEqualTo(1);
        String inherited = System.getenv(OpenBlas.CORE_ENV);
        String requested = System.getProperty(OpenBlas.CORE_PROPERTY, "auto");
        assertThat(info.environment()).isEqualTo(!requested.equals("auto")
                ? "forced by -D" + OpenBlas.CORE_PROPERTY + "=" + requested
                : inherited == null ? OpenBlas.CORE_ENV + " not set" : OpenBlas.CORE_ENV + "=" + inherited + " cleared");
        assertThat(info.describe()).startsWith("OpenBLAS " + info.version() + ", core " + info.core() + " (")
                .endsWith(", 1 thread");
    }

    @ParameterizedTest
    @CsvSource({"1,1,1", "3,5,7", "17,33,65", "64,1,130"})
    void sgemmAgreesWithADoubleLoopInEveryTransposition(int m, int n, int k) {
        SplittableRandom rnd = new SplittableRandom(m * 31L + n * 7L + k);
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                int lda = (ta ? m : k) + 2; // row strides wider than the rows
                int ldb = (tb ? k : n) + 1;
                float[] a = random(rnd, (ta ? k : m) * lda);
                float[] b = random(rnd, (tb ? n : k) * ldb);
                float[] c = random(rnd, m * n);
                float[] expected = c.clone();
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double s = 0;
                        for (int t = 0; t < k; t++) {
                            s += (double) (ta ? a[t * lda + i] : a[i * lda + t]) * (tb ? b[j * ldb + t] : b[t * ldb + j]);
                        }
                        expected[i * n + j] = (float) (2 * s + 0.5 * c[i * n + j]);
                    }
                }
                OpenBlas.sgemm(ta, tb, m, n, k, 2f, a, lda, b, ldb, 0.5f, c, n);
                for (int p = 0; p < c.length; p++) {
                    assertThat(c[p]).as("ta=%s tb=%s C[%d]", ta, tb, p).isCloseTo(expected[p],
                            org.assertj.core.data.Offset.offset(1e-5f * (k + 1) * 4));
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"1,1", "5,3", "33,65", "256,1000"})
    void sgemvAndSdotAgreeWithDoubleLoops(int m, int n) {
        SplittableRandom rnd = new SplittableRandom(m + 1000L * n);
        float[] a = random(rnd, m * n);
        for (boolean ta : new boolean[] {false, true}) {
            float[] x = random(rnd, ta ? m : n);
            float[] y = new float[ta ? n : m];
            OpenBlas.sgemv(ta, m, n, 1f, a, n, x, 0f, y);
            for (int r = 0; r < y.length; r++) {
                double s = 0;
                for (int t = 0; t < x.length; t++) {
                    s += (double) (ta ? a[t * n + r] : a[r * n + t]) * x[t];
                }
                assertThat((double) y[r]).as("ta=%s y[%d]", ta, r).isCloseTo(s,
                        org.assertj.core.data.Offset.offset(1e-6 * x.length * 4));
            }
        }
        float[] u = random(rnd, n);
        float[] v = random(rnd, n);
        double dot = 0;
        for (int i = 0; i < n; i++) {
            dot += (double) u[i] * v[i];
        }
        assertThat((double) OpenBlas.sdot(n, u, v)).isCloseTo(dot, org.assertj.core.data.Offset.offset(1e-6 * n * 4));
    }

    @Test
    void rejectsSizesThatDoNotFitTheMemory() {
        float[] a = new float[6];
        float[] c = new float[4];
        assertThatThrownBy(() -> OpenBlas.sgemm(false, false, 2, 2, 4, 1f, a, 4, a, 2, 0f, c, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a holds 6 floats, a 2 x 4 matrix with row stride 4 needs 8");
        assertThatThrownBy(() -> OpenBlas.sgemm(false, false, 2, 2, 3, 1f, a, 2, a, 2, 0f, c, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("lda must be at least max(1, 3), got 2");
        assertThatThrownBy(() -> OpenBlas.sgemv(false, 2, 3, 1f, a, 3, new float[2], 0f, c))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("x holds 2 floats, needs 3");
        assertThatThrownBy(() -> OpenBlas.sdot(7, a, a)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("x holds 6 floats, needs 7");
        assertThatThrownBy(() -> OpenBlas.threads(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threads must be at least 1, got 0");
    }

    static float[] random(SplittableRandom rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextDouble(-1, 1);
        }
        return v;
    }
}
