package dev.bitste.benchrun;

import java.util.Locale;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * How much of the suite {@code bitste bench} runs and how long it measures. Options an expert passes
 * to JMH directly always win over the profile's.
 */
public enum BenchProfile {
    /** The {@code @QuickParams} grid, one fork, short iterations: the everyday run (minutes). Vector API code
     * needs about a second of warmup before C2 has compiled it; shorter warmups measured nonsense. */
    QUICK(true, 1, 2, 1000, 3, 500),
    /** The declared {@code @Param} grids with each class's own JMH settings. */
    FULL(false, -1, -1, -1, -1, -1),
    /** The quick grid once with a single short iteration: proves every harness and self-check runs. */
    SMOKE(true, 1, 0, 0, 1, 100);

    private final boolean quickGrid;
    private final int forks;
    private final int warmupIterations;
    private final int warmupMillis;
    private final int iterations;
    private final int iterationMillis;

    BenchProfile(boolean quickGrid, int forks, int warmupIterations, int warmupMillis, int iterations,
            int iterationMillis) {
        this.quickGrid = quickGrid;
        this.forks = forks;
        this.warmupIterations = warmupIterations;
        this.warmupMillis = warmupMillis;
        this.iterations = iterations;
        this.iterationMillis = iterationMillis;
    }

    /** True when the run uses {@code @QuickParams} (or the first value of each parameter) instead of the full grids. */
    public boolean quickGrid() {
        return quickGrid;
    }

    /** Sets this profile's fork and iteration settings on {@code b} where {@code expert} does not set them. */
    void apply(ChainedOptionsBuilder b, Options expert) {
        if (forks < 0) {
            return;
        }
        if (!expert.getForkCount().hasValue()) {
            b.forks(forks);
        }
        if (!expert.getWarmupIterations().hasValue()) {
            b.warmupIterations(warmupIterations);
        }
        if (!expert.getWarmupTime().hasValue() && warmupMillis > 0) {
            b.warmupTime(TimeValue.milliseconds(warmupMillis));
        }
        if (!expert.getMeasurementIterations().hasValue()) {
            b.measurementIterations(iterations);
        }
        if (!expert.getMeasurementTime().hasValue()) {
            b.measurementTime(TimeValue.milliseconds(iterationMillis));
        }
    }

    /**
     * Rough wall time of one benchmark in seconds (JVM fork start-up plus warmup and measurement), or
     * a negative number for {@link #FULL}, whose timing each class sets itself.
     */
    double secondsPerBenchmark() {
        return forks < 0 ? -1 : forks * (FORK_STARTUP_SECONDS + (warmupIterations * warmupMillis
                + iterations * iterationMillis) / 1000.0);
    }

    private static final double FORK_STARTUP_SECONDS = 1.5;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
