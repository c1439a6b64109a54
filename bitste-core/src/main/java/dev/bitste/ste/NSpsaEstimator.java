package dev.bitste.ste;

import dev.bitste.util.Checks;
import java.util.SplittableRandom;

/**
 * n-SPSA: FOGZO's formula with {@code beta = 0}, i.e. {@code d_i = u_i} and no backward pass. Cost:
 * {@code 2N} forward passes. The reported loss is the mean of the perturbed losses (it never evaluates the
 * unperturbed point, which would cost an extra pass).
 */
public final class NSpsaEstimator implements GradientEstimator {
    private final int perturbations;
    private final SplittableRandom random;

    public NSpsaEstimator(int perturbations, long seed) {
        this.perturbations = Checks.positive("perturbations", perturbations);
        this.random = new SplittableRandom(seed);
    }

    @Override
    public Estimate estimate(QuantizedObjective objective, float[] theta, double progress) {
        double[] lossSum = new double[1];
        QuantizedObjective tracked = new DelegatingObjective(objective) {
            @Override
            public double loss(float[] t) {
                double l = super.loss(t);
                lossSum[0] += l;
                return l;
            }

            @Override
            public double lossAndSteGradient(float[] t, float[] gradient) {
                throw new IllegalStateException("n-SPSA makes no backward pass");
            }
        };
        float[] g = FogzoEstimator.perturbed(tracked, theta, null, 0, perturbations, random);
        return new Estimate(lossSum[0] / (2.0 * perturbations), g);
    }

    @Override
    public long costPerStep() {
        return 2L * perturbations;
    }

    @Override
    public boolean usesBackward() {
        return false;
    }

    @Override
    public String name() {
        return "nspsa-n" + perturbations;
    }
}
