package dev.bitste.ste;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitste.bits.BitVector;
import dev.bitste.data.Distribution;
import dev.bitste.kernels.KernelProvider;
import dev.bitste.kernels.SteKernels;
import dev.bitste.util.Shards;
import org.junit.jupiter.api.Test;

/**
 * Oracles from docs/algorithms.md section 2: Monte-Carlo means over Gaussian samples against the population
 * closed forms (Yin et al. 2019, with |w*| = 1 and v* = v), and exact recovery by the seeded trainer.
 * Tolerances are 5 standard errors, estimated from the spread of independent batch means.
 */
class ModelAOracleTest {
    static final int N = 16;
    static final int K = 4;
    static final int BATCHES = 40;
    static final int M = 4000;
    static final ModelA MODEL = new ModelA(N, K, new float[] {1f, 0.5f, 2f, 1f});

    static BitVector teacher() {
        boolean[] b = new boolean[N];
        for (int i = 0; i < N; i++) {
            b[i] = i % 3 != 1;
        }
        return BitVector.of(b);
    }

    /** The teacher with its first {@code d} signs flipped. */
    static BitVector flipped(BitVector t, int d) {
        boolean[] b = new boolean[N];
        for (int i = 0; i < N; i++) {
            b[i] = t.bit(i) ^ (i < d);
        }
        return BitVector.of(b);
    }

    static double vNorm2() {
        double s = 0;
        for (float x : MODEL.v()) {
            s += x * x;
        }
        return s;
    }

    /** Batch means of the averaged coarse gradient: [batch][coordinate]. */
    static double[][] gradientBatches(BitVector teacher, BitVector w, SteBackward backward) {
        double[][] means = new double[BATCHES][N];
        for (int b = 0; b < BATCHES; b++) {
            ModelAProblem p = ModelAProblem.generate(MODEL, M, Distribution.GAUSSIAN, 0, false, 1000 + b, teacher);
            float[] g = new float[N];
            MODEL.coarseGradient(p.batch(0, M, false), w, backward, false, KernelProvider.get(), Shards.sequential(4), g);
            for (int i = 0; i < N; i++) {
                means[b][i] = g[i] / (double) M;
            }
        }
        return means;
    }

    /** Mean of column {@code i} over the batches and its standard error (sample std / sqrt(batches)). */
    static double[] meanAndStandardError(double[][] batches, int i) {
        double mean = 0;
        for (double[] b : batches) {
            mean += b[i] / batches.length;
        }
        double var = 0;
        for (double[] b : batches) {
            var += (b[i] - mean) * (b[i] - mean) / (batches.length - 1);
        }
        return new double[] {mean, Math.sqrt(var / batches.length)};
    }

    static void assertMeansMatch(double[][] batches, double[] expected) {
        for (int i = 0; i < N; i++) {
            double[] meanSe = meanAndStandardError(batches, i);
            double mean = meanSe[0];
            double se = meanSe[1];
            assertThat(se).as("standard error of coordinate %d", i).isLessThan(0.02); // 5 se stays well below the signal (0.5 to 1.3 here)
            assertThat(Math.abs(mean - expected[i])).as("coordinate %d: MC %s vs closed form %s (se %s)", i, mean,
                    expected[i], se).isLessThanOrEqualTo(5 * se);
        }
    }

    @Test
    void coarseGradientWithReluSteConvergesToClosedForm() {
        BitVector t = teacher();
        BitVector w = flipped(t, 4);
        float[] wf = w.toFloats(MODEL.scale());
        float[] tf = t.toFloats(MODEL.scale());
        double cos = 0;
        double sumNorm = 0;
        for (int i = 0; i < N; i++) {
            cos += wf[i] * tf[i];
            sumNorm += (wf[i] + tf[i]) * (wf[i] + tf[i]);
        }
        double theta = Math.acos(cos);
        assertThat(theta).isCloseTo(Math.PI / 3, org.assertj.core.api.Assertions.within(1e-6));
        double[] expected = new double[N];
        double c = vNorm2() / Math.sqrt(2 * Math.PI); // h/(2 sqrt(2 pi)) with h = 2|v|^2 when v* = v
        for (int i = 0; i < N; i++) {
            expected[i] = c * wf[i] - Math.cos(theta / 2) * c * (wf[i] + tf[i]) / Math.sqrt(sumNorm);
        }
        assertMeansMatch(gradientBatches(t, w, SteBackward.RELU), expected);
    }

    @Test
    void coarseGradientWithIdentitySteConvergesToClosedForm() {
        BitVector t = teacher();
        BitVector w = flipped(t, 6);
        float[] wf = w.toFloats(MODEL.scale());
        float[] tf = t.toFloats(MODEL.scale());
        double[] expected = new double[N];
        for (int i = 0; i < N; i++) {
            expected[i] = vNorm2() * (wf[i] - tf[i]) / Math.sqrt(2 * Math.PI);
        }
        assertMeansMatch(gradientBatches(t, w, SteBackward.IDENTITY), expected);
    }

    @Test
    void empiricalLossConvergesToPopulationLoss() {
        BitVector t = teacher();
        for (int d : new int[] {0, 3, 8}) {
            BitVector w = flipped(t, d);
            double theta = Math.acos(1 - 2.0 * d / N);
            double expected = theta * vNorm2() / (2 * Math.PI); // f(v, w) with v* = v
            double[][] batches = new double[BATCHES][1];
            for (int b = 0; b < BATCHES; b++) {
                ModelAProblem p = ModelAProblem.generate(MODEL, M, Distribution.GAUSSIAN, 0, false, 5000 + b, t);
                batches[b][0] = p.loss(w, SteKernels.get());
            }
            double[] meanSe = meanAndStandardError(batches, 0);
            double mean = meanSe[0];
            double se = meanSe[1];
            assertThat(Math.abs(mean - expected)).as("d=%d: MC %s vs %s (se %s)", d, mean, expected, se)
                    .isLessThanOrEqualTo(5 * se + 1e-12);
        }
    }

    @Test
    void seededTrainerRecoversTeacherExactlyOnGaussianData() {
        ModelAProblem p = ModelAProblem.generate(ModelA.withUnitV(16, 4), 32 * 16, Distribution.GAUSSIAN, 0, false, 7);
        TrainingTrace trace = new SteTrainer(SteTrainer.Config.defaults(300)).train(p, 8, null);
        assertThat(trace.distance()[0]).isPositive();
        assertThat(trace.finalDistance()).isZero();
        assertThat(trace.firstHit()).isPositive();
        assertThat(trace.loss()[trace.firstHit()]).isZero(); // noise-free: the loss at w* is exactly 0
        assertThat(trace.fractionAtTarget()).isGreaterThan(0.5);
    }

    @Test
    void uniform01FailsWithoutNormalizationAndRecoversWithIt() {
        ModelA model = ModelA.withUnitV(16, 4);
        SteTrainer trainer = new SteTrainer(SteTrainer.Config.defaults(300));
        ModelAProblem raw = ModelAProblem.generate(model, 32 * 16, Distribution.UNIFORM01, 0, false, 7);
        assertThat(trainer.train(raw, 8, null).finalDistance()).isPositive();
        ModelAProblem normalized = ModelAProblem.generate(model, 32 * 16, Distribution.UNIFORM01, 0, true, 7);
        assertThat(trainer.train(normalized, 8, null).finalDistance()).isZero();
    }
}
