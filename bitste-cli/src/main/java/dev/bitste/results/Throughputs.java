package dev.bitste.results;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The rates a tuner reads next to JMH's score, from the work each benchmark declares ({@link BenchmarkCatalog}):
 * binary ops/ns, MACs/ns, GB/s and the fraction of the single-core bandwidth the run measured, images/s. Bytes
 * per second come from a benchmark's own {@code bytes} counter (a secondary result) when it has one, else from
 * its declared work.
 */
final class Throughputs {
    /** The secondary result holding bytes per second ({@code @AuxCounters} field {@code bytes}). */
    static final String BYTES_COUNTER = "bytes";
    /** The benchmark whose largest size is the run's single-core bandwidth (a pass over main memory). */
    static final String BANDWIDTH_FAMILY = "MemoryBandwidth";
    static final String BANDWIDTH_SIZE = "megabytes";
    static final String OF_BANDWIDTH = "of bandwidth";

    private final BenchmarkCatalog catalog;
    /** Bytes per second of the run's largest MemoryBandwidth pass, and its size, if the run measured it. */
    private final Optional<Bandwidth> bandwidth;

    /** The reference bandwidth: bytes per second and the size it was measured at. */
    record Bandwidth(double bytesPerSecond, String megabytes) {
    }

    private Throughputs(BenchmarkCatalog catalog, Optional<Bandwidth> bandwidth) {
        this.catalog = catalog;
        this.bandwidth = bandwidth;
    }

    static Throughputs of(List<JmhResult> results, BenchmarkCatalog catalog) {
        Throughputs t = new Throughputs(catalog, Optional.empty());
        Optional<Bandwidth> reference = results.stream()
                .filter(r -> r.family().equals(BANDWIDTH_FAMILY) && r.method().equals(Convention.VECTOR))
                .filter(r -> Convention.number(r.params().getOrDefault(BANDWIDTH_SIZE, "")) != null)
                .max(Comparator.comparing(r -> Convention.number(r.params().get(BANDWIDTH_SIZE))))
                .flatMap(r -> {
                    OptionalDouble b = t.bytesPerSecond(r);
                    return b.isPresent() ? Optional.of(new Bandwidth(b.getAsDouble(), r.params().get(BANDWIDTH_SIZE)))
                            : Optional.empty();
                });
        return new Throughputs(catalog, reference);
    }

    Optional<Bandwidth> bandwidth() {
        return bandwidth;
    }

    /** Operations per second of {@code r}'s primary score, whatever its unit's direction. */
    static double opsPerSecond(JmhResult r) {
        ScoreUnit u = ScoreUnit.of(r.unit());
        double common = u.common(r.score());
        return u.higherIsBetter() ? common : 1 / common;
    }

    /** {@code w}'s units per second at {@code r}'s parameters (NaN when a parameter is missing). */
    static double perSecond(JmhResult r, WorkPerOp w) {
        return w.amount(r.params()) * opsPerSecond(r);
    }

    /** Bytes per second: the benchmark's {@code bytes} counter, else its declared bytes of work. */
    OptionalDouble bytesPerSecond(JmhResult r) {
        JmhResult.Metric counter = r.secondaryMetrics().get(BYTES_COUNTER);
        if (counter != null && counter.scoreUnit() != null) {
            ScoreUnit u = ScoreUnit.of(counter.scoreUnit());
            if (u.higherIsBetter()) {
                return OptionalDouble.of(u.common(counter.score()));
            }
        }
        return catalog.work(r).stream().filter(w -> w.unit() == WorkUnit.BYTES).mapToDouble(w -> perSecond(r, w))
                .filter(Double::isFinite).findFirst();
    }

    /**
     * The tuner's columns of {@code r}, label to shown value: each declared unit (GB/s also from a {@code bytes}
     * counter), the fraction of the reference bandwidth next to GB/s, and other secondary results as they are.
     */
    Map<String, String> cells(JmhResult r) {
        Map<String, String> cells = new LinkedHashMap<>();
        for (WorkPerOp w : catalog.work(r)) {
            if (w.unit() != WorkUnit.BYTES) {
                double v = perSecond(r, w);
                if (Double.isFinite(v)) {
                    cells.putIfAbsent(w.unit().label(), Report.number(w.unit().shown(v)));
                }
            }
        }
        OptionalDouble bytes = bytesPerSecond(r);
        if (bytes.isPresent()) {
            cells.put(WorkUnit.BYTES.label(), Report.number(WorkUnit.BYTES.shown(bytes.getAsDouble())));
            bandwidth.ifPresent(b -> cells.put(OF_BANDWIDTH, percent(bytes.getAsDouble() / b.bytesPerSecond())));
        }
        r.secondaryMetrics().forEach((name, m) -> {
            if (!name.equals(BYTES_COUNTER) && !name.startsWith("\u00b7")) { // JMH profilers' results start with a dot
                cells.put(name + " (" + m.scoreUnit() + ")", Report.number(m.score()));
            }
        });
        return cells;
    }

    /** The tuner columns present in {@code results}, in the order of {@link WorkUnit}, then the others by name. */
    List<String> columns(List<JmhResult> results) {
        List<String> present = new ArrayList<>();
        results.forEach(r -> cells(r).keySet().forEach(k -> {
            if (!present.contains(k)) {
                present.add(k);
            }
        }));
        List<String> order = new ArrayList<>();
        for (WorkUnit u : WorkUnit.values()) {
            order.add(u.label());
            if (u == WorkUnit.BYTES) {
                order.add(OF_BANDWIDTH);
            }
        }
        present.sort(Comparator.comparingInt((String k) -> order.contains(k) ? order.indexOf(k) : order.size())
                .thenComparing(Comparator.naturalOrder()));
        return present;
    }

    /**
     * {@code r}'s throughput in the unit of its class's problem (the first declared), with its 99.9% error, for
     * charts where every implementation is drawn in one unit; empty when the class declares none.
     */
    Optional<Rate> problemRate(JmhResult r) {
        List<WorkPerOp> problem = catalog.problem(r);
        if (problem.isEmpty()) {
            return Optional.empty();
        }
        WorkPerOp w = problem.getFirst();
        double v = w.unit() == WorkUnit.BYTES ? bytesPerSecond(r).orElse(Double.NaN) : perSecond(r, w);
        if (!Double.isFinite(v)) {
            return Optional.empty();
        }
        double relative = Double.isNaN(r.primaryMetric().scoreError()) ? 0 : r.primaryMetric().scoreError() / r.score();
        double shown = w.unit().shown(v);
        return Optional.of(new Rate(w.unit(), shown, shown * relative));
    }

    /** A throughput in {@code unit}'s shown scale and its error. */
    record Rate(WorkUnit unit, double value, double error) {
    }

    static String percent(double fraction) {
        return String.format(java.util.Locale.ROOT, fraction >= 0.1 ? "%.0f%%" : "%.1f%%", 100 * fraction);
    }
}
