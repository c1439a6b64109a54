package dev.bitste.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DataTest {

    @Test
    void distributionsHaveTheirMoments() {
        double[][] meanVar = {{0, 1}, {0, 1}, {0.5, 1.0 / 12}, {1, 1}};
        for (Distribution d : Distribution.values()) {
            float[] x = d.sample(new SplittableRandom(1), 200_000);
            double mean = 0;
            for (float v : x) {
                mean += v / x.length;
            }
            double var = 0;
            for (float v : x) {
                var += (v - mean) * (v - mean) / x.length;
            }
            double[] mv = meanVar[d.ordinal()];
            assertThat(mean).as(d.label()).isCloseTo(mv[0], within(6 * Math.sqrt(mv[1] / x.length)));
            assertThat(var).as(d.label()).isCloseTo(mv[1], within(0.02 * mv[1]));
        }
        assertThat(Distribution.RADEMACHER.sample(new SplittableRandom(2), 100)).containsOnly(-1f, 1f);
    }

    @Test
    void parsingNamesTheKnownDistributions() {
        assertThat(Distribution.parse("Uniform01")).isEqualTo(Distribution.UNIFORM01);
        assertThatThrownBy(() -> Distribution.parse("cauchy")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'cauchy'").hasMessageContaining("gaussian, rademacher, uniform01, exponential");
    }

    @Test
    void standardizationCentresAndScalesEveryCoordinate() {
        int rows = 500;
        int n = 3;
        float[] z = new float[rows * n];
        SplittableRandom rnd = new SplittableRandom(4);
        for (int r = 0; r < rows; r++) {
            z[r * n] = (float) rnd.nextExponential() * 3 + 2;
            z[r * n + 1] = rnd.nextFloat();
            z[r * n + 2] = 7f; // constant: only centred
        }
        Standardizer s = Standardizer.fit(z, rows, n);
        assertThat(s.std()[2]).isEqualTo(1f);
        float[] out = s.apply(z);
        for (int i = 0; i < n; i++) {
            double mean = 0;
            double sq = 0;
            for (int r = 0; r < rows; r++) {
                mean += out[r * n + i] / rows;
                sq += out[r * n + i] * (double) out[r * n + i] / rows;
            }
            assertThat(mean).isCloseTo(0, within(1e-5));
            assertThat(sq).isCloseTo(i == 2 ? 0 : 1, within(1e-4));
        }
        assertThatThrownBy(() -> s.apply(new float[4])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a multiple of n = 3");
    }
}
