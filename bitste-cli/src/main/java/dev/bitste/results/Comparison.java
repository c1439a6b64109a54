package dev.bitste.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.collections.impl.factory.Lists;

/**
 * Two sets of JMH results matched by benchmark, mode and parameters. A change counts only when the
 * score moved by more than the threshold in the worse (or better) direction of its unit <em>and</em>
 * the two confidence intervals do not overlap; everything else is unchanged (noise).
 */
public final class Comparison {
    public static final double DEFAULT_THRESHOLD_PCT = 10.0;

    /** Outcome for one benchmark. */
    public enum Verdict { REGRESSION, IMPROVEMENT, UNCHANGED }

    /**
     * One matched benchmark. {@code change} is the relative change of the score itself (new/base - 1,
     * on a common time scale); {@code speedup} above 1 means the new run is faster.
     */
    public record Change(JmhResult base, JmhResult current, double change, double speedup, Verdict verdict) {
    }

    private final double thresholdPct;
    private final List<Change> changes;
    private final List<JmhResult> onlyInBase;
    private final List<JmhResult> onlyInNew;

    private Comparison(double thresholdPct, List<Change> changes, List<JmhResult> onlyInBase,
            List<JmhResult> onlyInNew) {
        this.thresholdPct = thresholdPct;
        this.changes = changes;
        this.onlyInBase = onlyInBase;
        this.onlyInNew = onlyInNew;
    }

    /** Compares {@code current} against {@code base} with a threshold in percent (e.g. 10). */
    public static Comparison of(List<JmhResult> base, List<JmhResult> current, double thresholdPct) {
        if (!(thresholdPct >= 0) || Double.isInfinite(thresholdPct)) {
            throw new IllegalArgumentException("threshold must be a percentage >= 0, got " + thresholdPct);
        }
        Map<String, JmhResult> byKey = current.stream()
                .collect(Collectors.toMap(JmhResult::key, Function.identity(), (a, b) -> b));
        Map<String, JmhResult> baseByKey = base.stream()
                .collect(Collectors.toMap(JmhResult::key, Function.identity(), (a, b) -> b));
        List<Change> changes = new ArrayList<>();
        for (JmhResult b : baseByKey.values()) {
            JmhResult n = byKey.get(b.key());
            if (n != null) {
                changes.add(change(b, n, thresholdPct / 100));
            }
        }
        changes.sort((x, y) -> x.base().key().compareTo(y.base().key()));
        List<JmhResult> onlyInBase = Lists.adapt(List.copyOf(baseByKey.values()))
                .reject(r -> byKey.containsKey(r.key())).sortThisBy(JmhResult::key);
        List<JmhResult> onlyInNew = Lists.adapt(List.copyOf(byKey.values()))
                .reject(r -> baseByKey.containsKey(r.key())).sortThisBy(JmhResult::key);
        return new Comparison(thresholdPct, List.copyOf(changes), onlyInBase, onlyInNew);
    }

    private static Change change(JmhResult base, JmhResult current, double threshold) {
        ScoreUnit bu = ScoreUnit.of(base.unit());
        ScoreUnit nu = ScoreUnit.of(current.unit());
        if (bu.higherIsBetter() != nu.higherIsBetter()) {
            throw new IllegalArgumentException(base.key() + ": units " + bu.text() + " and " + nu.text()
                    + " measure opposite things");
        }
        double b = bu.common(base.score());
        double n = nu.common(current.score());
        double change = n / b - 1;
        boolean overlap = !(nu.common(current.primaryMetric().high()) < bu.common(base.primaryMetric().low())
                || nu.common(current.primaryMetric().low()) > bu.common(base.primaryMetric().high()));
        boolean worse = bu.higherIsBetter() ? change < -threshold : change > threshold;
        boolean better = bu.higherIsBetter() ? change > threshold : change < -threshold;
        Verdict v = overlap ? Verdict.UNCHANGED : worse ? Verdict.REGRESSION : better ? Verdict.IMPROVEMENT
                : Verdict.UNCHANGED;
        return new Change(base, current, change, bu.speedup(n, b), v);
    }

    public double thresholdPct() {
        return thresholdPct;
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
