package dev.bitste.results;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.stat.descriptive.rank.Median;

/**
 * The measurements of one benchmark as the gate compares them: the log of its speed (operations per second, whatever
 * JMH's unit and direction), one value per fork (the median over the fork's iterations) when the run has forks
 * enough, else one per iteration. Logs make a slowdown a shift: 10% slower is {@code -ln 1.1} in every unit.
 *
 * <p>On the {@link Basis#CPU} basis each iteration's speed is divided by the CPU share its threads got
 * ({@value JmhResult#CPU_SHARE}, recorded by the gate profile): operations per CPU second, which the load of other
 * processes on a shared machine changes much less than operations per second of wall time.
 */
public record Samples(double[] values, boolean perFork, Basis basis) {
    /** Forks needed on each side to use forks as the samples; below it, iterations are used. */
    public static final int MIN_FORKS = 3;

    /** What speed is measured against. */
    public enum Basis {
        /** Wall time: JMH's own score. */
        WALL,
        /** CPU time of the benchmark's threads (falls back to wall time where the share was not recorded). */
        CPU
    }

    /**
     * The samples of {@code r} on {@code basis}, per fork when {@code perFork} (and the result has a
     * {@code rawData} row per fork), else per iteration; without {@code rawData} the score itself is the one sample.
     */
    public static Samples of(JmhResult r, Basis basis, boolean perFork) {
        ScoreUnit unit = ScoreUnit.of(r.unit());
        double[][] raw = r.primaryMetric().rawData();
        JmhResult.Metric share = r.secondaryMetrics().get(JmhResult.CPU_SHARE);
        boolean cpu = basis == Basis.CPU && share != null && sameShape(raw, share.rawData());
        if (raw.length == 0) {
            return new Samples(new double[] {logSpeed(unit, r.score(), 1)}, false, Basis.WALL);
        }
        List<double[]> forks = new ArrayList<>();
        for (int f = 0; f < raw.length; f++) {
            double[] y = new double[raw[f].length];
            for (int i = 0; i < y.length; i++) {
                y[i] = logSpeed(unit, raw[f][i], cpu ? share.rawData()[f][i] : 1);
            }
            forks.add(y);
        }
        Basis used = cpu ? Basis.CPU : Basis.WALL;
        if (perFork) {
            Median median = new Median();
            return new Samples(forks.stream().mapToDouble(median::evaluate).toArray(), true, used);
        }
        return new Samples(forks.stream().flatMapToDouble(java.util.Arrays::stream).toArray(), false, used);
    }

    /** The number of forks (rows of {@code rawData}) of {@code r}. */
    static int forks(JmhResult r) {
        return r.primaryMetric().rawData().length;
    }

    /** ln of operations per second (or per CPU second when divided by {@code share}). */
    static double logSpeed(ScoreUnit unit, double score, double share) {
        double common = unit.common(score);
        double speed = unit.higherIsBetter() ? common : 1 / common;
        return Math.log(speed) - Math.log(share);
    }

    private static boolean sameShape(double[][] a, double[][] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i].length != b[i].length) {
                return false;
            }
            for (double x : b[i]) {
                if (!(x > 0) || x > 1.5) { // a share above 1 is measurement noise; far above, something else
                    return false;
                }
            }
        }
        return true;
    }

    /** The JMH score in {@code unit} of a log speed (the inverse of {@link #logSpeed} with a share of 1). */
    static double score(ScoreUnit unit, double logSpeed) {
        double speed = Math.exp(logSpeed);
        return (unit.higherIsBetter() ? speed : 1 / speed) / unit.toCommonScale();
    }

    /** A bootstrap interval of the median, as log speeds. */
    double[] medianInterval(double confidence, long seed) {
        return ChangeTest.medianInterval(values, confidence, seed);
    }

    /** The median of the values. */
    public double median() {
        return new Median().evaluate(values);
    }

    public int size() {
        return values.length;
    }
}
