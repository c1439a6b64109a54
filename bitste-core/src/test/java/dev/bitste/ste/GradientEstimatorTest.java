package dev.bitste.ste;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GradientEstimatorTest {
    static final int DIM = 6;

    /**
     * {@code f(theta) = 1/2 (theta - c)^T A (theta - c)} with a dense positive-definite A. For a quadratic the
     * central difference along d is exactly {@code grad . d} and symmetric noise leaves the gradient unchanged, so
     * the smoothed gradient is the gradient. Its "STE gradient" is the true gradient plus {@code guideError}.
     */
    static final class Quadratic implements QuantizedObjective {
        final double[][] a = new double[DIM][DIM];
        final double[] c = new double[DIM];
        double[] guideError = new double[DIM];
        long forwards;
        long backwards;

        Quadratic(long seed) {
            SplittableRandom rnd = new SplittableRandom(seed);
            double[][] b = new double[DIM][DIM];
            for (int i = 0; i < DIM; i++) {
                c[i] = rnd.nextDouble(-1, 1);
                for (int j = 0; j < DIM; j++) {
                    b[i][j] = rnd.nextDouble(-1, 1);
                }
            }
            for (int i = 0; i < DIM; i++) {
                for (int j = 0; j < DIM; j++) {
                    for (int k = 0; k < DIM; k++) {
                        a[i][j] += b[k][i] * b[k][j];
                    }
                }
                a[i][i] += 0.5;
            }
        }

        double[] gradient(float[] theta) {
            double[] g = new double[DIM];
            for (int i = 0; i < DIM; i++) {
                for (int j = 0; j < DIM; j++) {
                    g[i] += a[i][j] * (theta[j] - c[j]);
                }
            }
            return g;
        }

        @Override
        public int dimension() {
            return DIM;
        }

        @Override
        public double quantizerStep() {
            return 0.5;
        }

        @Override
        public double epsBar() {
            return 1 / Math.sqrt(3);
        }

        @Override
        public double loss(float[] theta) {
            forwards++;
            double s = 0;
            for (int i = 0; i < DIM; i++) {
                for (int j = 0; j < DIM; j++) {
                    s += 0.5 * (theta[i] - c[i]) * a[i][j] * (theta[j] - c[j]);
                }
            }
            return s;
        }

        @Override
        public double lossAndSteGradient(float[] theta, float[] gradient) {
            backwards++;
            double loss = loss(theta);
            double[] g = gradient(theta);
            for (int i = 0; i < DIM; i++) {
                gradient[i] = (float) (g[i] + guideError[i]);
            }
            return loss;
        }
    }

    static final float[] THETA = {0.3f, -0.2f, 0.9f, 0.05f, -0.6f, 0.4f};

    /** Monte-Carlo mean of {@code samples} estimates, each coordinate within 5 standard errors of {@code expected}. */
    static void assertUnbiased(GradientEstimator est, QuantizedObjective f, double[] expected, int samples) {
        double[] sum = new double[DIM];
        double[] sum2 = new double[DIM];
        for (int s = 0; s < samples; s++) {
            float[] g = est.estimate(f, THETA, 0.5).gradient();
            for (int i = 0; i < DIM; i++) {
                sum[i] += g[i];
                sum2[i] += (double) g[i] * g[i];
            }
        }
        double norm = 0;
        for (double e : expected) {
            norm += e * e;
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < DIM; i++) {
            double mean = sum[i] / samples;
            double se = Math.sqrt(Math.max(0, sum2[i] / samples - mean * mean) / samples);
            // the test has power: the standard error is small against the gradient
            assertThat(se).as("standard error of coordinate %d", i).isLessThan(0.05 * norm);
            assertThat(mean).as("%s coordinate %d (se %.4f)", est.name(), i, se).isCloseTo(expected[i], within(5 * se + 1e-6));
        }
    }

    @Test
    void nSpsaIsUnbiasedForTheSmoothedGradient() {
        Quadratic f = new Quadratic(1);
        assertUnbiased(new NSpsaEstimator(4, 2), f, f.gradient(THETA), 20_000);
    }

    @Test
    void fogzoIsUnbiasedWhenItsGuideIsTheTrueGradient() {
        Quadratic f = new Quadratic(3);
        assertUnbiased(new FogzoEstimator(2, BetaSchedule.constant(0.7), 4), f, f.gradient(THETA), 20_000);
    }

    @Test
    void fogzoWithAWrongGuideHasTheExpectedProjectionBias() {
        // E[G] = (beta ghat ghat^T + (1 - beta) I) grad: the bias toward the STE direction the method accepts
        Quadratic f = new Quadratic(5);
        f.guideError = new double[] {1.5, -2, 0.5, 0, 1, -0.7};
        double[] grad = f.gradient(THETA);
        double[] guide = new double[DIM];
        double norm = 0;
        for (int i = 0; i < DIM; i++) {
            guide[i] = grad[i] + f.guideError[i];
            norm += guide[i] * guide[i];
        }
        norm = Math.sqrt(norm);
        double dot = 0;
        for (int i = 0; i < DIM; i++) {
            guide[i] /= norm;
            dot += guide[i] * grad[i];
        }
        double beta = 0.6;
        double[] expected = new double[DIM];
        for (int i = 0; i < DIM; i++) {
            expected[i] = beta * guide[i] * dot + (1 - beta) * grad[i];
        }
        assertUnbiased(new FogzoEstimator(1, BetaSchedule.constant(beta), 6), f, expected, 20_000);
    }

    @Test
    void withBetaOneFogzoPointsAlongTheSteGradient() {
        Quadratic f = new Quadratic(7);
        f.guideError = new double[] {0.5, 0.1, -0.3, 0.2, 0, 0.4};
        float[] ste = new float[DIM];
        f.lossAndSteGradient(THETA, ste);
        FogzoEstimator est = new FogzoEstimator(3, BetaSchedule.constant(1), 8);
        for (int k = 0; k < 20; k++) {
            float[] g = est.estimate(f, THETA, 0).gradient();
            double dot = 0;
            double n1 = 0;
            double n2 = 0;
            for (int i = 0; i < DIM; i++) {
                dot += (double) g[i] * ste[i];
                n1 += (double) g[i] * g[i];
                n2 += (double) ste[i] * ste[i];
            }
            assertThat(n1).isGreaterThan(0);
            // the sign is that of the directional derivative along the STE gradient (positive here: it is close to the gradient)
            assertThat(dot / Math.sqrt(n1 * n2)).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void costCounterIsExact() {
        GradientEstimator[] estimators = {new SteEstimator(), new FogzoEstimator(1, BetaSchedule.linearTo(0.999), 1),
            new FogzoEstimator(10, BetaSchedule.linearTo(0.999), 1), new NSpsaEstimator(25, 1)};
        long[] forwardsPerStep = {1, 3, 21, 50};
        long[] backwardsPerStep = {1, 1, 1, 0};
        for (int e = 0; e < estimators.length; e++) {
            Quadratic f = new Quadratic(9);
            ForwardPassCounter counter = new ForwardPassCounter();
            QuantizedObjective counted = counter.counting(f);
            for (int step = 0; step < 7; step++) {
                estimators[e].estimate(counted, THETA, step / 6.0);
            }
            assertThat(counter.forwards()).as(estimators[e].name()).isEqualTo(f.forwards).isEqualTo(7 * forwardsPerStep[e]);
            assertThat(counter.backwards()).isEqualTo(f.backwards).isEqualTo(7 * backwardsPerStep[e]);
            assertThat(counter.forwardEquivalents()).isEqualTo(7 * estimators[e].costPerStep())
                    .isEqualTo(f.forwards + 2 * f.backwards);
        }
    }

    @Test
    void betaScheduleIsLinearFromOneToBetaMin() {
        BetaSchedule s = BetaSchedule.linearTo(0.999);
        assertThat(s.at(0)).isEqualTo(1.0);
        assertThat(s.at(1)).isCloseTo(0.999, within(1e-12));
        assertThat(s.at(0.5)).isCloseTo(0.9995, within(1e-12));
        assertThat(s.at(2)).isCloseTo(0.999, within(1e-12));
        assertThatThrownBy(() -> BetaSchedule.linearTo(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1.5");
    }

    @Test
    void optimizersFollowTheirUpdateRules() {
        float[] p = {1f, -2f};
        SgdMomentum sgd = new SgdMomentum(2, 0.1, 0.9);
        sgd.step(p, new float[] {1f, 2f});
        assertThat(p).containsExactly(0.9f, -2.2f);
        sgd.step(p, new float[] {1f, 2f});
        // v = 0.9 * 1 + 1 = 1.9, 0.9 * 2 + 2 = 3.8
        assertThat(p[0]).isCloseTo(0.9f - 0.19f, within(1e-6f));
        assertThat(p[1]).isCloseTo(-2.2f - 0.38f, within(1e-6f));
        // Adam's first step moves every coordinate by lr against the sign of its gradient
        float[] q = {1f, -2f, 0.5f};
        new Adam(3, 0.01).step(q, new float[] {3f, -0.001f, 100f});
        assertThat(q[0]).isCloseTo(0.99f, within(1e-6f));
        assertThat(q[1]).isCloseTo(-1.99f, within(1e-5f));
        assertThat(q[2]).isCloseTo(0.49f, within(1e-6f));
        assertThatThrownBy(() -> GradientOptimizer.named("rmsprop", 2, 0.1)).hasMessageContaining("rmsprop");
    }
}
