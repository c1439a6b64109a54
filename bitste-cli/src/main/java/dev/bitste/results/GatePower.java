package dev.bitste.results;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * How often the gate raises a false alarm and how often it catches a slowdown, measured on committed runs of one
 * commit on one machine (an A/A experiment). Every ordered pair of runs is compared as base and new: a regression
 * flagged there is a false alarm. For the power, one benchmark at a time of the new run is made {@code s} slower
 * (its iteration scores scaled, its noise kept) and the gate must flag it; the other benchmarks stay as measured,
 * so Holm's adjustment sees the full family. Besides the pairs as measured, {@code resamples} draws of the forks of
 * each run (with replacement) smooth the rates.
 */
public final class GatePower {
    /** The slowdowns the power is estimated at. */
    public static final double[] SLOWDOWNS = {0.05, 0.10, 0.20};

    /** Which part of each run's raw data to use: forks, iterations (after skipping the first {@code skip}). */
    public record Subset(int forks, int iterations, int skip) {
        static final Subset ALL = new Subset(Integer.MAX_VALUE, Integer.MAX_VALUE, 0);
    }

    /** Counts for one slowdown (0: false alarms): comparisons made and how many were flagged. */
    public record Rate(double slowdown, int comparisons, int flagged, int resampledComparisons, int resampledFlagged) {
        public double rate() {
            return comparisons == 0 ? Double.NaN : flagged / (double) comparisons;
        }

        public double resampledRate() {
            return resampledComparisons == 0 ? Double.NaN : resampledFlagged / (double) resampledComparisons;
        }
    }

    private final List<String> names;
    private final List<Rate> rates;
    private final Map<String, int[]> perBenchmark;
    private final int runs;
    private final int benchmarks;

    private GatePower(List<String> names, List<Rate> rates, Map<String, int[]> perBenchmark, int runs, int benchmarks) {
        this.names = names;
        this.rates = rates;
        this.perBenchmark = perBenchmark;
        this.runs = runs;
        this.benchmarks = benchmarks;
    }

    /**
     * Estimates the rates on {@code runs} (two or more runs of the same commit) with {@code settings}, using
     * {@code subset} of each run's data and {@code resamples} fork resamples per pair (0: the pairs as measured only).
     */
    public static GatePower of(Map<String, List<JmhResult>> runs, Comparison.Settings settings, Subset subset,
            int resamples, long seed) {
        if (runs.size() < 2) {
            throw new IllegalArgumentException("an A/A estimate needs two runs or more, got " + runs.size());
        }
        List<String> names = List.copyOf(runs.keySet());
        List<List<JmhResult>> data = new ArrayList<>();
        for (List<JmhResult> run : runs.values()) {
            data.add(run.stream().map(r -> subset(r, subset)).toList());
        }
        List<String> common = data.getFirst().stream().map(JmhResult::key)
                .filter(k -> data.stream().allMatch(run -> run.stream().anyMatch(r -> r.key().equals(k)))).sorted().toList();
        if (common.isEmpty()) {
            throw new IllegalArgumentException("the runs have no benchmark in common");
        }
        List<List<JmhResult>> aligned = data.stream().map(run -> common.stream()
                .map(k -> run.stream().filter(r -> r.key().equals(k)).findFirst().orElseThrow()).toList()).toList();
        RandomGenerator rng = new Well19937c(seed);
        double[] slowdowns = new double[SLOWDOWNS.length + 1];
        System.arraycopy(SLOWDOWNS, 0, slowdowns, 1, SLOWDOWNS.length);
        int[][] counts = new int[slowdowns.length][4];
        Map<String, int[]> perBenchmark = new TreeMap<>(); // key -> {A/A alarms, A/A comparisons, caught at 10%, tries}
        common.forEach(k -> perBenchmark.put(k, new int[4]));
        for (int a = 0; a < aligned.size(); a++) {
            for (int b = 0; b < aligned.size(); b++) {
                if (a == b) {
                    continue;
                }
                for (int draw = 0; draw <= resamples; draw++) {
                    boolean measured = draw == 0;
                    List<JmhResult> base = measured ? aligned.get(a) : resample(aligned.get(a), rng);
                    List<JmhResult> cur = measured ? aligned.get(b) : resample(aligned.get(b), rng);
                    for (int s = 0; s < slowdowns.length; s++) {
                        tally(base, cur, slowdowns[s], settings, counts[s], measured,
                                measured ? perBenchmark : null);
                    }
                }
            }
        }
        List<Rate> rates = new ArrayList<>();
        for (int s = 0; s < slowdowns.length; s++) {
            rates.add(new Rate(slowdowns[s], counts[s][0], counts[s][1], counts[s][2], counts[s][3]));
        }
        return new GatePower(names, rates, perBenchmark, runs.size(), common.size());
    }

