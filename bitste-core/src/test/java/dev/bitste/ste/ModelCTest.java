package dev.bitste.ste;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.bitste.data.SubspaceData;
import dev.bitste.kernels.QuantKernels;
import dev.bitste.kernels.Surrogate;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ModelCTest {
    static final float[] V = ModelC.blockSecondLayer(2, 24, 0.5f);

    static float[] gaussian(long seed, int n, double scale) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) (scale * rnd.nextGaussian());
        }
        return w;
    }

    static float[] fullGradient(ModelC model, SubspaceData d, Surrogate g) {
        float[] grad = new float[model.dim() * model.hidden()];
        model.coarseGradient(d.x(), d.y(), ModelC.identity(d.size()), d.size(), g, grad);
        return grad;
    }

    /** The coarse gradient written out per sample, per unit, per coordinate, straight from docs/algorithms.md. */
    static double[] bruteGradient(float[] x, int[] y, float[] w, float[] v, int d, int k, int bits, Surrogate g) {
        int classes = v.length / k;
        double[] grad = new double[d * k];
        for (int s = 0; s < y.length; s++) {
            float[] h = new float[k];
            for (int j = 0; j < k; j++) {
                for (int t = 0; t < d; t++) {
                    h[j] += x[s * d + t] * w[t * k + j];
                }
            }
            float[] o = new float[classes];
            for (int i = 0; i < classes; i++) {
                for (int j = 0; j < k; j++) {
                    o[i] += v[i * k + j] * QuantKernels.sigma(h[j], bits);
                }
            }
            float best = Float.NEGATIVE_INFINITY;
            int xi = -1;
            for (int i = 0; i < classes; i++) {
                if (i != y[s] && o[i] > best) {
                    best = o[i];
                    xi = i;
                }
            }
            double loss = Math.max(0, 1 - (o[y[s]] - best));
            if (loss > 0) {
                for (int j = 0; j < k; j++) {
                    for (int t = 0; t < d; t++) {
                        grad[t * k + j] -= (v[y[s] * k + j] - v[xi * k + j]) * g.derivative(h[j], bits) * x[s * d + t];
                    }
                }
            }
        }
        for (int i = 0; i < grad.length; i++) {
            grad[i] /= y.length;
        }
        return grad;
    }

    @Test
    void coarseGradientMatchesTheDefinitionForEverySurrogate() {
        SplittableRandom rnd = new SplittableRandom(9);
        int d = 5;
        int k = 6;
        int classes = 3;
        float[] v = gaussian(1, classes * k, 1);
        float[] x = gaussian(2, 40 * d, 2);
        int[] y = new int[40];
        for (int i = 0; i < y.length; i++) {
            y[i] = rnd.nextInt(classes);
        }
        for (Surrogate g : Surrogate.values()) {
            for (int bits : new int[] {1, 2, 4}) {
                float[] w = gaussian(3 + bits, d * k, 1.5);
                ModelC model = new ModelC(d, k, bits, v, w);
                float[] grad = new float[d * k];
                model.coarseGradient(x, y, ModelC.identity(40), 40, g, grad);
                double[] expected = bruteGradient(x, y, w, v, d, k, bits, g);
                for (int i = 0; i < grad.length; i++) {
                    assertThat((double) grad[i]).as("%s b=%d grad[%d]", g, bits, i).isCloseTo(expected[i], offset(1e-4));
                }
            }
        }
    }

    @Test
    void gradientIsExactlyZeroIffEverySampleHasZeroLoss() {
        SubspaceData data = SubspaceData.generate(90, 0, 0);
        // hand-built zero-loss weights: units 0..11 spread over span(e1, e2), units 12..23 over span(e3, e4)
        float[] w = new float[4 * 24];
        for (int j = 0; j < 24; j++) {
            double angle = 2 * Math.PI * (j % 12) / 12;
            int a = j < 12 ? 0 : 2;
            w[a * 24 + j] = (float) (10 * Math.cos(angle));
            w[(a + 1) * 24 + j] = (float) (10 * Math.sin(angle));
        }
        ModelC separated = new ModelC(4, 24, 4, V, w);
        assertThat(separated.losses(data.x(), data.y())).containsOnly(0f);
        for (Surrogate g : Surrogate.values()) {
            assertThat(fullGradient(separated, data, g)).as("%s", g).containsOnly(0f);
        }
        // random weights at several scales: some sample has a positive loss and the identity-STE gradient is nonzero
        for (int seed = 0; seed < 20; seed++) {
            ModelC random = new ModelC(4, 24, 4, V, gaussian(seed, 96, 0.2 + seed * 0.3));
            boolean allZero = random.meanLoss(data.x(), data.y()) == 0;
            boolean gradZero = true;
            for (float gi : fullGradient(random, data, Surrogate.IDENTITY)) {
                gradZero &= gi == 0f;
            }
            assertThat(gradZero).as("seed %d", seed).isEqualTo(allZero);
        }
    }

    @Test
    void trainingReachesZeroLossOnOrthogonalSubspaces() {
        SubspaceData data = SubspaceData.generate(90, 0, 0);
        for (long seed = 0; seed < 3; seed++) {
            ModelC model = new ModelC(4, 24, 4, V, gaussian(100 + seed, 96, 1));
            assertThat(model.meanLoss(data.x(), data.y())).isPositive();
            ModelCTrainer.Result r = ModelCTrainer.train(model, data.x(), data.y(),
                    ModelCTrainer.Options.fullBatch(Surrogate.RELU, 1.0, 5000));
            assertThat(r.converged()).as("seed %d: %s", seed, r).isTrue();
            assertThat(r.finalLoss()).isZero();
            assertThat(r.accuracy()).isEqualTo(1.0);
            assertThat(model.meanLoss(data.x(), data.y())).isZero();
            assertThat(r.weightNorm()).isEqualTo(model.weightNorm());
        }
    }

    @Test
    void miniBatchWithTheWholeSetEqualsFullBatchAndSmallBatchesAlsoConverge() {
        SubspaceData data = SubspaceData.generate(75, 0, 0);
        float[] w0 = gaussian(7, 96, 1);
        ModelC full = new ModelC(4, 24, 4, V, w0);
        ModelC whole = new ModelC(4, 24, 4, V, w0);
        ModelCTrainer.Result a = ModelCTrainer.train(full, data.x(), data.y(),
                ModelCTrainer.Options.fullBatch(Surrogate.RELU, 1.0, 50));
        ModelCTrainer.Result b = ModelCTrainer.train(whole, data.x(), data.y(), new ModelCTrainer.Options(Surrogate.RELU,
                new LearningRate.Constant(1.0), data.size(), 50, 1));
        assertThat(whole.weights()).containsExactly(full.weights());
        assertThat(b).isEqualTo(a);

        ModelC mini = new ModelC(4, 24, 4, V, gaussian(8, 96, 1));
        ModelCTrainer.Result r = ModelCTrainer.train(mini, data.x(), data.y(), new ModelCTrainer.Options(Surrogate.RELU,
                new LearningRate.InvSqrt(1.0), 64, 20_000, 5));
        assertThat(r.converged()).as("%s", r).isTrue();
    }

    @Test
    void argumentChecks() {
        assertThatThrownBy(() -> new ModelCTrainer.Options(Surrogate.RELU, null, 0, 1, 0)).hasMessageContaining("schedule");
        assertThatThrownBy(() -> new ModelC(4, 24, 4, new float[24], new float[96])).hasMessageContaining("at least 2 classes");
        assertThatThrownBy(() -> new ModelC(4, 24, 9, V, new float[96])).hasMessageContaining("bits");
        ModelC m = new ModelC(4, 24, 4, V, new float[96]);
        assertThatThrownBy(() -> m.losses(new float[8], new int[] {0, 2})).hasMessageContaining("y[1] is 2");
        assertThatThrownBy(() -> m.scores(new float[7])).hasMessageContaining("x has length 7");
    }
}
