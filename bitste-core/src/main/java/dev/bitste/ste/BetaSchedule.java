package dev.bitste.ste;

/**
 * FOGZO's mixing weight {@code beta} over training: linear from {@code start} to {@code end}. The paper's
 * schedule is {@link #linearTo(double) from 1 (pure STE direction) to beta_min} (docs/algorithms.md section 4;
 * project default {@code beta_min = 0.999}); n-SPSA is the constant 0.
 */
public record BetaSchedule(double start, double end) {
    public static final double DEFAULT_BETA_MIN = 0.999;

    public BetaSchedule {
        if (!(start >= 0 && start <= 1) || !(end >= 0 && end <= 1)) {
            throw new IllegalArgumentException("beta must be in [0, 1], got start " + start + ", end " + end);
        }
    }

    /** From 1 at the start to {@code betaMin} at the end. */
    public static BetaSchedule linearTo(double betaMin) {
        return new BetaSchedule(1, betaMin);
    }

    /** The same {@code beta} throughout. */
    public static BetaSchedule constant(double beta) {
        return new BetaSchedule(beta, beta);
    }

    /** {@code beta} at training progress {@code progress} in [0, 1]. */
    public double at(double progress) {
        double p = Math.max(0, Math.min(1, progress));
        return start + (end - start) * p;
    }
}
