package dev.bitste.ste;

import dev.bitste.util.Checks;

/** Adam (Kingma and Ba) with bias correction; beta1 = 0.9, beta2 = 0.999, eps = 1e-8 unless given. */
public final class Adam implements GradientOptimizer {
    private final float[] m;
    private final float[] v;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private double lr;
    private long t;

    public Adam(int n, double lr) {
        this(n, lr, 0.9, 0.999, 1e-8);
    }

    public Adam(int n, double lr, double beta1, double beta2, double eps) {
        Checks.positive("n", n);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps > 0)) {
            throw new IllegalArgumentException("Adam needs beta1, beta2 in [0, 1) and eps > 0, got " + beta1 + ", "
                    + beta2 + ", " + eps);
        }
        this.m = new float[n];
        this.v = new float[n];
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        learningRate(lr);
    }

    @Override
    public void step(float[] params, float[] gradient) {
        Checks.sameLength("params", m.length, params.length);
        Checks.sameLength("gradient", m.length, gradient.length);
        t++;
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float step = (float) (lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t)));
        float e = (float) eps;
        for (int i = 0; i < params.length; i++) {
            float g = gradient[i];
            m[i] = b1 * m[i] + (1 - b1) * g;
            v[i] = b2 * v[i] + (1 - b2) * g * g;
            params[i] -= step * m[i] / ((float) Math.sqrt(v[i]) + e);
        }
    }

    @Override
    public void learningRate(double lr) {
        this.lr = GradientOptimizer.checkLearningRate(lr);
    }

    @Override
    public double learningRate() {
        return lr;
    }
}
