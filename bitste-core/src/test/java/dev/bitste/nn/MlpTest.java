package dev.bitste.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.bitste.data.LabeledImages;
import dev.bitste.ste.SteEstimator;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MlpTest {

    /** Random images whose label says which half of the pixels is brighter: learnable by a small MLP. */
    static LabeledImages brighterHalf(int count, int pixels, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] im = new byte[count * pixels];
        byte[] lb = new byte[count];
        for (int i = 0; i < count; i++) {
            long left = 0;
            long right = 0;
            for (int p = 0; p < pixels; p++) {
                int v = rnd.nextInt(256);
                im[i * pixels + p] = (byte) v;
                if (p < pixels / 2) {
                    left += v;
                } else {
                    right += v;
                }
            }
            lb[i] = (byte) (left > right ? 1 : 0);
        }
        return new LabeledImages(im, lb, count, pixels, 2);
    }

    /** A network with random latent weights, gamma of both signs, and calibrated statistics. */
    static Mlp randomModel(MlpSpec spec, long seed, LabeledImages calibration) {
        Mlp m = Mlp.initialize(spec, seed).randomizeBatchNorm(seed + 1);
        m.calibrate(calibration, Integer.MAX_VALUE);
        return m;
    }

    @Test
    void batchNormAndBackpropGradientsMatchFiniteDifferences() {
        // float activations: the loss is differentiable in gamma and beta of every layer, so the backward pass
        // through all layers, batch norm and ReLU can be checked against central differences
        MlpSpec spec = new MlpSpec(new int[] {13, 9, 7, 3}, WeightQuantizer.TWO_BIT, Activation.FLOAT, true);
        Mlp m = Mlp.initialize(spec, 3);
        SplittableRandom rnd = new SplittableRandom(5);
        float[] phi = m.phi();
        for (int i = 0; i < phi.length; i++) {
            phi[i] = (float) rnd.nextDouble(0.5, 1.5) * (i % 3 == 0 ? -1 : 1);
        }
        float[] x = new float[16 * 13];
        int[] y = new int[16];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextDouble();
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = rnd.nextInt(3);
        }
        Batch batch = new Batch(x, y, 16, 13);
        float[] gradPhi = new float[phi.length];
        m.lossAndGradients(m.theta(), batch, null, gradPhi);
        double h = 1e-2;
        int checked = 0;
        for (int i = 0; i < phi.length; i++) {
            float saved = phi[i];
            phi[i] = (float) (saved + h);
            double up = m.loss(m.theta(), batch);
            phi[i] = (float) (saved - h);
            double down = m.loss(m.theta(), batch);
            phi[i] = saved;
            double fd = (up - down) / (2 * h);
            assertThat((double) gradPhi[i]).as("d loss / d phi[%d]", i).isCloseTo(fd, within(2e-3 + 0.02 * Math.abs(fd)));
            checked += Math.abs(fd) > 1e-3 ? 1 : 0;
        }
        assertThat(checked).as("non-trivial gradients checked").isGreaterThan(phi.length / 2);
    }

    @Test
    void steGradientOfTheLastLayerIsScaleTimesInputOuterOutputGradient() {
        // one layer, no batch norm: dL/dlatent = scale * (softmax - onehot)^T x / B inside the clip range
        MlpSpec spec = new MlpSpec(new int[] {5, 3}, WeightQuantizer.BINARY, Activation.BINARY, false);
        Mlp m = Mlp.initialize(spec, 11);
        float[] x = {0.1f, 0.9f, 0.3f, 0f, 0.5f, 1f, 0.2f, 0.7f, 0.4f, 0.6f};
        int[] y = {2, 0};
        float[] g = new float[15];
        m.lossAndGradients(m.theta(), new Batch(x, y, 2, 5), g, null);
        float[] w = m.quantizedWeights(m.theta(), 0);
        for (int j = 0; j < 3; j++) {
            for (int i = 0; i < 5; i++) {
                double expected = 0;
                for (int b = 0; b < 2; b++) {
                    double[] z = new double[3];
                    double sum = 0;
                    for (int c = 0; c < 3; c++) {
                        for (int k = 0; k < 5; k++) {
                            z[c] += x[b * 5 + k] * w[c * 5 + k];
                        }
                        sum += Math.exp(z[c]);
                    }
                    expected += (Math.exp(z[j]) / sum - (y[b] == j ? 1 : 0)) * x[b * 5 + i] / 2;
                }
                assertThat((double) g[j * 5 + i]).isCloseTo(m.scale(0) * expected, within(1e-6));
            }
        }
    }

    @Test
    void steTrainingLearnsASyntheticTask() {
        LabeledImages train = brighterHalf(3000, 64, 1);
        LabeledImages test = brighterHalf(1000, 64, 2);
        MlpSpec spec = new MlpSpec(new int[] {64, 64, 32, 2}, WeightQuantizer.BINARY, Activation.BINARY, true);
        Mlp m = Mlp.initialize(spec, 7);
        double before = m.accuracy(test, Integer.MAX_VALUE);
        List<MlpTrainer.EpochStats> stats = new ArrayList<>();
        MlpTrainer trainer = new MlpTrainer(m, new SteEstimator(), new MlpTrainer.Settings(4, 50, 0.01, "adam", 3));
        trainer.train(train, test, stats::add);
        assertThat(stats).hasSize(4);
        assertThat(stats.get(3).loss()).isLessThan(stats.get(0).loss());
        assertThat(stats.get(3).testAccuracy()).isGreaterThan(0.85).isGreaterThan(before + 0.2);
        // 60 steps per epoch, each one forward + one backward
        assertThat(stats.get(3).forwardEquivalents()).isEqualTo(4 * 60 * 3);
        assertThat(trainer.counter().backwards()).isEqualTo(240);
        for (float t : m.theta()) {
            assertThat(Math.abs(t)).isLessThanOrEqualTo(1f);
        }
    }

    @Test
    void quantizersMatchTheirDefinitions() {
        assertThat(WeightQuantizer.BINARY.quantize(-0.0f)).isEqualTo(1f);
        assertThat(WeightQuantizer.BINARY.quantize(-1e-7f)).isEqualTo(-1f);
        float[] in = {-5f, -1.5f, -1f, -0.2f, 0f, 0.99f, 1f, 1.7f, 9f};
        float[] out = {-1.5f, -1.5f, -0.5f, -0.5f, 0.5f, 0.5f, 1.5f, 1.5f, 1.5f};
        for (int i = 0; i < in.length; i++) {
            assertThat(WeightQuantizer.TWO_BIT.quantize(in[i])).as("q(%s)", in[i]).isEqualTo(out[i]);
        }
        // noise-averaged quantizers equal the STE surrogates (docs/algorithms.md): E[q(w + eps u)] = w inside the range
        SplittableRandom rnd = new SplittableRandom(1);
        for (WeightQuantizer q : WeightQuantizer.values()) {
            double w = 0.3;
            double sum = 0;
            int n = 200_000;
            for (int i = 0; i < n; i++) {
                sum += q.quantize((float) (w + q.epsBar() * rnd.nextDouble(-Math.sqrt(3), Math.sqrt(3))));
            }
            assertThat(sum / n).as("%s", q).isCloseTo(w, within(0.01));
        }
    }

    @Test
    void divergingTrainingStopsWithTheEpochAndStepAndCannotBePacked() {
        LabeledImages data = brighterHalf(200, 20, 7);
        MlpSpec spec = new MlpSpec(new int[] {20, 16, 2}, WeightQuantizer.BINARY, Activation.BINARY, true);
        Mlp m = Mlp.initialize(spec, 1);
        List<MlpTrainer.EpochStats> epochs = new ArrayList<>();
        MlpTrainer trainer = new MlpTrainer(m, new SteEstimator(), new MlpTrainer.Settings(3, 50, 3e38, "adam", 1));
        assertThatThrownBy(() -> trainer.train(data, data, epochs::add)).isInstanceOf(TrainingDivergedException.class)
                .hasMessageStartingWith("training diverged in epoch 1, step ");
        assertThat(epochs).as("no epoch reported as if it were fine").isEmpty();
        assertThat(m.nonFiniteParameter()).isNotNull();
        assertThatThrownBy(() -> PackedMlp.of(m)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot pack a model whose");
    }

    @Test
    void finiteModelsHaveNoNonFiniteParameter() {
        MlpSpec spec = new MlpSpec(new int[] {20, 16, 2}, WeightQuantizer.TWO_BIT, Activation.BINARY, true);
        Mlp m = randomModel(spec, 2, brighterHalf(50, 20, 3));
        assertThat(m.nonFiniteParameter()).isNull();
        m.phi()[17] = Float.POSITIVE_INFINITY;
        assertThat(m.nonFiniteParameter()).isEqualTo("batch-norm gamma/beta phi[17] is Infinity");
    }

    @Test
    void architecturesAreParsedStrictlyAndSized() {
        assertThatThrownBy(() -> MlpSpec.parseArch("784-32-10-")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("784-32-10-");
        assertThatThrownBy(() -> MlpSpec.parseArch("-784-10")).isInstanceOf(IllegalArgumentException.class);
        assertThat(MlpSpec.parseArch("784-32-10")).containsExactly(784, 32, 10);
        // 784 * 3 000 000 weights wrap an int: rejected with the count rather than a negative array size
        assertThatThrownBy(() -> new MlpSpec(new int[] {784, 3_000_000, 10}, WeightQuantizer.BINARY,
                Activation.BINARY, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2382000000 weights, more than one array holds");
    }
}
