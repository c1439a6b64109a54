package dev.bitste.ste;

import dev.bitste.kernels.TrainKernels;
import dev.bitste.util.Checks;
import dev.bitste.util.Shards;

/**
 * Adam (Kingma and Ba) with bias correction; beta1 = 0.9, beta2 = 0.999, eps = 1e-8 unless given. The update runs
 * on the training kernels ({@link TrainKernels#adam}: the same float operations in every implementation), split
 * over {@link Shards} (elementwise, so the result does not depend on the split).
 */
public final class Adam implements GradientOptimizer {
    private final float[] m;
    private final float[] v;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final TrainKernels kernels;
    private final Shards shards;
    private double lr;
    private long t;

    public Adam(int n, double lr) {
        this(n, lr, 0.9, 0.999, 1e-8);
    }

    /** Adam on {@code kernels}, each step split over {@code shards}. */
    public Adam(int n, double lr, TrainKernels kernels, Shards shards) {
        this(n, lr, 0.9, 0.999, 1e-8, kernels, shards);
    }

    public Adam(int n, double lr, double beta1, double beta2, double eps) {
        this(n, lr, beta1, beta2, eps, TrainKernels.get(), Shards.sequential(1));
    }

    public Adam(int n, double lr, double beta1, double beta2, double eps, TrainKernels kernels, Shards shards) {
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
        this.kernels = Checks.notNull("kernels", kernels);
        this.shards = Checks.notNull("shards", shards);
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
        shards.forEach(params.length, (s, from, to) -> kernels.adam(params, gradient, m, v, from, to, b1, b2, step, e));
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
