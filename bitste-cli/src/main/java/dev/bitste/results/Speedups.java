package dev.bitste.results;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Predicate;
import org.eclipse.collections.api.list.MutableList;
import org.eclipse.collections.api.multimap.list.ListMultimap;
import org.eclipse.collections.impl.factory.Lists;

/**
 * Speedups of the {@code vector} kernel over each baseline of the same family (scalar as written,
 * truly scalar, each peer, float32), matched on mode and shape parameters, and over the best peer and the best
 * float32 implementation measured at that shape (the float32 baseline or a float32 peer such as OpenBLAS). Above
 * 1 means the vector kernel is faster, whatever the direction of the score unit.
 */
final class Speedups {
    /**
     * One vector result, its speedup over each baseline method measured at the same shape, and over the fastest
     * peer and the fastest float32 implementation there.
     */
    record Row(String mode, SortedMap<String, String> shape, String vectorBits, Map<String, Ratio> over,
            Optional<Best> bestPeer, Optional<Best> bestFloat32) {
    }

    /** The fastest of several baselines at one shape, and the vector kernel's speedup over it. */
    record Best(String method, Ratio ratio) {
    }

    /**
     * A speedup and whether the two 99.9% confidence intervals are apart; with overlapping intervals (or without
     * intervals, e.g. one smoke iteration) noise can explain the ratio: it is not clear.
     */
    record Ratio(double speedup, boolean apart) {
        static final double CLEAR = 1.1;

        /** Clearly faster: at least {@link #CLEAR} and the intervals apart. */
        boolean clear() {
            return apart && speedup >= CLEAR;
        }
    }

    private final List<String> baselines;
    private final List<Row> rows;
    private final boolean severalPeers;
    private final boolean severalFloat32;

    private Speedups(List<String> baselines, List<Row> rows, boolean severalPeers, boolean severalFloat32) {
        this.baselines = baselines;
        this.rows = rows;
        this.severalPeers = severalPeers;
        this.severalFloat32 = severalFloat32;
    }

    /** Speedups within one family's results, without declarations (float32 is the {@code float32} role only). */
    static Speedups of(List<JmhResult> family) {
        return of(family, BenchmarkCatalog.empty());
    }

    /** Speedups within one family's results; {@code catalog} says which peers are float32. */
    static Speedups of(List<JmhResult> family, BenchmarkCatalog catalog) {
        MutableList<JmhResult> all = Lists.adapt(family);
        List<String> baselines = all.collect(JmhResult::method).distinct().select(Convention::isBaseline)
                .sortThis(Convention.METHOD_ORDER);
        Predicate<JmhResult> peer = r -> BenchmarkRole.of(r.method()) == BenchmarkRole.PEER;
        Predicate<JmhResult> float32 = catalog::isFloat32;
        ListMultimap<String, JmhResult> byShape = all.groupBy(Convention::shapeKey);
        List<Row> rows = new ArrayList<>();
        for (JmhResult v : all.select(r -> r.method().equals(Convention.VECTOR))) {
            MutableList<JmhResult> same = byShape.get(Convention.shapeKey(v)).toList();
            Map<String, Ratio> over = new LinkedHashMap<>();
            for (String b : baselines) {
                same.detectOptional(r -> r.method().equals(b)).ifPresent(r -> over.put(b, ratio(v, r)));
            }
            if (!over.isEmpty()) {
                rows.add(new Row(v.mode(), Convention.shape(v), v.params().getOrDefault(Convention.VECTOR_BITS, ""),
                        over, best(v, same.select(peer::test)), best(v, same.select(float32::test))));
            }
        }
        rows.sort(Comparator.comparing(Row::mode)
                .thenComparing(Row::shape, Convention::compareShapes)
                .thenComparing(Row::vectorBits, Convention::compareWidths));
        return new Speedups(List.copyOf(baselines), List.copyOf(rows),
                all.select(peer::test).collect(JmhResult::method).distinct().size() > 1,
                all.select(float32::test).collect(JmhResult::method).distinct().size() > 1);
    }

    /** The candidate the vector kernel gains least over, i.e. the fastest. */
    private static Optional<Best> best(JmhResult v, MutableList<JmhResult> candidates) {
        return candidates.collect(r -> new Best(r.method(), ratio(v, r)))
                .minByOptional(b -> b.ratio().speedup());
    }

    static Ratio ratio(JmhResult v, JmhResult base) {
        ScoreUnit vu = ScoreUnit.of(v.unit());
        ScoreUnit bu = ScoreUnit.of(base.unit());
        double speedup = vu.speedup(vu.common(v.score()), bu.common(base.score()));
        JmhResult.Metric vm = v.primaryMetric();
        JmhResult.Metric bm = base.primaryMetric();
        boolean apart = vm.hasInterval() && bm.hasInterval()
                && (vu.common(vm.low()) > bu.common(bm.high()) || vu.common(vm.high()) < bu.common(bm.low()));
        return new Ratio(speedup, apart);
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

    /** True when the family has two peers or more (then the best of them is a column of its own). */
    boolean severalPeers() {
        return severalPeers;
    }

    /** True when the family has two float32 implementations or more (the float32 baseline and a float32 peer). */
    boolean severalFloat32() {
        return severalFloat32;
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
