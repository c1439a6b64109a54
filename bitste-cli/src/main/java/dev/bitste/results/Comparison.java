package dev.bitste.results;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.collections.impl.factory.Lists;

/**
 * Two sets of JMH results matched by benchmark, mode and parameters, each matched benchmark tested for a change
 * on its raw data ({@link Samples}, {@link ChangeTest}). A benchmark is a <em>regression</em> when it is
 * significantly slower after Holm's adjustment over every benchmark compared (family-wise level {@code alpha}) and
 * its estimated slowdown is at least {@link #EFFECT_FRACTION} of the threshold; an improvement likewise the other
 * way; everything else is unchanged. Why these rules: results/README.md, "The gate".
 */
public final class Comparison {
    public static final double DEFAULT_THRESHOLD_PCT = 10.0;
    public static final double DEFAULT_ALPHA = 0.05;
    /**
     * The share of the threshold the estimated change must reach. Not the whole threshold: a slowdown of exactly the
     * threshold is estimated above it only half of the time, and the gate must catch it nine times in ten.
     */
    public static final double EFFECT_FRACTION = 0.5;
    static final double CONFIDENCE = 0.99;

    /** Outcome for one benchmark. */
    public enum Verdict { REGRESSION, IMPROVEMENT, UNCHANGED }

    /** How to decide: threshold in percent, family-wise level, speed basis and test. */
    public record Settings(double thresholdPct, double alpha, Samples.Basis basis, ChangeTest.Method method) {
        public Settings {
            if (!(thresholdPct >= 0) || Double.isInfinite(thresholdPct)) {
                throw new IllegalArgumentException("--threshold must be a percentage >= 0, got " + thresholdPct);
            }
            if (!(alpha > 0 && alpha < 1)) {
                throw new IllegalArgumentException("--alpha must be between 0 and 1, got " + alpha);
            }
        }

        /** The defaults: 10%, 0.05, CPU time where recorded, Welch's test. */
        public static Settings defaults() {
            return new Settings(DEFAULT_THRESHOLD_PCT, DEFAULT_ALPHA, Samples.Basis.CPU, ChangeTest.Method.WELCH);
        }

        public Settings withThreshold(double pct) {
            return new Settings(pct, alpha, basis, method);
        }
    }

    /**
     * One matched benchmark: its samples, the test, the Holm-adjusted p-value of the direction it moved in, and the
     * verdict. {@code speedup} above 1 means the new run is faster (the ratio of the medians of its samples).
     */
    public record Change(JmhResult base, JmhResult current, Samples baseSamples, Samples newSamples, ChangeTest test,
            double pAdjusted, Verdict verdict) {
        public double speedup() {
            return test.ratio();
        }

        /** The relative change of the speed (new / base - 1); negative is slower. */
        public double change() {
            return test.ratio() - 1;
        }
    }

    private final Settings settings;
    private final List<Change> changes;
    private final List<JmhResult> onlyInBase;
    private final List<JmhResult> onlyInNew;

    private Comparison(Settings settings, List<Change> changes, List<JmhResult> onlyInBase, List<JmhResult> onlyInNew) {
        this.settings = settings;
        this.changes = changes;
        this.onlyInBase = onlyInBase;
        this.onlyInNew = onlyInNew;
    }

    /**
     * Compares {@code current} against {@code base} (each free of duplicates, as {@link JmhJson} reads them).
     *
     * @throws IllegalArgumentException when no benchmark is in both, or a matched pair's units measure opposite things
     */
    public static Comparison of(List<JmhResult> base, List<JmhResult> current, Settings s) {
        return of(base, current, s, true);
    }

