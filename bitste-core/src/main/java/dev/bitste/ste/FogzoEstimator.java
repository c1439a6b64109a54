package dev.bitste.ste;

import dev.bitste.util.Checks;
import java.util.SplittableRandom;

/**
 * FOGZO, first-order-guided zeroth-order gradient (docs/algorithms.md section 4): the STE gradient {@code g},
 * normalized over all quantized parameters together, guides {@code N} antithetic perturbations
 * {@code d_i = sqrt(beta) s_i g/|g| + sqrt(1 - beta) u_i} (s_i Rademacher, u_i uniform with unit variance,
 * i.e. on {@code +-sqrt 3}), and {@code G = (1/N) sum [L(theta + eps d_i) - L(theta - eps d_i)] / (2 eps) d_i}
 * with {@code eps = alpha * eps_bar}. Cost: one forward + backward and {@code 2N} forward passes.
 */
public final class FogzoEstimator implements GradientEstimator {
    private static final double SQRT3 = Math.sqrt(3);

    private final int perturbations;
    private final BetaSchedule beta;
    private final SplittableRandom random;

    public FogzoEstimator(int perturbations, BetaSchedule beta, long seed) {
        this.perturbations = Checks.positive("perturbations", perturbations);
        this.beta = Checks.notNull("beta", beta);
        this.random = new SplittableRandom(seed);
    }

    @Override
    public Estimate estimate(QuantizedObjective objective, float[] theta, double progress) {
        float[] g = new float[objective.dimension()];
        double loss = objective.lossAndSteGradient(theta, g);
        double norm = 0;
        for (float v : g) {
            norm += (double) v * v;
        }
        norm = Math.sqrt(norm);
        if (norm > 0) {
            float inv = (float) (1 / norm);
            for (int i = 0; i < g.length; i++) {
                g[i] *= inv;
            }
        }
        return new Estimate(loss, perturbed(objective, theta, norm > 0 ? g : null, beta.at(progress), perturbations,
                random));
    }

    /**
     * The zeroth-order average over {@code n} antithetic perturbations, guided by the unit vector {@code guide}
     * with weight {@code beta} (no guide, or {@code beta = 0}: plain n-SPSA). Makes {@code 2n} forward passes.
     */
    static float[] perturbed(QuantizedObjective objective, float[] theta, float[] guide, double beta, int n,
            SplittableRandom random) {
        int dim = objective.dimension();
        Checks.sameLength("theta", dim, theta.length);
        double eps = objective.quantizerStep() * objective.epsBar();
        float a = guide == null ? 0f : (float) Math.sqrt(beta);
        float b = guide == null ? 1f : (float) Math.sqrt(1 - beta);
        float[] d = new float[dim];
        float[] plus = new float[dim];
        float[] minus = new float[dim];
        float[] sum = new float[dim];
        for (int k = 0; k < n; k++) {
            float s = random.nextBoolean() ? a : -a;
            for (int i = 0; i < dim; i++) {
                float u = b == 0f ? 0f : (float) random.nextDouble(-SQRT3, SQRT3);
                d[i] = (guide == null ? 0f : s * guide[i]) + b * u;
                plus[i] = (float) (theta[i] + eps * d[i]);
                minus[i] = (float) (theta[i] - eps * d[i]);
            }
            float c = (float) ((objective.loss(plus) - objective.loss(minus)) / (2 * eps));
            for (int i = 0; i < dim; i++) {
                sum[i] += c * d[i];
            }
        }
        for (int i = 0; i < dim; i++) {
            sum[i] /= n;
        }
        return sum;
    }

    @Override
    public long costPerStep() {
        return 1 + ForwardPassCounter.BACKWARD_COST + 2L * perturbations;
    }

    @Override
    public boolean usesBackward() {
        return true;
    }

    @Override
    public String name() {
        return "fogzo-n" + perturbations;
    }
}
