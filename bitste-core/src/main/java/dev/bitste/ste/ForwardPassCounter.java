package dev.bitste.ste;

import dev.bitste.util.Checks;

/**
 * Counts the passes an estimator spends, so that methods are compared at equal compute: cost is in
 * forward-pass equivalents, a backward pass counting as two forward passes.
 */
public final class ForwardPassCounter {
    /** What one backward pass costs in forward passes. */
    public static final int BACKWARD_COST = 2;

    private long forwards;
    private long backwards;

    /** Wraps {@code objective} so that every pass it makes is counted here. */
    public QuantizedObjective counting(QuantizedObjective objective) {
        Checks.notNull("objective", objective);
        return new DelegatingObjective(objective) {
            @Override
            public double loss(float[] theta) {
                forwards++;
                return super.loss(theta);
            }

            @Override
            public double lossAndSteGradient(float[] theta, float[] gradient) {
                forwards++;
                backwards++;
                return super.lossAndSteGradient(theta, gradient);
            }
        };
    }

    public long forwards() {
        return forwards;
    }

    public long backwards() {
        return backwards;
    }

    /** Forward passes plus {@link #BACKWARD_COST} per backward pass. */
    public long forwardEquivalents() {
        return forwards + BACKWARD_COST * backwards;
    }
}
