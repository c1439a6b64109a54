package dev.bitste.experiments;

import java.util.List;
import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * Where a success rate that rises with the number of samples crosses 1/2: the logistic
 * {@code P(success | m) = 1 / (1 + exp(-(a + b x)))}, {@code x = ln m - mean ln m}, fitted to binomial counts by
 * maximum likelihood (commons-math3's Nelder-Mead simplex on the negative log-likelihood, which is convex in
 * {@code (a, b)}), with a ridge of {@link #RIDGE} {@code (a^2 + b^2)} so that the optimum is finite when the data are
 * separated (all failures below some m, all successes above); {@code m* = exp(mean ln m - a / b)}. A percentile
 * bootstrap gives its interval, redrawing every cell's successes from its observed rate.
 */
final class TransitionFit {
    /** Weight of the ridge: negligible against the log-likelihood of tens of trials, enough to keep b finite. */
    static final double RIDGE = 1e-3;

    /** One grid cell: {@code successes} of {@code trials} at {@code m} samples. */
    record Cell(double m, int successes, int trials) {
    }

    /**
     * A fitted transition.
     *
     * @param mStar the m where the fitted rate is 1/2
     * @param slope {@code b}, the logistic's steepness in {@code ln m}
     * @param inGrid whether the grid brackets the transition: some cell at or below 1/2, some at or above, and
     *     {@code m*} between the smallest and the largest m
     */
    record Estimate(double mStar, double slope, boolean inGrid) {
    }

    private TransitionFit() {
    }

    /** The maximum-likelihood fit; needs at least one cell. */
    static Estimate fit(List<Cell> cells) {
        double mean = 0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        boolean below = false;
        boolean above = false;
        for (Cell c : cells) {
            double x = Math.log(c.m());
            mean += x / cells.size();
            lo = Math.min(lo, c.m());
            hi = Math.max(hi, c.m());
            below |= 2 * c.successes() <= c.trials();
            above |= 2 * c.successes() >= c.trials();
        }
        double centre = mean;
        MultivariateFunction objective = ab -> {
            double nll = RIDGE * (ab[0] * ab[0] + ab[1] * ab[1]);
            for (Cell c : cells) {
                double z = ab[0] + ab[1] * (Math.log(c.m()) - centre);
                nll -= c.successes() * logSigmoid(z) + (c.trials() - c.successes()) * logSigmoid(-z);
            }
            return nll;
        };
        double[] start = {0, 4};
        for (int round = 0; round < 3; round++) { // restarts: Nelder-Mead can stall on a shrunken simplex
            start = new SimplexOptimizer(1e-12, 1e-14).optimize(new MaxEval(20_000), new ObjectiveFunction(objective),
                    GoalType.MINIMIZE, new InitialGuess(start), new NelderMeadSimplex(new double[] {0.5, 1})).getPoint();
        }
        double mStar = Math.exp(centre - start[0] / start[1]);
        return new Estimate(mStar, start[1], below && above && start[1] > 0 && mStar >= lo && mStar <= hi);
    }

    private static double logSigmoid(double z) {
        return z >= 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z));
    }

    /** Redraws each cell's successes from Binomial(trials, observed rate). */
    static List<Cell> resample(List<Cell> cells, RandomGenerator rng) {
        return cells.stream().map(c -> {
            double rate = (double) c.successes() / c.trials();
            int s = rate == 0 || rate == 1 ? c.successes() : new BinomialDistribution(rng, c.trials(), rate).sample();
            return new Cell(c.m(), s, c.trials());
        }).toList();
    }

    /** The {@code p}-th percentile (0..100) of {@code values} (commons-math3's default estimate). */
    static double percentile(double[] values, double p) {
        return new Percentile().evaluate(values, p);
    }
}
