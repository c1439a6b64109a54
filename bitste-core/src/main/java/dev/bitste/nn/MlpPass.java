package dev.bitste.nn;

import dev.bitste.kernels.TrainKernels;

/**
 * The forward and backward passes of an {@link Mlp} over up to {@code capacity} samples, on buffers of that size
 * reused from pass to pass (not thread-safe: one per model, compute and batch size). The maths is
 * {@link Mlp}'s (docs/algorithms.md); here is how it runs.
 *
 * <p>Every product goes through {@link TrainKernels}. With packed products binary activations stay packed between
 * layers (the hidden forwards are XNOR-popcount products, exact integers), the first layer multiplies its float
 * pixels by the signs of W^T, and the backward pass multiplies floats by packed signs (of W, and of the layer
 * input for the weight gradient). The weight scale {@code s} of each layer is applied to the batch-norm
 * statistics rather than to the products, so hidden pre-activations stay exact: a batch-norm output is exactly
 * {@code beta} when its pre-activation equals the batch mean (common in a fresh network with integer
 * pre-activations, and otherwise decided by rounding).
 *
 * <p>Phases (each split into one shard per thread, see {@link MlpCompute}): per layer forward, a shard takes a
 * range of output columns from the product through batch norm to the packed activations; per layer backward, a
 * shard takes a range of weight-gradient rows and a range of input-gradient columns, masks those columns with the
 * straight-through derivative and runs the previous layer's batch-norm backward on them.
 */
final class MlpPass {
    private final MlpSpec spec;
    private final MlpCompute compute;
    private final TrainKernels k;
    private final int capacity;
    private final int layers;
    private final boolean signs;
    private final LayerWeights[] weights;
    /** Per layer, rows x out: pre-activations, normalized in place (zhat). */
    private final float[][] z;
    /** Per layer, rows x out: batch-norm outputs (the last layer's are the logits). */
    private final float[][] y;
    /** Per layer, rows x out: the loss gradient for y, then for z in place (scaled by s). */
    private final float[][] g;
    /** Per layer l >= 1: its ±1 input packed (binary activations, packed products), else null. */
    private final long[][] xBits;
    /** Per layer l >= 1: its float input (ReLU outputs, or ±1 floats with float products), else null. */
    private final float[][] xFloats;
    /** Per layer, per unit: the batch-norm parameters of the current pass. */
    private final float[][] mean;
    private final float[][] inv;
    private final float[][] scaledInv;
    private final float[][] gamma;
    private final float[][] beta;
    private final float[][] backScale;
    private final float[][] meanBeta;
    private final float[][] meanGamma;
    /** Per layer, per unit: column sums (forward) and batch-norm gradient sums (backward). */
    private final double[][] sum;
    private final double[][] sumSq;
    private float[] input;
    private int rows;
    /** Where the forward pass writes the (scaled) batch moments of each layer's pre-activations, when asked. */
    private float[][] momentMean;
    private float[][] momentVar;

    MlpPass(MlpSpec spec, MlpCompute compute, int capacity) {
        this.spec = spec;
        this.compute = compute;
        this.k = compute.kernels();
        this.capacity = capacity;
        layers = spec.layers();
        signs = compute.products() == MlpCompute.Products.SIGNS;
        weights = new LayerWeights[layers];
        z = new float[layers][];
        y = new float[layers][];
        g = new float[layers][];
        xBits = new long[layers][];
        xFloats = new float[layers][];
        mean = new float[layers][];
        inv = new float[layers][];
        scaledInv = new float[layers][];
        gamma = new float[layers][];
        beta = new float[layers][];
        backScale = new float[layers][];
        meanBeta = new float[layers][];
        meanGamma = new float[layers][];
        sum = new double[layers][];
        sumSq = new double[layers][];
        for (int l = 0; l < layers; l++) {
            int in = spec.in(l);
            int out = spec.out(l);
            boolean packedInput = l > 0 && signs && spec.activation() == Activation.BINARY;
            weights[l] = new LayerWeights(spec, l, compute, !packedInput);
            z[l] = new float[capacity * out];
            y[l] = new float[capacity * out];
            g[l] = new float[capacity * out];
            if (l > 0) {
                xBits[l] = packedInput ? new long[capacity * TrainKernels.words(in)] : null;
                xFloats[l] = packedInput ? null : new float[capacity * in];
            }
            for (float[][] perUnit : new float[][][] {mean, inv, scaledInv, gamma, beta, backScale, meanBeta,
                meanGamma}) {
                perUnit[l] = new float[out];
            }
            sum[l] = new double[out];
            sumSq[l] = new double[out];
        }
    }

