package dev.bitste.results;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.eclipse.collections.impl.factory.Lists;
import org.eclipse.collections.api.list.MutableList;
import org.eclipse.collections.api.multimap.list.ListMultimap;

/**
 * Speedups of the {@code vector} kernel over each baseline of the same family (scalar as written,
 * truly scalar, each peer, float32), matched on mode and shape parameters. Above 1 means the vector
 * kernel is faster, whatever the direction of the score unit.
 */
final class Speedups {
    /** One vector result and its speedup over each baseline method measured at the same shape. */
    record Row(String mode, SortedMap<String, String> shape, String vectorBits, Map<String, Ratio> over) {
    }

    /**
     * A speedup, and whether it is clear: at least {@link #CLEAR} and the two confidence intervals apart,
     * so noise cannot explain it.
     */
    record Ratio(double speedup, boolean clear) {
        static final double CLEAR = 1.1;
    }

    private final List<String> baselines;
    private final List<Row> rows;

    private Speedups(List<String> baselines, List<Row> rows) {
        this.baselines = baselines;
        this.rows = rows;
    }

    /** Speedups within one family's results. */
    static Speedups of(List<JmhResult> family) {
        MutableList<JmhResult> all = Lists.adapt(family);
        List<String> baselines = all.collect(JmhResult::method).distinct().select(Convention::isBaseline)
                .sortThis(Convention.METHOD_ORDER);
        ListMultimap<String, JmhResult> byShape = all.groupBy(Convention::shapeKey);
        List<Row> rows = new ArrayList<>();
        for (JmhResult v : all.select(r -> r.method().equals(Convention.VECTOR))) {
            Map<String, Ratio> over = new LinkedHashMap<>();
            for (String b : baselines) {
                byShape.get(Convention.shapeKey(v)).detectOptional(r -> r.method().equals(b))
                        .ifPresent(r -> over.put(b, ratio(v, r)));
            }
            if (!over.isEmpty()) {
                rows.add(new Row(v.mode(), Convention.shape(v), v.params().getOrDefault(Convention.VECTOR_BITS, ""),
                        over));
            }
        }
        rows.sort(Comparator.comparing(Row::mode)
                .thenComparing(Row::shape, Convention::compareShapes)
                .thenComparing(Row::vectorBits, Convention::compareWidths));
        return new Speedups(List.copyOf(baselines), List.copyOf(rows));
    }

    private static Ratio ratio(JmhResult v, JmhResult base) {
        ScoreUnit vu = ScoreUnit.of(v.unit());
        ScoreUnit bu = ScoreUnit.of(base.unit());
        double speedup = vu.speedup(vu.common(v.score()), bu.common(base.score()));
        // the vector kernel's worst end of its interval still beats the baseline's best end
        double vWorst = vu.common(vu.higherIsBetter() ? v.primaryMetric().low() : v.primaryMetric().high());
        double bBest = bu.common(vu.higherIsBetter() ? base.primaryMetric().high() : base.primaryMetric().low());
        return new Ratio(speedup, speedup >= Ratio.CLEAR && vu.speedup(vWorst, bBest) > 1);
    }

    List<String> baselines() {
        return baselines;
    }

    List<Row> rows() {
        return rows;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The width the summary quotes: preferred if measured, else the widest, else the only one. */
    String headlineWidth() {
        return rows.stream().map(Row::vectorBits).min(Convention::compareWidths).orElse("");
    }

    /** The rows at the headline width. */
    List<Row> headlineRows() {
        String w = headlineWidth();
        return rows.stream().filter(r -> r.vectorBits().equals(w)).toList();
    }
}
