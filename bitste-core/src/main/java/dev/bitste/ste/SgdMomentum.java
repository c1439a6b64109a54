package dev.bitste.ste;

import dev.bitste.util.Checks;

/** Stochastic gradient descent with (heavy-ball) momentum: {@code v = mu v + g; p -= lr v}. */
public final class SgdMomentum implements GradientOptimizer {
    private final float[] velocity;
    private final double momentum;
    private double lr;

    public SgdMomentum(int n, double lr, double momentum) {
        Checks.positive("n", n);
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        this.velocity = new float[n];
        this.momentum = momentum;
        learningRate(lr);
    }

    @Override
    public void step(float[] params, float[] gradient) {
        Checks.sameLength("params", velocity.length, params.length);
        Checks.sameLength("gradient", velocity.length, gradient.length);
        float mu = (float) momentum;
        float a = (float) lr;
        for (int i = 0; i < params.length; i++) {
            velocity[i] = mu * velocity[i] + gradient[i];
            params[i] -= a * velocity[i];
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
