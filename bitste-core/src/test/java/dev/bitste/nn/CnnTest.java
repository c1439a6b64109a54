package dev.bitste.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitste.kernels.ConvShape.Padding;
import dev.bitste.kernels.Surrogate;
import dev.bitste.util.Shards;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class CnnTest {
    static Batch randomBatch(int images, int pixels, int classes, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[images * pixels];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        int[] y = new int[images];
        for (int i = 0; i < images; i++) {
            y[i] = rnd.nextInt(classes);
        }
        return new Batch(x, y, images, pixels);
    }

    /** Every kind of layer with float weights and activations: the gradient is the exact one (up to the kinks). */
    static Cnn small(long seed) {
        return Cnn.builder(new FeatureShape(6, 5, 2))
                .conv(3, 3, 1, Padding.SAME, false).batchNorm(true).maxPool(2, 2).activation(CnnActivation.relu())
                .conv(4, 1, 1, Padding.VALID, false).batchNorm(false).activation(CnnActivation.relu())
                .dense(3, false).batchNorm(true)
                .build(seed);
    }

    /** Binary weights, sign and quantized activations, stride 2. */
    static Cnn smallBinary(long seed) {
        return Cnn.builder(new FeatureShape(10, 9, 2))
                .conv(5, 3, 1, Padding.SAME, true).batchNorm(true).maxPool(2, 2).activation(CnnActivation.sign())
                .conv(4, 3, 2, Padding.SAME, true).batchNorm(false)
                .activation(CnnActivation.quantized(2, Surrogate.REVEXP))
                .dense(3, true).batchNorm(true)
                .build(seed);
    }

    static double loss(Cnn net, Batch b) {
        return net.lossAndGradient(b, new float[net.parameters().length], Shards.sequential(3)).loss();
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Cnn net = small(3);
        Batch b = randomBatch(7, 60, 3, 5);
        float[] p = net.parameters();
        for (int i = 0; i < p.length; i++) {
            p[i] += (float) (0.3 * new SplittableRandom(i).nextGaussian()); // move gamma/beta away from 1 and 0
        }
        float[] grad = new float[p.length];
        net.lossAndGradient(b, grad, Shards.sequential(3));
        double diff = 0;
        double norm = 0;
        float h = 1e-3f; // small enough not to cross the kinks of ReLU and max-pool here
        for (int i = 0; i < p.length; i++) {
            float keep = p[i];
            p[i] = keep + h;
            double plus = loss(net, b);
            p[i] = keep - h;
            double minus = loss(net, b);
            p[i] = keep;
            double fd = (plus - minus) / (2 * h);
            diff += (fd - grad[i]) * (fd - grad[i]);
            norm += fd * fd;
        }
        assertThat(norm).isGreaterThan(1e-4);
        assertThat(Math.sqrt(diff / norm)).as("relative error of the gradient").isLessThan(0.02);
    }

    @Test
    void resultsDoNotDependOnTheThreads() throws Exception {
        Batch b = randomBatch(13, 180, 3, 9);
        Cnn one = smallBinary(4);
        Cnn three = smallBinary(4);
        float[] g1 = new float[one.parameters().length];
        float[] g3 = new float[three.parameters().length];
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            double l1 = one.lossAndGradient(b, g1, new Shards(CnnTrainer.SHARDS, null)).loss();
            double l3 = three.lossAndGradient(b, g3, new Shards(CnnTrainer.SHARDS, pool)).loss();
            assertThat(l3).isEqualTo(l1);
            assertThat(g3).isEqualTo(g1);
            assertThat(g1).as("some gradient reaches the binary latent weights").satisfies(g -> {
                double s = 0;
                for (float v : g) {
                    s += Math.abs(v);
                }
                assertThat(s).isGreaterThan(0);
            });
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void lenet5HasLeCunsShapesAndBatchNormWithoutScaleBeforeEveryActivation() {
        Cnn net = Cnn.lenet5(CnnActivation.quantized(2, Surrogate.REVEXP), 1);
        assertThat(net.layers()).filteredOn(l -> l instanceof ConvLayer).extracting(l -> l.out().toString())
                .containsExactly("28x28x6", "10x10x16", "1x1x120", "1x1x84", "1x1x10");
        assertThat(net.parameters()).hasSize(6 * 25 + 16 * 150 + 400 * 120 + 120 * 84 + 84 * 10 + 2 * 10);
        for (int l = 0; l < net.layers().size(); l++) {
            if (net.layers().get(l) instanceof ActivationLayer a) {
                assertThat(a.activation().kind()).isEqualTo(CnnActivation.Kind.QUANTIZED);
                CnnLayer before = net.layers().get(l - 1) instanceof MaxPoolLayer ? net.layers().get(l - 2)
                        : net.layers().get(l - 1);
                assertThat(before).isInstanceOfSatisfying(BatchNormLayer.class, n -> assertThat(n.affine()).isFalse());
            }
        }
        assertThat(net.classes()).isEqualTo(10);
    }

    @Test
    void binaryLayersMultiplyByScaledSignsOfClippedLatentWeights() {
        Cnn net = Cnn.binary(2);
        ConvLayer first = (ConvLayer) net.layers().get(0);
        assertThat(first.binaryWeights()).isTrue();
        float[] latent = first.latentWeights();
        float[] w = first.weights();
        for (int i = 0; i < w.length; i++) {
            assertThat(w[i]).isEqualTo(first.scale() * (latent[i] >= 0 ? 1 : -1));
        }
        net.parameters()[first.parameterOffset()] = 7f;
        net.clipLatent();
        assertThat(net.parameters()[first.parameterOffset()]).isEqualTo(1f);
        assertThat(net.layers().getLast().out()).isEqualTo(new FeatureShape(1, 1, 10));
    }

    @Test
    void quantizedActivationUsesTheSurrogateDerivativeAtTheScaledInput() {
        CnnActivation a = CnnActivation.quantized(2, Surrogate.REVEXP);
        float step = a.step();
        float[] x = {-1f, 0f, 0.3f * step, step, 2.5f * step, 7f * step};
        float[] dy = {1f, 2f, 3f, 4f, 5f, 6f};
        float[] dx = new float[x.length];
        a.backward(x, dy, dx, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            assertThat(dx[i]).isCloseTo(dy[i] * Surrogate.REVEXP.derivative(x[i] / step, 2),
                    org.assertj.core.data.Offset.offset(1e-5f));
            assertThat(a.apply(x[i])).isEqualTo(step * Math.min(3, Math.max(0, (float) Math.ceil(x[i] / step))));
        }
        assertThat(CnnActivation.sign().apply(-0f)).isEqualTo(1f);
        assertThatThrownBy(() -> CnnActivation.ofBits(9, Surrogate.RELU))
                .hasMessage("activation-bits must be 1..8 or 32 (float), got 9");
        assertThat(CnnActivation.ofBits(32, Surrogate.RELU).kind()).isEqualTo(CnnActivation.Kind.RELU);
    }

    @Test
    void trainingOnEasyDataLearnsIt() {
        // two classes told apart by the brightness of the left half of the image
        SplittableRandom rnd = new SplittableRandom(1);
        int n = 256;
        byte[] images = new byte[n * 784];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) rnd.nextInt(2);
            for (int p = 0; p < 784; p++) {
                boolean left = p % 28 < 14;
                images[i * 784 + p] = (byte) (rnd.nextInt(100) + (left == (labels[i] == 1) ? 120 : 0));
            }
        }
        dev.bitste.data.LabeledImages data = new dev.bitste.data.LabeledImages(images, labels, n, 784, 10);
        Cnn net = Cnn.lenet5(CnnActivation.quantized(2, Surrogate.RELU), 1);
        double[] last = new double[1];
        new CnnTrainer(net, new CnnTrainer.Settings(2, 32, "sgd", 0.1, CnnTrainer.Schedule.STEP, 20, 1, 2))
                .train(data, null, data, s -> last[0] = s.testAccuracy());
        assertThat(last[0]).isGreaterThan(0.9);
    }
}