    /** Compares base and new with benchmark i slowed by {@code slowdown}, for each i (once for the A/A). */
    private static void tally(List<JmhResult> base, List<JmhResult> cur, double slowdown, Comparison.Settings settings,
            int[] counts, boolean measured, Map<String, int[]> perBenchmark) {
        int offset = measured ? 0 : 2;
        if (slowdown == 0) {
            Comparison c = Comparison.of(base, cur, settings, false);
            for (Comparison.Change ch : c.changes()) {
                boolean alarm = ch.verdict() == Comparison.Verdict.REGRESSION;
                counts[offset]++;
                counts[offset + 1] += alarm ? 1 : 0;
                if (perBenchmark != null) {
                    perBenchmark.get(ch.base().key())[0] += alarm ? 1 : 0;
                    perBenchmark.get(ch.base().key())[1]++;
                }
            }
            return;
        }
        for (int i = 0; i < cur.size(); i++) {
            List<JmhResult> slowed = new ArrayList<>(cur);
            slowed.set(i, cur.get(i).withSpeed(1 / (1 + slowdown)));
            Comparison c = Comparison.of(base, slowed, settings, false);
            String key = cur.get(i).key();
            boolean caught = c.changes().stream()
                    .anyMatch(ch -> ch.base().key().equals(key) && ch.verdict() == Comparison.Verdict.REGRESSION);
            counts[offset]++;
            counts[offset + 1] += caught ? 1 : 0;
            if (perBenchmark != null && Math.abs(slowdown - 0.10) < 1e-9) {
                perBenchmark.get(key)[2] += caught ? 1 : 0;
                perBenchmark.get(key)[3]++;
            }
        }
    }

    /** The run with each benchmark's forks drawn with replacement. */
    private static List<JmhResult> resample(List<JmhResult> run, RandomGenerator rng) {
        List<JmhResult> out = new ArrayList<>();
        for (JmhResult r : run) {
            int forks = r.primaryMetric().rawData().length;
            int[] pick = new int[forks];
            for (int i = 0; i < forks; i++) {
                pick[i] = rng.nextInt(forks);
            }
            out.add(rows(r, pick, 0, Integer.MAX_VALUE));
        }
        return out;
    }

    /** {@code r} restricted to {@code subset}. */
    static JmhResult subset(JmhResult r, Subset subset) {
        int forks = Math.min(subset.forks(), r.primaryMetric().rawData().length);
        int[] pick = new int[forks];
        Arrays.setAll(pick, i -> i);
        return rows(r, pick, subset.skip(), subset.iterations());
    }

    /** {@code r} with the given fork rows, each cut to {@code count} iterations after skipping {@code skip}. */
    private static JmhResult rows(JmhResult r, int[] pick, int skip, int count) {
        java.util.SortedMap<String, JmhResult.Metric> secondary = new java.util.TreeMap<>();
        r.secondaryMetrics().forEach((k, m) -> secondary.put(k, rows(m, pick, skip, count)));
        return new JmhResult(r.benchmark(), r.mode(), r.threads(), pick.length, r.jdkVersion(), r.vmVersion(),
                r.jvmArgs(), r.warmupIterations(), r.warmupTime(), r.measurementIterations(), r.measurementTime(),
                r.params(), rows(r.primaryMetric(), pick, skip, count), secondary);
    }

    private static JmhResult.Metric rows(JmhResult.Metric m, int[] pick, int skip, int count) {
        if (m.rawData().length == 0) {
            return m;
        }
        double[][] raw = new double[pick.length][];
        for (int i = 0; i < pick.length; i++) {
            double[] row = m.rawData()[pick[i]];
            int from = Math.min(skip, row.length);
            raw[i] = Arrays.copyOfRange(row, from, (int) Math.min(row.length, (long) from + count));
        }
        return new JmhResult.Metric(m.score(), m.scoreError(), m.scoreConfidence(), m.scoreUnit(), raw);
    }

    public List<Rate> rates() {
        return rates;
    }

    /** The rate of false alarms (regressions flagged between runs of the same commit). */
    public Rate falseAlarms() {
        return rates.getFirst();
    }

    /** Markdown: the runs, the rates, and per benchmark its A/A alarms and its power at 10%. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%d runs (%d ordered pairs), %d benchmarks in common: %s%n%n", runs,
                runs * (runs - 1), benchmarks, String.join(", ", names)));
        MarkdownTable t = new MarkdownTable(List.of("slowdown", "comparisons", "flagged", "rate",
                "resampled comparisons", "resampled rate"));
        for (Rate r : rates) {
            t.row(List.of(r.slowdown() == 0 ? "0 (A/A: false alarms)" : pct(r.slowdown()), String.valueOf(r.comparisons()),
                    String.valueOf(r.flagged()), pct(r.rate()), String.valueOf(r.resampledComparisons()),
                    pct(r.resampledRate())));
        }
        md.append(t.render()).append('\n');
        MarkdownTable b = new MarkdownTable(List.of("benchmark", "A/A false alarms", "caught at 10% (pairs as measured)"));
        perBenchmark.forEach((k, c) -> b.row(List.of("`" + k + "`", c[0] + " / " + c[1], c[2] + " / " + c[3])));
        md.append(b.render());
        return md.toString();
    }

    private static String pct(double x) {
        return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * x);
    }
}