    /** As {@link #of(List, List, Settings)}; without {@code intervals} no bootstrap interval is computed (faster). */
    static Comparison of(List<JmhResult> base, List<JmhResult> current, Settings s, boolean intervals) {
        Map<String, JmhResult> byKey = index(current);
        Map<String, JmhResult> baseByKey = index(base);
        List<JmhResult[]> pairs = new ArrayList<>();
        for (JmhResult b : baseByKey.values()) {
            JmhResult n = byKey.get(b.key());
            if (n != null) {
                checkUnits(b, n);
                pairs.add(new JmhResult[] {b, n});
            }
        }
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no benchmark is in both: nothing was compared (base has "
                    + base.size() + " result(s), e.g. " + base.getFirst().key() + "; new has " + current.size()
                    + ", e.g. " + current.getFirst().key() + ")");
        }
        pairs.sort((x, y) -> x[0].key().compareTo(y[0].key()));
        List<ChangeTest> tests = new ArrayList<>();
        List<Samples[]> samples = new ArrayList<>();
        for (JmhResult[] p : pairs) {
            boolean perFork = Samples.forks(p[0]) >= Samples.MIN_FORKS && Samples.forks(p[1]) >= Samples.MIN_FORKS;
            Samples sb = Samples.of(p[0], s.basis(), perFork);
            Samples sn = Samples.of(p[1], s.basis(), perFork);
            if (sb.basis() != sn.basis()) { // one side has no CPU share: both on wall time
                sb = Samples.of(p[0], Samples.Basis.WALL, perFork);
                sn = Samples.of(p[1], Samples.Basis.WALL, perFork);
            }
            samples.add(new Samples[] {sb, sn});
            tests.add(ChangeTest.of(sb, sn, s.method(), CONFIDENCE, p[0].key().hashCode(), intervals));
        }
        double[] slower = ChangeTest.holm(tests.stream().mapToDouble(ChangeTest::pSlower).toArray());
        double[] faster = ChangeTest.holm(tests.stream().mapToDouble(ChangeTest::pFaster).toArray());
        double effect = EFFECT_FRACTION * s.thresholdPct() / 100;
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            ChangeTest t = tests.get(i);
            boolean slowerSide = t.ratio() < 1;
            Verdict v = slowerSide && slower[i] < s.alpha() && 1 / t.ratio() - 1 >= effect ? Verdict.REGRESSION
                    : !slowerSide && faster[i] < s.alpha() && t.ratio() - 1 >= effect ? Verdict.IMPROVEMENT
                    : Verdict.UNCHANGED;
            changes.add(new Change(pairs.get(i)[0], pairs.get(i)[1], samples.get(i)[0], samples.get(i)[1], t,
                    slowerSide ? slower[i] : faster[i], v));
        }
        List<JmhResult> onlyInBase = Lists.adapt(List.copyOf(baseByKey.values()))
                .reject(r -> byKey.containsKey(r.key())).sortThisBy(JmhResult::key);
        List<JmhResult> onlyInNew = Lists.adapt(List.copyOf(byKey.values()))
                .reject(r -> baseByKey.containsKey(r.key())).sortThisBy(JmhResult::key);
        return new Comparison(s, List.copyOf(changes), onlyInBase, onlyInNew);
    }

    private static Map<String, JmhResult> index(List<JmhResult> results) {
        Map<String, JmhResult> byKey = new LinkedHashMap<>();
        for (JmhResult r : results) {
            if (byKey.putIfAbsent(r.key(), r) != null) {
                throw new IllegalArgumentException("the same benchmark twice: " + r.key());
            }
        }
        return byKey;
    }

    private static void checkUnits(JmhResult base, JmhResult current) {
        if (ScoreUnit.of(base.unit()).higherIsBetter() != ScoreUnit.of(current.unit()).higherIsBetter()) {
            throw new IllegalArgumentException(base.key() + ": units " + base.unit() + " and " + current.unit()
                    + " measure opposite things");
        }
    }

    public Settings settings() {
        return settings;
    }

    public double thresholdPct() {
        return settings.thresholdPct();
    }

    public List<Change> changes() {
        return changes;
    }

    public List<Change> changes(Verdict verdict) {
        return changes.stream().filter(c -> c.verdict() == verdict).toList();
    }

    public List<JmhResult> onlyInBase() {
        return onlyInBase;
    }

    public List<JmhResult> onlyInNew() {
        return onlyInNew;
    }

    public boolean hasRegression() {
        return !changes(Verdict.REGRESSION).isEmpty();
    }
}
