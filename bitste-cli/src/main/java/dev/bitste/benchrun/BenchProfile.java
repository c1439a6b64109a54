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
    QUICK(Grid.QUICK, 1, 2, 1000, 3, 500),
    /** The declared {@code @Param} grids with each class's own JMH settings. */
    FULL(Grid.FULL, -1, -1, -1, -1, -1),
    /** The quick grid once with a single short iteration: proves every harness and self-check runs. */
    SMOKE(Grid.QUICK, 1, 0, 0, 1, 100),
    /**
     * The regression gate: the {@code @GateParams} benchmarks, several forks run in interleaved rounds (fork r of
     * every benchmark, then fork r + 1), each iteration's CPU share recorded ({@link CpuTimeProfiler}). The counts
     * were chosen by measurement: results/README.md, "The gate".
     */
    GATE(Grid.GATE, 6, 4, 500, 8, 250);

    /** Which parameter values a profile runs. */
    enum Grid { QUICK, GATE, FULL }

    private final Grid grid;
    private final int forks;
    private final int warmupIterations;
    private final int warmupMillis;
    private final int iterations;
    private final int iterationMillis;

    BenchProfile(Grid grid, int forks, int warmupIterations, int warmupMillis, int iterations,
            int iterationMillis) {
        this.grid = grid;
        this.forks = forks;
        this.warmupIterations = warmupIterations;
        this.warmupMillis = warmupMillis;
        this.iterations = iterations;
        this.iterationMillis = iterationMillis;
    }

    Grid grid() {
        return grid;
    }

    /**
     * How many rounds the run makes: the gate runs its forks as rounds of one fork per benchmark, so that the load
     * of a shared machine, which changes over minutes, spreads over every benchmark's forks alike; other profiles
     * run each benchmark's forks together (one round).
     */
    int rounds(Options expert) {
        return this == GATE ? expert.getForkCount().orElse(forks) : 1;
    }

    /** True when each iteration's CPU time is recorded (the gate normalizes scores by it). */
    boolean recordsCpuTime() {
        return this == GATE;
    }

    /** Sets this profile's fork and iteration settings on {@code b} where {@code expert} does not set them. */
    void apply(ChainedOptionsBuilder b, Options expert) {
        if (forks < 0) {
            return;
        }
        if (this == GATE) {
            b.forks(1); // one fork per round
        } else if (!expert.getForkCount().hasValue()) {
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
