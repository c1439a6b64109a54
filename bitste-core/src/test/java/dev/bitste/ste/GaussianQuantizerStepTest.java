package dev.bitste.ste;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class GaussianQuantizerStepTest {
    /** Mean squared error of the levels {0, tau, .., q tau} (nearest level) on N(0, 1), by a fine midpoint sum. */
    static double mse(double tau, int q) {
        double sum = 0;
        double dx = 1e-4;
        for (double x = dx / 2; x < 12; x += dx) {
            double level = Math.min(q, Math.rint(x / tau)) * tau;
            sum += (x - level) * (x - level) * Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI) * dx;
        }
        return sum;
    }

    @Test
    void theNormalDistributionFunctionIsRight() {
        assertThat(GaussianQuantizerStep.cdf(0)).isEqualTo(0.5);
        assertThat(GaussianQuantizerStep.cdf(1)).isCloseTo(0.8413447460685429, offset(1e-11));
        assertThat(GaussianQuantizerStep.cdf(1.959963984540054)).isCloseTo(0.975, offset(1e-11));
        assertThat(GaussianQuantizerStep.cdf(3)).isCloseTo(0.9986501019683699, offset(1e-11));
    }

    @Test
    void lloydsStepMinimizesTheSquaredErrorOnAUnitGaussian() {
        for (int bits = 1; bits <= 4; bits++) {
            int q = (1 << bits) - 1;
            double tau = GaussianQuantizerStep.lloyd(bits);
            double best = mse(tau, q);
            assertThat(mse(tau * 1.01, q)).as("%d bits", bits).isGreaterThan(best);
            assertThat(mse(tau * 0.99, q)).as("%d bits", bits).isGreaterThan(best);
        }
        // more levels, finer steps, covering more of the Gaussian
        assertThat(GaussianQuantizerStep.lloyd(4)).isLessThan(GaussianQuantizerStep.lloyd(2));
        assertThat(15 * GaussianQuantizerStep.lloyd(4)).isGreaterThan(3 * GaussianQuantizerStep.lloyd(2));
        assertThat(GaussianQuantizerStep.lloyd(8)).isPositive();
    }
}