    int capacity() {
        return capacity;
    }

    // ---- forward ----

    /**
     * The forward pass of {@code rows} inputs with latent weights {@code latent}: batch statistics (training) or
     * the population's. Returns false when a latent weight is NaN (nothing computed).
     */
    boolean forward(Mlp m, float[] latent, float[] inputs, int rows, boolean batchStats) {
        this.input = inputs;
        this.rows = rows;
        compute.parallel(s -> {
            for (int l = 0; l < layers; l++) {
                weights[l].packRows(latent, m.thetaOffset(l), compute, s);
            }
        });
        for (LayerWeights w : weights) {
            if (Float.isNaN(w.maxAbs())) {
                return false;
            }
        }
        compute.parallel(s -> {
            for (LayerWeights w : weights) {
                w.packTransposes(compute, s);
            }
        });
        for (int l = 0; l < layers && spec.batchNorm(); l++) {
            float[] phi = m.phi();
            int out = spec.out(l);
            System.arraycopy(phi, m.phiOffset(l), gamma[l], 0, out);
            System.arraycopy(phi, m.phiOffset(l) + out, beta[l], 0, out);
        }
        for (int l = 0; l < layers; l++) {
            int layer = l;
            compute.parallel(s -> forwardColumns(m, layer, batchStats, s));
        }
        return true;
    }

    /** The forward pass as {@link #forward} with batch statistics, writing each layer's (scaled) batch moments. */
    boolean forwardMoments(Mlp m, float[] inputs, int rows, float[][] meanOut, float[][] varOut) {
        momentMean = meanOut;
        momentVar = varOut;
        try {
            return forward(m, m.theta(), inputs, rows, true);
        } finally {
            momentMean = null;
            momentVar = null;
        }
    }

    /** Shard {@code s} of layer l: its output columns, from the product to the next layer's input. */
    private void forwardColumns(Mlp m, int l, boolean batchStats, int s) {
        int out = spec.out(l);
        int j0 = compute.start(s, out, 64);
        int j1 = compute.start(s + 1, out, 64);
        if (j0 >= j1) {
            return;
        }
        product(l, j0, j1);
        if (spec.batchNorm()) {
            statistics(m, l, j0, j1, batchStats);
            k.normalize(z[l], rows, out, j0, j1, mean[l], scaledInv[l], gamma[l], beta[l], z[l], y[l]);
        } else {
            k.scale(z[l], rows, out, j0, j1, m.scale(l), y[l]);
        }
        if (l < layers - 1) {
            activate(l, j0, j1);
        }
    }

    /** Columns {@code [j0, j1)} of layer l's pre-activations, without the weight scale. */
    private void product(int l, int j0, int j1) {
        int in = spec.in(l);
        int out = spec.out(l);
        int n = j1 - j0;
        LayerWeights w = weights[l];
        if (!signs) {
            k.floatProduct(floatInput(l), 0, in, 1, rows, in, w.floatsT, j0, out, n, z[l], j0, out);
        } else if (xBits[l] != null) {
            for (int p = 0; p < w.planes(); p++) {
                k.xnorProduct(xBits[l], 0, rows, w.rows[p], j0 * w.inWords, n, w.inWords, in, w.alpha[p], p > 0, z[l],
                        j0, out);
            }
        } else {
            for (int p = 0; p < w.planes(); p++) {
                k.signProduct(floatInput(l), 0, in, 1, rows, in, w.cols[p], j0 >>> 6, w.outWords, n, w.alpha[p], p > 0,
                        z[l], j0, out);
            }
        }
    }

