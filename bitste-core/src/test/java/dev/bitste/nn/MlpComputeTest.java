package dev.bitste.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bitste.data.LabeledImages;
import dev.bitste.kernels.KernelChoice;
import dev.bitste.kernels.TrainKernels;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The passes on the training kernels (every implementation and width, packed and float products) against the
 * plain float reference ({@link ReferenceMlp}), and the same bits for every thread count.
 */
class MlpComputeTest {
    /** Shapes with tails everywhere; each weight / activation / batch-norm combination the trainer runs. */
    static final List<MlpSpec> SPECS = List.of(
            new MlpSpec(new int[] {100, 70, 130, 10}, WeightQuantizer.BINARY, Activation.BINARY, true),
            new MlpSpec(new int[] {100, 65, 33, 7}, WeightQuantizer.TWO_BIT, Activation.BINARY, true),
            new MlpSpec(new int[] {100, 40, 10}, WeightQuantizer.TWO_BIT, Activation.FLOAT, false),
            new MlpSpec(new int[] {50, 20, 9}, WeightQuantizer.BINARY, Activation.FLOAT, true),
            new MlpSpec(new int[] {30, 17, 5}, WeightQuantizer.BINARY, Activation.BINARY, false));

    /**
     * Packed products at every width (the preferred width is one of them), float products (the benchmarks'
     * baseline) on the scalar reference and the preferred width.
     */
    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (KernelChoice c : KernelChoice.available()) {
            boolean preferred = c.kind() == KernelChoice.Kind.VECTOR && c.vectorBits() == 0;
            for (MlpCompute.Products products : MlpCompute.Products.values()) {
                boolean run = products == MlpCompute.Products.SIGNS ? !preferred
                        : preferred || c.kind() == KernelChoice.Kind.SCALAR;
                for (int s = 0; run && s < SPECS.size(); s++) {
                    all.add(Arguments.of(c, products, s));
                }
            }
        }
        return all.stream();
    }

    /** {@code size} images of {@code width} 8-bit pixels (as Batch.of scales them) with labels. */
    static Batch batch(int size, int width, int classes, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[size * width];
        int[] y = new int[size];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextInt(4) == 0 ? 0f : rnd.nextInt(256) * (1f / 255f);
        }
        for (int i = 0; i < size; i++) {
            y[i] = rnd.nextInt(classes);
        }
        return new Batch(x, y, size, width);
    }

    static Mlp model(MlpSpec spec, long seed) {
        Mlp m = Mlp.initialize(spec, seed).randomizeBatchNorm(seed + 1);
        // latent weights past the clip range in one layer, so the STE derivative's zeros are exercised
        float[] theta = m.theta();
        for (int i = 0; i < 50; i++) {
            theta[m.thetaOffset(spec.layers() - 1) + i] *= 3;
        }
        return m;
    }

    /** {@code |a - b| <= tol * max|b|} everywhere. */
    static void close(String what, float[] actual, float[] expected, double tol) {
        double max = 0;
        for (float v : expected) {
            max = Math.max(max, Math.abs(v));
        }
        assertThat(max).as("%s: something to compare", what).isGreaterThan(0);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("%s[%d]", what, i).isCloseTo(expected[i], within(tol * max));
        }
    }

    @ParameterizedTest(name = "{0} {1} spec {2}")
    @MethodSource("cases")
    void lossAndGradientsMatchTheFloatReference(KernelChoice choice, MlpCompute.Products products, int specIndex) {
        MlpSpec spec = SPECS.get(specIndex);
        Mlp m = model(spec, 10 + specIndex);
        Batch batch = batch(37, spec.in(0), spec.out(spec.layers() - 1), specIndex);
        float[] refTheta = new float[m.theta().length];
        float[] refPhi = new float[m.phi().length];
        Mlp.Gradients ref = new ReferenceMlp(m).lossAndGradients(m.theta(), batch, refTheta, refPhi);
        m.compute(MlpCompute.of(TrainKernels.of(choice), 1, products));
        float[] gradTheta = new float[refTheta.length];
        float[] gradPhi = new float[refPhi.length];
        Mlp.Gradients got = m.lossAndGradients(m.theta(), batch, gradTheta, gradPhi);
        assertThat(got.loss()).isCloseTo(ref.loss(), within(1e-5 * ref.loss()));
        if (spec.batchNorm() || spec.activation() == Activation.FLOAT) {
            // (binary activations without batch norm give integer logits whose argmax ties rounding decides)
            assertThat(got.correct()).isEqualTo(ref.correct());
        }
        assertThat(m.loss(m.theta(), batch)).isEqualTo(got.loss());
        close("gradTheta", gradTheta, refTheta, 1e-4);
        if (spec.batchNorm()) {
            close("gradPhi", gradPhi, refPhi, 1e-4);
        }
        int zeroed = 0;
        for (int i = m.thetaOffset(spec.layers() - 1); i < m.thetaOffset(spec.layers() - 1) + 50; i++) {
            if (Math.abs(m.theta()[i]) > spec.weights().clip()) {
                assertThat(gradTheta[i]).isZero();
                zeroed++;
            }
        }
        assertThat(zeroed).as("latent weights outside the clip range").isPositive();
    }

    @Test
    void theSameBitsForEveryThreadCount() {
        MlpSpec spec = new MlpSpec(new int[] {100, 200, 130, 10}, WeightQuantizer.BINARY, Activation.BINARY, true);
        Batch batch = batch(41, 100, 10, 3);
        for (KernelChoice choice : KernelChoice.available()) {
            for (MlpCompute.Products products : MlpCompute.Products.values()) {
                float[][] first = null;
                for (int threads = 1; threads <= 3; threads++) {
                    Mlp m = model(spec, 5).compute(MlpCompute.of(TrainKernels.of(choice), threads, products));
                    float[] gradTheta = new float[m.theta().length];
                    float[] gradPhi = new float[m.phi().length];
                    double loss = m.lossAndGradients(m.theta(), batch, gradTheta, gradPhi).loss();
                    float[][] result = {gradTheta, gradPhi, {(float) loss}, m.logits(batch.inputs(), batch.size())};
                    if (first == null) {
                        first = result;
                    } else {
                        for (int i = 0; i < result.length; i++) {
                            assertThat(result[i]).as("%s %s, %d threads, result %d", choice, products, threads, i)
                                    .isEqualTo(first[i]);
                        }
                    }
                }
            }
        }
    }

    /**
     * A fresh network (beta = 0) on 0/1 pixels: every pre-activation is an exact integer, and with images that differ
     * in a few pixels many units sit exactly at their batch mean. Every implementation decides those ties the same
     * way (the output is beta, so the sign is +1), where float sums of {@code +-s} leave them to rounding.
     */
    @Test
    void batchNormTiesAreDecidedExactly() {
        MlpSpec spec = new MlpSpec(new int[] {64, 96, 96, 10}, WeightQuantizer.BINARY, Activation.BINARY, true);
        SplittableRandom rnd = new SplittableRandom(8);
        int size = 8;
        float[] x = new float[size * 64];
        int[] labels = new int[size];
        for (int i = 0; i < 64; i++) {
            x[i] = rnd.nextBoolean() ? 1f : 0f;
        }
        for (int b = 1; b < size; b++) {
            System.arraycopy(x, 0, x, b * 64, 64);
            for (int flip = 0; flip < 2; flip++) { // an even change: 3 flips would make every tie impossible
                int i = b * 64 + rnd.nextInt(64);
                x[i] = 1f - x[i];
            }
            labels[b] = rnd.nextInt(10);
        }
        Batch batch = new Batch(x, labels, size, 64);
        Mlp fresh = Mlp.initialize(spec, 2);
        ReferenceMlp.Pass p = new ReferenceMlp(fresh).forward(fresh.theta(), x, size, true);
        int ties = 0;
        for (int l = 0; l < 2; l++) {
            for (float v : p.zhat[l]) {
                ties += Math.abs(v) < 1e-4 ? 1 : 0;
            }
        }
        assertThat(ties).as("hidden units at their batch mean").isGreaterThan(size * 96 * 2 / 40);
        Double loss = null;
        float[] gradient = null;
        for (KernelChoice choice : KernelChoice.available()) {
            Mlp m = Mlp.initialize(spec, 2).compute(MlpCompute.of(TrainKernels.of(choice), 2,
                    MlpCompute.Products.SIGNS));
            double l = m.loss(m.theta(), batch);
            float[] g = new float[m.theta().length];
            assertThat(m.lossAndGradients(m.theta(), batch, g, null).loss()).isEqualTo(l);
            if (loss == null) {
                loss = l;
                gradient = g;
            } else {
                assertThat(l).as(choice.label()).isEqualTo(loss);
                close("gradient " + choice.label(), g, gradient, 1e-4);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1} spec {2}")
    @MethodSource("cases")
    void evaluationAndCalibrationMatchTheReference(KernelChoice choice, MlpCompute.Products products,
            int specIndex) {
        MlpSpec spec = SPECS.get(specIndex);
        if (!spec.batchNorm()) {
            return;
        }
        LabeledImages data = MlpTest.brighterHalf(150, spec.in(0), 4);
        Mlp m = model(spec, 20 + specIndex).compute(MlpCompute.of(TrainKernels.of(choice), 2, products));
        m.clipLatent();
        float[] inputs = Batch.of(data, null, 0, 150).inputs();
        float[][][] moments = new ReferenceMlp(m).moments(inputs, 150);
        m.calibrate(data, 150);
        for (int l = 0; l < spec.layers(); l++) {
            BatchNorm bn = m.batchNorm(l);
            close("mean " + l, bn.mean(), moments[0][l], 1e-4);
            close("var " + l, bn.var(), moments[1][l], 1e-4);
        }
        close("logits", m.logits(inputs, 150), new ReferenceMlp(m).logits(inputs, 150), 1e-4);
        assertThat(m.accuracy(data, 150)).isBetween(0.0, 1.0);
    }
}
