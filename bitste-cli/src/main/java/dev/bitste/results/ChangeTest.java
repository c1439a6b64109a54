package dev.bitste.results;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * How one benchmark changed between two runs, from their {@link Samples}: the speed ratio of their medians (new over
 * base: below 1 is slower), a bootstrap confidence interval of that ratio (samples redrawn with replacement on each
 * side), and one-sided p-values that the new run is slower or faster, from Welch's t-test on the log speeds (or
 * the Mann-Whitney U test).
 */
public record ChangeTest(double ratio, double low, double high, double pSlower, double pFaster) {
    /** Bootstrap resamples for the confidence interval. */
    static final int RESAMPLES = 2000;

    /** The test behind the p-values. */
    public enum Method {
        /** Welch's t-test on the log speeds: the default (results/README.md says why). */
        WELCH,
        /** The Mann-Whitney U test (normal approximation): ranks only, blunter with few forks. */
        MANN_WHITNEY
    }

    /**
     * Tests {@code current} against {@code base}; {@code confidence} (e.g. 0.99) sets the interval, {@code seed} the
     * bootstrap's random draws (the same inputs give the same interval). Without {@code interval} (the power
     * estimates, which need only the verdicts) the interval is NaN.
     */
    public static ChangeTest of(Samples base, Samples current, Method method, double confidence, long seed,
            boolean interval) {
        double[] b = base.values();
        double[] n = current.values();
        double shift = current.median() - base.median();
        double[] ci = interval ? bootstrap(b, n, confidence, new Well19937c(seed)) : new double[] {Double.NaN, Double.NaN};
        double pSlower;
        double pFaster;
        if (b.length < 2 || n.length < 2) {
            pSlower = 1;
            pFaster = 1;
        } else if (method == Method.MANN_WHITNEY) {
            double two = new MannWhitneyUTest().mannWhitneyUTest(n, b);
            pSlower = shift < 0 ? two / 2 : 1 - two / 2;
            pFaster = shift > 0 ? two / 2 : 1 - two / 2;
        } else {
            double[] oneSided = welch(b, n);
            pSlower = oneSided[0];
            pFaster = oneSided[1];
        }
        return new ChangeTest(Math.exp(shift), Math.exp(ci[0]), Math.exp(ci[1]), pSlower, pFaster);
    }

    /** One-sided p-values {slower, faster} of Welch's t-test; a test without spread decides by the means. */
    private static double[] welch(double[] b, double[] n) {
        double diff = StatUtils.mean(n) - StatUtils.mean(b);
        if (StatUtils.variance(b) + StatUtils.variance(n) == 0) {
            return new double[] {diff < 0 ? 0 : 1, diff > 0 ? 0 : 1};
        }
        double two = new TTest().tTest(n, b);
        return new double[] {diff < 0 ? two / 2 : 1 - two / 2, diff > 0 ? two / 2 : 1 - two / 2};
    }

    /** Percentile bootstrap interval of median(n) - median(b). */
    private static double[] bootstrap(double[] b, double[] n, double confidence, RandomGenerator rng) {
        Median median = new Median();
        return bootstrap(new double[][] {b, n}, g -> median.evaluate(g[1]) - median.evaluate(g[0]), confidence, rng);
    }

    /** Percentile bootstrap interval of the median of {@code values}. */
    static double[] medianInterval(double[] values, double confidence, long seed) {
        Median median = new Median();
        return bootstrap(new double[][] {values}, g -> median.evaluate(g[0]), confidence, new Well19937c(seed));
    }

    /** Percentile bootstrap interval of {@code statistic}, each group redrawn with replacement. */
    private static double[] bootstrap(double[][] groups, ToDoubleFunction<double[][]> statistic, double confidence,
            RandomGenerator rng) {
        double[] values = new double[RESAMPLES];
        double[][] drawn = new double[groups.length][];
        for (int g = 0; g < groups.length; g++) {
            drawn[g] = new double[groups[g].length];
        }
        for (int i = 0; i < RESAMPLES; i++) {
            for (int g = 0; g < groups.length; g++) {
                draw(groups[g], drawn[g], rng);
            }
            values[i] = statistic.applyAsDouble(drawn);
        }
        Arrays.sort(values);
        Percentile p = new Percentile();
        double tail = 100 * (1 - confidence) / 2;
        return new double[] {p.evaluate(values, Math.max(tail, 1e-9)), p.evaluate(values, 100 - tail)};
    }

    private static void draw(double[] from, double[] into, RandomGenerator rng) {
        for (int i = 0; i < into.length; i++) {
            into[i] = from[rng.nextInt(from.length)];
        }
    }

    /**
     * Holm's step-down adjustment of {@code p}: the adjusted values keep the family-wise rate of false alarms over
     * all of them at most the level they are compared with.
     */
    public static double[] holm(double[] p) {
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < p.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(p[x], p[y]));
        double[] adjusted = new double[p.length];
        double running = 0;
        for (int rank = 0; rank < p.length; rank++) {
            int i = order[rank];
            running = Math.max(running, Math.min(1, (p.length - rank) * p[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }
}