    private float[] floatInput(int l) {
        return l == 0 ? input : xFloats[l];
    }

    /**
     * Mean and {@code s / sqrt(var + EPS)} of columns {@code [j0, j1)} of the unscaled pre-activations: from the
     * batch (sums in double, as {@link BatchNorm} defines them for {@code s z}) or the population's.
     */
    private void statistics(Mlp m, int l, int j0, int j1, boolean batchStats) {
        float s = m.scale(l);
        if (!batchStats) {
            float[] popMean = m.populationMean(l);
            float[] popVar = m.populationVar(l);
            for (int j = j0; j < j1; j++) {
                mean[l][j] = popMean[j] / s;
                inv[l][j] = (float) (1 / Math.sqrt(popVar[j] + BatchNorm.EPS));
                scaledInv[l][j] = s * inv[l][j];
            }
            return;
        }
        k.columnMoments(z[l], rows, spec.out(l), j0, j1, sum[l], sumSq[l]);
        for (int j = j0; j < j1; j++) {
            double mu = sum[l][j] / rows;
            double var = Math.max(0, sumSq[l][j] / rows - mu * mu);
            float varScaled = (float) ((double) s * s * var);
            if (momentMean != null) {
                momentMean[l][j] = (float) (s * mu);
                momentVar[l][j] = varScaled;
            }
            mean[l][j] = (float) mu;
            inv[l][j] = (float) (1 / Math.sqrt(varScaled + BatchNorm.EPS));
            scaledInv[l][j] = s * inv[l][j];
        }
    }

    /** Columns {@code [j0, j1)} of layer l's outputs as layer l+1's input. */
    private void activate(int l, int j0, int j1) {
        int out = spec.out(l);
        if (spec.activation() == Activation.FLOAT) {
            k.relu(y[l], xFloats[l + 1], null, rows, out, j0, j1);
        } else if (xBits[l + 1] != null) {
            k.packAtLeast(y[l], j0, rows, out, j1 - j0, 0f, xBits[l + 1], j0 >>> 6, TrainKernels.words(out));
        } else {
            float[] x = xFloats[l + 1];
            for (int r = 0; r < rows; r++) {
                for (int i = r * out + j0; i < r * out + j1; i++) {
                    x[i] = y[l][i] >= 0f ? 1f : -1f;
                }
            }
        }
    }

    /** The last forward pass's logits ({@code rows x classes}, live). */
    float[] logits() {
        return y[layers - 1];
    }

    // ---- backward ----

    /**
     * After {@link #forward} with batch statistics: the softmax cross-entropy of {@code labels} and the backward
     * pass, STE gradients of the latent weights into {@code gradTheta} and exact gamma / beta gradients into
     * {@code gradPhi} (either may be null). Returns the mean loss.
     */
    double backward(Mlp m, float[] latent, int[] labels, float[] gradTheta, float[] gradPhi) {
        int last = layers - 1;
        int classes = spec.out(last);
        double loss = Mlp.crossEntropy(y[last], labels, rows, classes, g[last]);
        normalizeBackward(m, last, 0, classes, gradPhi);
        for (int l = last; l >= 0; l--) {
            int layer = l;
            compute.parallel(s -> backwardShard(m, latent, layer, gradTheta, gradPhi, s));
        }
        return loss;
    }

