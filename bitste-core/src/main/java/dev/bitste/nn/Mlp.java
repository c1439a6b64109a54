package dev.bitste.nn;

import dev.bitste.data.LabeledImages;
import dev.bitste.ste.QuantizedObjective;
import dev.bitste.util.Checks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A quantized multilayer perceptron in training form. The latent weights of all layers are one vector
 * {@code theta} (what the gradient estimators perturb); layer {@code l} multiplies its input by
 * {@code scale[l] * quantize(W_l)}, optionally batch-normalizes (parameters gamma and beta in {@code phi}),
 * then applies the activation (none after the last layer, whose outputs are the logits of a softmax
 * cross-entropy loss). Training math is float on the quantized weights; batch statistics during training,
 * population statistics ({@link #calibrate}) for evaluation. The passes run on the training kernels as its
 * {@link MlpCompute} says (kernels, threads, packed or float products; see {@link MlpPass}); a model is not
 * thread-safe.
 */
public final class Mlp {
    /** Images per forward pass when calibrating and evaluating. */
    static final int EVALUATION_CHUNK = 1000;

    private final MlpSpec spec;
    private final float[] theta;
    private final int[] thetaOffset;
    private final float[] scale;
    private final float[] phi;
    private final int[] phiOffset;
    private final float[][] popMean;
    private final float[][] popVar;
    private MlpCompute compute = MlpCompute.defaults();
    /** Buffers of the passes, by capacity (the training batch, the evaluation chunk). */
    private final List<MlpPass> passes = new ArrayList<>();

    private Mlp(MlpSpec spec, float[] theta, float[] scale, float[] phi) {
        this.spec = spec;
        int layers = spec.layers();
        thetaOffset = new int[layers + 1];
        phiOffset = new int[layers + 1];
        for (int l = 0; l < layers; l++) {
            thetaOffset[l + 1] = thetaOffset[l] + spec.in(l) * spec.out(l);
            phiOffset[l + 1] = phiOffset[l] + (spec.batchNorm() ? 2 * spec.out(l) : 0);
        }
        Checks.sameLength("theta", thetaOffset[layers], theta.length);
        Checks.sameLength("scale", layers, scale.length);
        Checks.sameLength("phi", phiOffset[layers], phi.length);
        this.theta = theta;
        this.scale = scale;
        this.phi = phi;
        popMean = new float[layers][];
        popVar = new float[layers][];
        for (int l = 0; l < layers; l++) {
            popMean[l] = new float[spec.out(l)];
            popVar[l] = new float[spec.out(l)];
            Arrays.fill(popVar[l], 1f);
        }
    }

    /**
     * A fresh network: latent weights uniform in {@code +-clip/2} (so the 2-bit levels start evenly used and
     * binary weights can change sign in a few steps), scales {@code gain / (level std * sqrt(fan-in))},
     * batch norm gamma = 1, beta = 0.
     */
    public static Mlp initialize(MlpSpec spec, long seed) {
        Checks.notNull("spec", spec);
        SplittableRandom rnd = new SplittableRandom(seed);
        int layers = spec.layers();
        int n = 0;
        int bn = 0;
        for (int l = 0; l < layers; l++) {
            n += spec.in(l) * spec.out(l);
            bn += spec.batchNorm() ? 2 * spec.out(l) : 0;
        }
        float range = spec.weights() == WeightQuantizer.TWO_BIT ? 2f : 0.5f;
        float[] theta = new float[n];
        for (int i = 0; i < n; i++) {
            theta[i] = (float) rnd.nextDouble(-range, range);
        }
        double levelStd = spec.weights() == WeightQuantizer.TWO_BIT ? Math.sqrt(1.25) : 1;
        double gain = spec.activation() == Activation.FLOAT && !spec.batchNorm() ? Math.sqrt(2) : 1;
        float[] scale = new float[layers];
        for (int l = 0; l < layers; l++) {
            scale[l] = (float) (gain / (levelStd * Math.sqrt(spec.in(l))));
        }
        float[] phi = new float[bn];
        Mlp m = new Mlp(spec, theta, scale, phi);
        for (int l = 0; l < layers && spec.batchNorm(); l++) {
            Arrays.fill(phi, m.phiOffset[l], m.phiOffset[l] + spec.out(l), 1f);
        }
        return m;
    }

    /**
     * Random batch-norm parameters (gamma of both signs, in {@code +-[0.5, 1.5]}; beta in {@code +-0.5}), for
     * benchmarks and tests of an untrained network whose units are not all alike.
     */
    public Mlp randomizeBatchNorm(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int l = 0; l < spec.layers() && spec.batchNorm(); l++) {
            for (int j = 0; j < spec.out(l); j++) {
                phi[phiOffset[l] + j] = (float) (rnd.nextDouble(0.5, 1.5) * (rnd.nextInt(4) == 0 ? -1 : 1));
                phi[phiOffset[l] + spec.out(l) + j] = (float) rnd.nextDouble(-0.5, 0.5);
            }
        }
        return this;
    }

    public MlpSpec spec() {
        return spec;
    }

    /** Runs this model's passes as {@code compute} says from now on; returns this model. */
    public Mlp compute(MlpCompute compute) {
        this.compute = Checks.notNull("compute", compute);
        passes.clear();
        return this;
    }

    /** How this model's passes run. */
    public MlpCompute compute() {
        return compute;
    }

    /** The pass buffers for {@code size} samples: the smallest kept pass that holds them, or a new one. */
    private MlpPass pass(int size) {
        MlpPass best = null;
        for (MlpPass p : passes) {
            if (p.capacity() >= size && (best == null || p.capacity() < best.capacity())) {
                best = p;
            }
        }
        if (best == null) {
            if (passes.size() >= 3) {
                passes.remove(0);
            }
            best = new MlpPass(spec, compute, size);
            passes.add(best);
        }
        return best;
    }

    /** The latent weights of all layers (live: optimizers update it in place). */
    public float[] theta() {
        return theta;
    }

    /** Batch-norm gamma and beta of all layers (live). */
    public float[] phi() {
        return phi;
    }

    /** Offset of layer {@code l}'s weights (row-major out x in) in {@link #theta()}. */
    public int thetaOffset(int l) {
        return thetaOffset[l];
    }

    /** Offset of layer {@code l}'s gamma (then beta) in {@link #phi()}. */
    public int phiOffset(int l) {
        return phiOffset[l];
    }

    public float scale(int l) {
        return scale[l];
    }

    /** Layer {@code l}'s batch-norm gamma (a copy). */
    private float[] gamma(int l) {
        return Arrays.copyOfRange(phi, phiOffset[l], phiOffset[l] + spec.out(l));
    }

    /** Layer {@code l}'s batch-norm beta (a copy). */
    private float[] beta(int l) {
        return Arrays.copyOfRange(phi, phiOffset[l] + spec.out(l), phiOffset[l] + 2 * spec.out(l));
    }

    /** Layer {@code l}'s batch norm in evaluation form (population statistics), as copies. */
    public BatchNorm batchNorm(int l) {
        if (!spec.batchNorm()) {
            throw new IllegalStateException("this network has no batch norm: " + spec);
        }
        return new BatchNorm(gamma(l), beta(l), popMean[l].clone(), popVar[l].clone());
    }

    /**
     * The first latent weight, batch-norm parameter or population statistic that is NaN or infinite, described
     * (e.g. {@code "batch-norm gamma/beta phi[12] is NaN"}); null when every one is finite.
     */
    public String nonFiniteParameter() {
        String[] names = {"latent weight theta", "batch-norm gamma/beta phi", "weight scale"};
        float[][] arrays = {theta, phi, scale};
        for (int a = 0; a < arrays.length; a++) {
            int i = firstNonFinite(arrays[a]);
            if (i >= 0) {
                return names[a] + "[" + i + "] is " + arrays[a][i];
            }
        }
        for (int l = 0; l < spec.layers(); l++) {
            int m = firstNonFinite(popMean[l]);
            int v = firstNonFinite(popVar[l]);
            if (m >= 0 || v >= 0) {
                return "layer " + l + "'s population " + (m >= 0 ? "mean[" + m + "] is " + popMean[l][m]
                        : "variance[" + v + "] is " + popVar[l][v]);
            }
        }
        return null;
    }

    private static int firstNonFinite(float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                return i;
            }
        }
        return -1;
    }

    /** Keeps every latent weight inside the quantizer's clip range (where the STE gradient lives). */
    public void clipLatent() {
        float c = spec.weights().clip();
        compute.shards().forEach(theta.length, (s, from, to) -> compute.kernels().clamp(theta, from, to, c));
    }

    /** Layer {@code l}'s population mean of its pre-activations (live). */
    float[] populationMean(int l) {
        return popMean[l];
    }

    /** Layer {@code l}'s population variance of its pre-activations (live). */
    float[] populationVar(int l) {
        return popVar[l];
    }

    /** {@code scale * quantize(theta)} of layer {@code l}, row-major out x in. */
    public float[] quantizedWeights(float[] latent, int l) {
        int n = spec.in(l) * spec.out(l);
        float[] w = new float[n];
        WeightQuantizer q = spec.weights();
        float s = scale[l];
        int off = thetaOffset[l];
        for (int i = 0; i < n; i++) {
            w[i] = s * q.quantize(latent[off + i]);
        }
        return w;
    }

    /** Softmax cross-entropy averaged over the batch; if {@code dLogits} is given, its gradient goes there. */
    static double crossEntropy(float[] logits, int[] labels, int size, int classes, float[] dLogits) {
        double loss = 0;
        double[] e = new double[classes];
        for (int b = 0; b < size; b++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, logits[b * classes + c]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                e[c] = Math.exp(logits[b * classes + c] - max);
                sum += e[c];
            }
            loss += Math.log(sum) - (logits[b * classes + labels[b]] - max);
            if (dLogits != null) {
                for (int c = 0; c < classes; c++) {
                    dLogits[b * classes + c] = (float) ((e[c] / sum - (c == labels[b] ? 1 : 0)) / size);
                }
            }
        }
        return loss / size;
    }

    /** The training loss (batch statistics) with latent weights {@code latent}: one forward pass. */
    public double loss(float[] latent, Batch batch) {
        MlpPass p = pass(batch.size());
        if (!p.forward(this, latent, batch.inputs(), batch.size(), true)) {
            return Double.NaN;
        }
        return crossEntropy(p.logits(), batch.labels(), batch.size(), spec.out(spec.layers() - 1), null);
    }

    /** The outcome of a forward and backward pass. */
    public record Gradients(double loss, int correct) {
    }

    /**
     * Forward and backward pass with latent weights {@code latent}: STE gradient of the loss for the latent
     * weights into {@code gradTheta}, exact gradient for gamma and beta into {@code gradPhi} (either may be null).
     * A NaN latent weight gives a NaN loss and NaN gradients.
     */
    public Gradients lossAndGradients(float[] latent, Batch batch, float[] gradTheta, float[] gradPhi) {
        Checks.sameLength("latent", theta.length, latent.length);
        MlpPass p = pass(batch.size());
        if (!p.forward(this, latent, batch.inputs(), batch.size(), true)) {
            for (float[] grad : new float[][] {gradTheta, gradPhi}) {
                if (grad != null) {
                    Arrays.fill(grad, Float.NaN);
                }
            }
            return new Gradients(Double.NaN, 0);
        }
        double loss = p.backward(this, latent, batch.labels(), gradTheta, gradPhi);
        return new Gradients(loss, countCorrect(p.logits(), batch.labels(), batch.size(), spec.out(spec.layers() - 1)));
    }


    static int countCorrect(float[] logits, int[] labels, int size, int classes) {
        int correct = 0;
        for (int b = 0; b < size; b++) {
            if (argmax(logits, b * classes, classes) == labels[b]) {
                correct++;
            }
        }
        return correct;
    }

    static int argmax(float[] v, int off, int n) {
        int best = 0;
        for (int c = 1; c < n; c++) {
            if (v[off + c] > v[off + best]) {
                best = c;
            }
        }
        return best;
    }

    /**
     * Sets the batch-norm population statistics to those of the pre-activations over (up to {@code limit})
     * images of {@code data}, computed in chunks with batch statistics as in training.
     */
    public void calibrate(LabeledImages data, int limit) {
        if (!spec.batchNorm()) {
            return;
        }
        int n = Math.min(limit, data.count());
        int chunk = Math.min(EVALUATION_CHUNK, n);
        int layers = spec.layers();
        double[][] s = new double[layers][];
        double[][] s2 = new double[layers][];
        float[][] mean = new float[layers][];
        float[][] var = new float[layers][];
        for (int l = 0; l < layers; l++) {
            s[l] = new double[spec.out(l)];
            s2[l] = new double[spec.out(l)];
            mean[l] = new float[spec.out(l)];
            var[l] = new float[spec.out(l)];
        }
        for (int from = 0; from < n; from += chunk) {
            int size = Math.min(chunk, n - from);
            if (!pass(size).forwardMoments(this, Batch.of(data, null, from, size).inputs(), size, mean, var)) {
                for (int l = 0; l < layers; l++) { // a NaN latent weight: statistics NaN too (nonFiniteParameter)
                    Arrays.fill(popMean[l], Float.NaN);
                    Arrays.fill(popVar[l], Float.NaN);
                }
                return;
            }
            for (int l = 0; l < layers; l++) {
                for (int j = 0; j < spec.out(l); j++) {
                    s[l][j] += (double) mean[l][j] * size;
                    s2[l][j] += ((double) var[l][j] + (double) mean[l][j] * mean[l][j]) * size;
                }
            }
        }
        for (int l = 0; l < layers; l++) {
            for (int j = 0; j < spec.out(l); j++) {
                double m = s[l][j] / n;
                popMean[l][j] = (float) m;
                popVar[l][j] = (float) Math.max(0, s2[l][j] / n - m * m);
            }
        }
    }

    /** Logits of {@code size} inputs with population statistics (evaluation mode). */
    public float[] logits(float[] inputs, int size) {
        Checks.positive("size", size);
        MlpPass p = pass(size);
        int classes = spec.out(spec.layers() - 1);
        if (!p.forward(this, theta, inputs, size, false)) {
            float[] nan = new float[size * classes];
            Arrays.fill(nan, Float.NaN);
            return nan;
        }
        return Arrays.copyOf(p.logits(), size * classes);
    }

    /** Mean cross-entropy over (up to {@code limit}) images of {@code data} in evaluation mode. */
    public double meanLoss(LabeledImages data, int limit) {
        int classes = spec.out(spec.layers() - 1);
        return evaluate(data, limit, (b, logits) -> b.size() * crossEntropy(logits, b.labels(), b.size(), classes, null));
    }

    /** Fraction of (up to {@code limit}) images of {@code data} classified correctly in evaluation mode. */
    public double accuracy(LabeledImages data, int limit) {
        int classes = spec.out(spec.layers() - 1);
        return evaluate(data, limit, (b, logits) -> countCorrect(logits, b.labels(), b.size(), classes));
    }

    /** The mean over images of a per-chunk sum computed from the evaluation-mode logits. */
    private double evaluate(LabeledImages data, int limit, java.util.function.ToDoubleBiFunction<Batch, float[]> sum) {
        int n = Math.min(limit, data.count());
        double total = 0;
        for (int from = 0; from < n; from += EVALUATION_CHUNK) {
            Batch b = Batch.of(data, null, from, Math.min(EVALUATION_CHUNK, n - from));
            total += sum.applyAsDouble(b, logits(b.inputs(), b.size()));
        }
        return total / n;
    }

    /** The loss of {@code batch} as a {@link QuantizedObjective} of the latent weights; gamma/beta gradients go to {@code gradPhi}. */
    public BatchObjective objective(Batch batch, float[] gradPhi) {
        return new BatchObjective(batch, gradPhi);
    }

    /** One mini-batch's loss as a function of the latent weights. */
    public final class BatchObjective implements QuantizedObjective {
        private final Batch batch;
        private final float[] gradPhi;
        private int correct;

        private BatchObjective(Batch batch, float[] gradPhi) {
            this.batch = batch;
            this.gradPhi = gradPhi;
        }

        @Override
        public int dimension() {
            return theta.length;
        }

        @Override
        public double quantizerStep() {
            return 1; // latent weights are in units of the quantizer step
        }

        @Override
        public double epsBar() {
            return spec.weights().epsBar();
        }

        @Override
        public double loss(float[] latent) {
            return Mlp.this.loss(latent, batch);
        }

        @Override
        public double lossAndSteGradient(float[] latent, float[] gradient) {
            Gradients g = lossAndGradients(latent, batch, gradient, gradPhi);
            correct = g.correct();
            return g.loss();
        }

        /** Correct predictions of the last forward-backward pass (training mode). */
        public int correct() {
            return correct;
        }
    }
}
