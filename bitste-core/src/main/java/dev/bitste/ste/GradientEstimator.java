package dev.bitste.ste;

/**
 * Where the optimizer's gradient comes from: the STE, FOGZO or n-SPSA. The optimizer does not know which.
 */
public interface GradientEstimator {
    /** The loss the estimator saw and its gradient estimate. */
    record Estimate(double loss, float[] gradient) {
    }

    /**
     * Estimates the gradient of {@code objective} at {@code theta} (not modified) at training progress
     * {@code progress} in [0, 1] (for schedules).
     */
    Estimate estimate(QuantizedObjective objective, float[] theta, double progress);

    /** Forward-pass equivalents one call costs (a backward pass = 2). */
    long costPerStep();

    /** Whether the estimate includes a backward pass (so non-quantized parameters get a gradient too). */
    boolean usesBackward();

    /** A short name for tables, e.g. {@code fogzo-n10}. */
    String name();
}