    /** Shard {@code s} of layer l: rows of its weight gradient, columns of its input gradient down to the layer below's z. */
    private void backwardShard(Mlp m, float[] latent, int l, float[] gradTheta, float[] gradPhi, int s) {
        int out = spec.out(l);
        int in = spec.in(l);
        if (gradTheta != null) {
            int r0 = compute.start(s, out, 8);
            int r1 = compute.start(s + 1, out, 8);
            if (r0 < r1) {
                weightGradient(m, latent, l, r0, r1, gradTheta);
            }
        }
        if (l > 0) {
            int i0 = compute.start(s, in, 64);
            int i1 = compute.start(s + 1, in, 64);
            if (i0 < i1) {
                inputGradient(l, i0, i1);
                if (spec.activation() == Activation.BINARY) {
                    k.hardtanhMask(g[l - 1], y[l - 1], rows, in, i0, i1);
                } else {
                    k.relu(y[l - 1], null, g[l - 1], rows, in, i0, i1);
                }
                normalizeBackward(m, l - 1, i0, i1, gradPhi);
            }
        }
    }

    /** Rows {@code [r0, r1)} of {@code dZ^T X}: the STE gradient of layer l's latent weights (s folded into dZ). */
    private void weightGradient(Mlp m, float[] latent, int l, int r0, int r1, float[] gradTheta) {
        int in = spec.in(l);
        int out = spec.out(l);
        int off = m.thetaOffset(l) + r0 * in;
        if (xBits[l] != null) {
            k.signProduct(g[l], r0, 1, out, r1 - r0, rows, xBits[l], 0, weights[l].inWords, in, 1f, false, gradTheta,
                    off, in);
        } else {
            k.floatProduct(g[l], r0, 1, out, r1 - r0, rows, floatInput(l), 0, in, in, gradTheta, off, in);
        }
        float clip = spec.weights().clip();
        if (weights[l].maxAbs() > clip) { // the STE derivative: zero outside the clip range (rare: weights are clipped)
            for (int i = off; i < off + (r1 - r0) * in; i++) {
                if (!(Math.abs(latent[i]) <= clip)) {
                    gradTheta[i] = 0f;
                }
            }
        }
    }

    /** Columns {@code [i0, i1)} of {@code dZ W}: the gradient for layer l-1's outputs. */
    private void inputGradient(int l, int i0, int i1) {
        int in = spec.in(l);
        int out = spec.out(l);
        LayerWeights w = weights[l];
        if (!signs) {
            k.floatProduct(g[l], 0, out, 1, rows, out, w.floats, i0, in, i1 - i0, g[l - 1], i0, in);
            return;
        }
        for (int p = 0; p < w.planes(); p++) {
            k.signProduct(g[l], 0, out, 1, rows, out, w.rows[p], i0 >>> 6, w.inWords, i1 - i0, w.alpha[p], p > 0,
                    g[l - 1], i0, in);
        }
    }

    /**
     * Columns {@code [j0, j1)} of layer l: from the gradient for y to the gradient for z (in place), times the
     * weight scale; gamma and beta gradients into {@code gradPhi}.
     */
    private void normalizeBackward(Mlp m, int l, int j0, int j1, float[] gradPhi) {
        int out = spec.out(l);
        float s = m.scale(l);
        if (!spec.batchNorm()) {
            k.scale(g[l], rows, out, j0, j1, s, g[l]);
            return;
        }
        k.columnDots(g[l], z[l], rows, out, j0, j1, sum[l], sumSq[l]);
        int g0 = m.phiOffset(l);
        for (int j = j0; j < j1; j++) {
            double dGamma = sum[l][j];
            double dBeta = sumSq[l][j];
            if (gradPhi != null) {
                gradPhi[g0 + j] = (float) dGamma;
                gradPhi[g0 + out + j] = (float) dBeta;
            }
            backScale[l][j] = gamma[l][j] * inv[l][j] * s;
            meanBeta[l][j] = (float) (dBeta / rows);
            meanGamma[l][j] = (float) (dGamma / rows);
        }
        k.normalizeBackward(g[l], z[l], rows, out, j0, j1, backScale[l], meanBeta[l], meanGamma[l], g[l]);
    }
}
