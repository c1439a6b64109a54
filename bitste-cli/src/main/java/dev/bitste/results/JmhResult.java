package dev.bitste.results;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Collections;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One entry of JMH's JSON result array ({@code -rf json}): the fields the report and the comparison
 * use. Parameters are kept sorted by name so equal parameter sets compare and print alike; secondary
 * results (e.g. an {@code @AuxCounters} field such as {@code bytes}) by name.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JmhResult(String benchmark, String mode, int threads, SortedMap<String, String> params,
        Metric primaryMetric, SortedMap<String, Metric> secondaryMetrics) {

    public JmhResult {
        params = Collections.unmodifiableSortedMap(params == null ? new TreeMap<>() : new TreeMap<>(params));
        secondaryMetrics = Collections.unmodifiableSortedMap(secondaryMetrics == null ? new TreeMap<>()
                : new TreeMap<>(secondaryMetrics));
    }

    /** A JMH metric (the primary or a secondary one): score, its 99.9% error and confidence interval, and unit. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Metric(double score, double scoreError, double[] scoreConfidence, String scoreUnit) {
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

    /** The parameters without {@code names}. */
    public SortedMap<String, String> paramsWithout(Set<String> names) {
        SortedMap<String, String> rest = new TreeMap<>(params);
        rest.keySet().removeAll(names);
        return rest;
    }

    @Override
    public String toString() {
        return key() + " = " + score() + " " + unit();
    }
}
