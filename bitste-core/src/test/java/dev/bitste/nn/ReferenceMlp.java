package dev.bitste.nn;

/**
 * The passes of an {@link Mlp} written the plain way, as the trainer computed them before it ran on the training
 * kernels: quantized weights as floats ({@code s * level}), float matrix products ({@link FloatMatrices}), batch
 * norm on the scaled pre-activations. The reference the kernel passes are checked against.
 */
final class ReferenceMlp {
    private final Mlp m;
    private final MlpSpec spec;

    ReferenceMlp(Mlp m) {
        this.m = m;
        this.spec = m.spec();
    }

    /** What a forward pass keeps for the backward pass. */
    static final class Pass {
        final float[][] x;
        final float[][] w;
        final float[][] z;
        final float[][] zhat;
        final float[][] y;
        final float[][] invStd;

        Pass(int layers) {
            x = new float[layers + 1][];
            w = new float[layers][];
            z = new float[layers][];
            zhat = new float[layers][];
            y = new float[layers][];
            invStd = new float[layers][];
        }
    }

    Pass forward(float[] latent, float[] inputs, int size, boolean batchStats) {
        int layers = spec.layers();
        Pass p = new Pass(layers);
        p.x[0] = inputs;
        for (int l = 0; l < layers; l++) {
            int in = spec.in(l);
            int out = spec.out(l);
            p.w[l] = m.quantizedWeights(latent, l);
            float[] z = new float[size * out];
            FloatMatrices.multiplySequential(p.x[l], FloatMatrices.transpose(p.w[l], out, in), z, size, in, out);
            p.z[l] = z;
            float[] y = z;
            if (spec.batchNorm()) {
                BatchNorm pop = m.batchNorm(l);
                float[] mean = pop.mean();
                float[] var = pop.var();
                if (batchStats) {
                    columnMoments(z, size, out, mean, var);
                }
                BatchNorm norm = new BatchNorm(pop.gamma(), pop.beta(), mean, var);
                float[] inv = norm.invStd();
                float[] zh = new float[size * out];
                y = new float[size * out];
                norm.apply(z, size, inv, zh, y);
                p.zhat[l] = zh;
                p.invStd[l] = inv;
            }
            p.y[l] = y;
            if (l < layers - 1) {
                float[] a = new float[size * out];
                for (int i = 0; i < a.length; i++) {
                    a[i] = spec.activation().apply(y[i]);
                }
                p.x[l + 1] = a;
            }
        }
        return p;
    }

    static void columnMoments(float[] z, int rows, int cols, float[] mean, float[] var) {
        double[] s = new double[cols];
        double[] s2 = new double[cols];
        for (int b = 0; b < rows; b++) {
            for (int j = 0; j < cols; j++) {
                double v = z[b * cols + j];
                s[j] += v;
                s2[j] += v * v;
            }
        }
        for (int j = 0; j < cols; j++) {
            double mu = s[j] / rows;
            mean[j] = (float) mu;
            var[j] = (float) Math.max(0, s2[j] / rows - mu * mu);
        }
    }

    double loss(float[] latent, Batch batch) {
        Pass p = forward(latent, batch.inputs(), batch.size(), true);
        return Mlp.crossEntropy(p.y[spec.layers() - 1], batch.labels(), batch.size(), spec.out(spec.layers() - 1), null);
    }

    float[] logits(float[] inputs, int size) {
        return forward(m.theta(), inputs, size, false).y[spec.layers() - 1];
    }

    Mlp.Gradients lossAndGradients(float[] latent, Batch batch, float[] gradTheta, float[] gradPhi) {
        int size = batch.size();
        int layers = spec.layers();
        Pass p = forward(latent, batch.inputs(), size, true);
        int classes = spec.out(layers - 1);
        float[] dy = new float[size * classes];
        double loss = Mlp.crossEntropy(p.y[layers - 1], batch.labels(), size, classes, dy);
        WeightQuantizer q = spec.weights();
        for (int l = layers - 1; l >= 0; l--) {
            int in = spec.in(l);
            int out = spec.out(l);
            float[] dz = spec.batchNorm() ? batchNormBackward(p, l, dy, size, out, gradPhi) : dy;
            float[] dw = new float[out * in];
            FloatMatrices.multiplyTransposedA(dz, p.x[l], dw, size, out, in);
            int off = m.thetaOffset(l);
            for (int i = 0; i < dw.length; i++) {
                gradTheta[off + i] = m.scale(l) * dw[i] * q.steDerivative(latent[off + i]);
            }
            if (l > 0) {
                float[] dx = new float[size * in];
                FloatMatrices.multiply(dz, p.w[l], dx, size, out, in);
                float[] yPrev = p.y[l - 1];
                for (int i = 0; i < dx.length; i++) {
                    boolean pass = spec.activation() == Activation.BINARY ? Math.abs(yPrev[i]) <= 1f : yPrev[i] > 0f;
                    if (!pass) {
                        dx[i] = 0f;
                    }
                }
                dy = dx;
            }
        }
        return new Mlp.Gradients(loss, Mlp.countCorrect(p.y[layers - 1], batch.labels(), size, classes));
    }

    private float[] batchNormBackward(Pass p, int l, float[] dy, int size, int out, float[] gradPhi) {
        float[] zh = p.zhat[l];
        double[] dGamma = new double[out];
        double[] dBeta = new double[out];
        for (int b = 0; b < size; b++) {
            for (int j = 0; j < out; j++) {
                float g = dy[b * out + j];
                dGamma[j] += g * zh[b * out + j];
                dBeta[j] += g;
            }
        }
        int g0 = m.phiOffset(l);
        float[] phi = m.phi();
        for (int j = 0; j < out; j++) {
            gradPhi[g0 + j] = (float) dGamma[j];
            gradPhi[g0 + out + j] = (float) dBeta[j];
        }
        float[] dz = new float[size * out];
        for (int b = 0; b < size; b++) {
            for (int j = 0; j < out; j++) {
                int i = b * out + j;
                float k = phi[g0 + j] * p.invStd[l][j];
                dz[i] = k * (dy[i] - (float) (dBeta[j] / size) - zh[i] * (float) (dGamma[j] / size));
            }
        }
        return dz;
    }

    /** Population statistics over {@code inputs} in one batch: the mean and variance of each layer's scaled z. */
    float[][][] moments(float[] inputs, int size) {
        Pass p = forward(m.theta(), inputs, size, true);
        float[][][] out = new float[2][spec.layers()][];
        for (int l = 0; l < spec.layers(); l++) {
            out[0][l] = new float[spec.out(l)];
            out[1][l] = new float[spec.out(l)];
            columnMoments(p.z[l], size, spec.out(l), out[0][l], out[1][l]);
        }
        return out;
    }
}
