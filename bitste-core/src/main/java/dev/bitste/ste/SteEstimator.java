package dev.bitste.ste;

/** The straight-through estimator: the backward pass's gradient as it is. Cost: one forward + one backward. */
public final class SteEstimator implements GradientEstimator {
    @Override
    public Estimate estimate(QuantizedObjective objective, float[] theta, double progress) {
        float[] g = new float[objective.dimension()];
        double loss = objective.lossAndSteGradient(theta, g);
        return new Estimate(loss, g);
    }

    @Override
    public long costPerStep() {
        return 1 + ForwardPassCounter.BACKWARD_COST;
    }

    @Override
    public boolean usesBackward() {
        return true;
    }

    @Override
    public String name() {
        return "ste";
    }
}
