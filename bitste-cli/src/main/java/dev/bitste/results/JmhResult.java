package dev.bitste.results;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One entry of JMH's JSON result array ({@code -rf json}): the fields the report, the comparison and the gate use.
 * Parameters are kept sorted by name so equal parameter sets compare and print alike; secondary results (e.g. an
 * {@code @AuxCounters} field such as {@code bytes}, or the gate profiler's CPU share) by name.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JmhResult(String benchmark, String mode, int threads, int forks, String jdkVersion, String vmVersion,
        List<String> jvmArgs, int warmupIterations, String warmupTime, int measurementIterations,
        String measurementTime, SortedMap<String, String> params, Metric primaryMetric,
        SortedMap<String, Metric> secondaryMetrics) {
    /** Secondary metric: CPU time of the benchmark threads over wall time, per iteration (bitste's gate profiler). */
    public static final String CPU_SHARE = "·cpu.share";
    /** Secondary metric: the machine's one-minute load average at the end of each iteration. */
    public static final String LOAD_AVERAGE = "·loadavg";

    public JmhResult {
        params = Collections.unmodifiableSortedMap(params == null ? new TreeMap<>() : new TreeMap<>(params));
        jvmArgs = jvmArgs == null ? List.of() : List.copyOf(jvmArgs);
        secondaryMetrics = Collections.unmodifiableSortedMap(secondaryMetrics == null ? new TreeMap<>()
                : new TreeMap<>(secondaryMetrics));
    }

    /**
     * A JMH metric (the primary or a secondary one): score, its 99.9% error and confidence interval, unit, and the
     * per-iteration scores ({@code rawData}: one array per fork; empty when the file has none).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Metric(double score, double scoreError, double[] scoreConfidence, String scoreUnit,
            double[][] rawData) {
        public Metric {
            rawData = rawData == null ? new double[0][] : rawData;
        }

        /** Lower end of the confidence interval; the score itself when JMH had too few samples for one. */
        public double low() {
            return hasInterval() ? scoreConfidence[0] : score;
        }

        /** Upper end of the confidence interval; the score itself when JMH had too few samples for one. */
        public double high() {
            return hasInterval() ? scoreConfidence[1] : score;
        }

        /** True when JMH had enough samples for a confidence interval (one iteration gives NaN). */
        public boolean hasInterval() {
            return scoreConfidence != null && scoreConfidence.length == 2
                    && !Double.isNaN(scoreConfidence[0]) && !Double.isNaN(scoreConfidence[1]);
        }
    }

    /** Fully qualified benchmark class, e.g. {@code dev.bitste.bench.XnorDot}. */
    public String className() {
        return benchmark.substring(0, benchmark.lastIndexOf('.'));
    }

    /** Benchmark class without package, e.g. {@code XnorDot}: the kernel family. */
    public String family() {
        String c = className();
        return c.substring(c.lastIndexOf('.') + 1);
    }

    /** Benchmark method, e.g. {@code vector}. */
    public String method() {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    public double score() {
        return primaryMetric.score();
    }

    public String unit() {
        return primaryMetric.scoreUnit();
    }

    /** Parameters as {@code a=1,b=2} (sorted by name). */
    public String paramText() {
        return params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    /** What identifies a measurement across runs: benchmark, mode, parameters (and threads when not 1). */
    public String key() {
        return benchmark + " [" + mode + "]" + (params.isEmpty() ? "" : " " + paramText())
                + (threads > 1 ? " threads=" + threads : "");
    }

    /** Family, method and parameters, for tables and test names: {@code XnorDot.vector n=16384}. */
    public String shortName() {
        return family() + "." + method() + (params.isEmpty() ? "" : " " + paramText());
    }

    /** The parameters without {@code names}. */
    public SortedMap<String, String> paramsWithout(Set<String> names) {
        SortedMap<String, String> rest = new TreeMap<>(params);
        rest.keySet().removeAll(names);
        return rest;
    }

    /** How JMH measured: forks, warmup and measurement iterations and times (what a profile sets). */
    public String settings() {
        return forks + " fork(s), " + settingsWithoutForks();
    }

    /** Warmup and measurement iterations and times (an interrupted run may have fewer forks, nothing else). */
    public String settingsWithoutForks() {
        return warmupIterations + " x " + warmupTime + " warmup, " + measurementIterations + " x " + measurementTime
                + " measurement";
    }

    /**
     * This result as if the benchmark ran {@code speed} times as fast (0.9: 10% slower): the score, its interval and
     * every iteration scaled the way the unit's direction says; the CPU share and other secondary metrics unchanged.
     */
    public JmhResult withSpeed(double speed) {
        double f = ScoreUnit.of(unit()).higherIsBetter() ? speed : 1 / speed;
        Metric m = primaryMetric;
        double[][] raw = new double[m.rawData().length][];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = m.rawData()[i].clone();
            for (int j = 0; j < raw[i].length; j++) {
                raw[i][j] *= f;
            }
        }
        double[] confidence = m.scoreConfidence() == null ? null
                : new double[] {m.scoreConfidence()[0] * f, m.scoreConfidence()[1] * f};
        return new JmhResult(benchmark, mode, threads, forks, jdkVersion, vmVersion, jvmArgs, warmupIterations,
                warmupTime, measurementIterations, measurementTime, params,
                new Metric(m.score() * f, m.scoreError() * f, confidence, m.scoreUnit(), raw), secondaryMetrics);
    }

    @Override
    public String toString() {
        return key() + " = " + score() + " " + unit();
    }
}
