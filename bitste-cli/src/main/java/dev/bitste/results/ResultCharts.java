package dev.bitste.results;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.eclipse.collections.impl.factory.Lists;
import org.eclipse.collections.api.list.MutableList;
import org.eclipse.collections.api.multimap.list.ListMultimap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Charts of a family, one line (or bar) per implementation, peers included. The y axis is each result's
 * throughput in the unit of the problem its class declares (binary ops/ns, MACs/ns, GB/s, images/s: the same for
 * every implementation of the family), else JMH's score; error bars are JMH's 99.9% error.
 *
 * <p>Where the grid spans at least {@link #MIN_SIZES} sizes ({@code n}, else the first numeric shape parameter
 * that varies): throughput against size, one chart per mode and value of the other shape parameters. Otherwise
 * one bar chart per mode, a group of bars per shape (without error bars on a log axis). Each numeric axis turns logarithmic when its values span a
 * decade or more, labelled at every tick when it spans less than two decades.
 */
final class ResultCharts {
    /** Fewer sizes than this make a line that says nothing a table would not: bars instead. */
    static final int MIN_SIZES = 3;
    /** More shapes than this make bars no one can read: no chart (the tables have them). */
    static final int MAX_BAR_GROUPS = 12;
    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;
    /** Plain numbers with thousands separators on every axis, never 1E4. */
    private static final String PATTERN = "#,##0.###";

    /** A rendered chart: file name (PNG), title, and the implementations drawn. */
    record Chart(String fileName, String title, List<String> series, byte[] png) {
    }

    private ResultCharts() {
    }

    /** Charts of JMH's score (no declared units). */
    static List<Chart> of(String family, List<JmhResult> results) {
        return of(family, results, Throughputs.of(results, BenchmarkCatalog.empty()));
    }

    static List<Chart> of(String family, List<JmhResult> results, Throughputs units) {
        MutableList<JmhResult> all = Lists.adapt(results);
        String x = sizeParam(all);
        List<Chart> charts = new ArrayList<>();
        if (x == null) {
            for (String mode : all.collect(JmhResult::mode).distinct().sortThis()) {
                MutableList<JmhResult> group = all.select(r -> r.mode().equals(mode));
                if (group.collect(r -> Convention.shape(r)).distinct().size() <= MAX_BAR_GROUPS) {
                    charts.add(bars(file(family, mode, ""), family, group, Values.of(group, units)));
                }
            }
            return charts;
        }
        ListMultimap<String, JmhResult> groups = all.groupBy(r -> r.mode() + " " + others(r, x));
        for (String key : groups.keysView().toSortedList()) {
            MutableList<JmhResult> group = groups.get(key).toList();
            String suffix = label(others(group.getFirst(), x));
            String title = family + (suffix.isEmpty() ? "" : " (" + suffix + ")");
            charts.add(lines(file(family, group.getFirst().mode(), suffix), title, x, group, Values.of(group, units)));
        }
        return charts;
    }

    private static String file(String family, String mode, String suffix) {
        return (family + "-" + mode + (suffix.isEmpty() ? "" : "-" + suffix)).replaceAll("[^A-Za-z0-9=._-]+", "_")
                + ".png";
    }

    /** {@code a=1, b=2}. */
    private static String label(SortedMap<String, String> params) {
        return params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    /** What a chart draws for each result (throughput in the problem's unit, else the score) and the axis title. */
    private record Values(Map<JmhResult, double[]> values, String axisTitle) {
        static Values of(MutableList<JmhResult> group, Throughputs units) {
            Map<JmhResult, Throughputs.Rate> rates = new IdentityHashMap<>();
            group.forEach(r -> units.problemRate(r).ifPresent(rate -> rates.put(r, rate)));
            boolean inUnits = rates.size() == group.size()
                    && rates.values().stream().map(Throughputs.Rate::unit).distinct().count() == 1;
            Map<JmhResult, double[]> values = new IdentityHashMap<>();
            for (JmhResult r : group) {
                double e = r.primaryMetric().scoreError();
                values.put(r, inUnits ? new double[] {rates.get(r).value(), rates.get(r).error()}
                        : new double[] {r.score(), Double.isNaN(e) ? 0 : e});
            }
            String unit = group.getFirst().unit();
            return new Values(values, inUnits ? rates.values().iterator().next().unit().label() + " (higher is better)"
                    : unit + (ScoreUnit.of(unit).higherIsBetter() ? " (higher is better)" : " (lower is better)"));
        }

        double y(JmhResult r) {
            return values.get(r)[0];
        }

        /** The error bar; on a log axis short enough to keep its lower end above zero (the tables give it all). */
        double error(JmhResult r, boolean log) {
            return log ? Math.min(values.get(r)[1], 0.9 * y(r)) : values.get(r)[1];
        }

        /** The lowest and highest ends of the points and their (log-safe) error bars. */
        double[] extent(MutableList<JmhResult> group) {
            double[] ends = new double[2 * group.size()];
            for (int i = 0; i < group.size(); i++) {
                JmhResult r = group.get(i);
                ends[2 * i] = y(r) - error(r, true);
                ends[2 * i + 1] = y(r) + error(r, true);
            }
            return ends;
        }
    }

    /**
     * How an axis over some values is drawn: linear when they span less than a decade (or are not all positive),
     * else logarithmic from the decade below the smallest to the decade above the largest, labelled at every
     * tick (1..9 times the power of ten) when that is a single decade and at the decades otherwise, so a log axis
     * always has at least three labels.
     */
    record Scale(boolean log, double min, double max, boolean decadeOnly) {
        static Scale of(double[] values) {
            double lo = Double.MAX_VALUE;
            double hi = 0;
            for (double v : values) {
                if (!(v > 0)) {
                    return new Scale(false, 0, 0, false);
                }
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            if (values.length == 0 || hi / lo < 10) {
                return new Scale(false, 0, 0, false);
            }
            double min = Math.pow(10, Math.floor(Math.log10(lo)));
            double max = Math.pow(10, Math.ceil(Math.log10(hi)));
            return new Scale(true, min, max, max / min > 10.5);
        }

        void applyY(AxesChartStyler style) {
            style.setYAxisLogarithmic(log);
            if (log) {
                style.setYAxisMin(min).setYAxisMax(max).setYAxisLogarithmicDecadeOnly(decadeOnly);
            }
            style.setYAxisDecimalPattern(PATTERN);
        }
    }

    /** Implementations in display order. */
    private static List<String> series(ListMultimap<String, JmhResult> bySeries) {
        return bySeries.keysView().toSortedList(
                Comparator.comparing((String name) -> bySeries.get(name).getFirst(), Convention.IMPL_ORDER));
    }

    private static Chart lines(String file, String title, String x, MutableList<JmhResult> group, Values v) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x)
                .yAxisTitle(v.axisTitle()).build();
        Scale sx = Scale.of(group.collectDouble(r -> Double.parseDouble(r.params().get(x))).toArray());
        Scale sy = Scale.of(v.extent(group));
        boolean logY = sy.log();
        XYStyler style = chart.getStyler();
        style.setXAxisLogarithmic(sx.log());
        if (sx.log()) {
            style.setXAxisMin(sx.min()).setXAxisMax(sx.max()).setXAxisLogarithmicDecadeOnly(sx.decadeOnly());
        }
        sy.applyY(style);
        style.setXAxisDecimalPattern(PATTERN);
        decorate(style);
        ListMultimap<String, JmhResult> bySeries = group.groupBy(Convention::implLabel);
        List<String> names = series(bySeries);
        for (String name : names) {
            MutableList<JmhResult> points = bySeries.get(name).toSortedListBy(r -> Double.parseDouble(r.params().get(x)));
            XYSeries s = chart.addSeries(name, points.collectDouble(r -> Double.parseDouble(r.params().get(x))).toArray(),
                    points.collectDouble(v::y).toArray(), points.collectDouble(r -> v.error(r, logY)).toArray());
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        return render(file, title, names, chart);
    }

    private static Chart bars(String file, String title, MutableList<JmhResult> group, Values v) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("shape")
                .yAxisTitle(v.axisTitle()).build();
        Scale sy = Scale.of(v.extent(group));
        boolean logY = sy.log();
        CategoryStyler style = chart.getStyler();
        sy.applyY(style); // bars on a log axis start at its minimum, which must be above zero
        decorate(style);
        List<SortedMap<String, String>> shapes = group.collect(Convention::shape).distinct()
                .sortThis(Convention::compareShapes);
        List<String> categories = shapes.stream().map(ResultCharts::label).map(l -> l.isEmpty() ? "-" : l).toList();
        ListMultimap<String, JmhResult> bySeries = group.groupBy(Convention::implLabel);
        List<String> names = series(bySeries);
        for (String name : names) {
            List<Double> y = new ArrayList<>();
            List<Double> e = new ArrayList<>();
            for (SortedMap<String, String> shape : shapes) {
                JmhResult r = bySeries.get(name).detect(x -> Convention.shape(x).equals(shape));
                y.add(r == null ? null : v.y(r));
                e.add(r == null ? null : v.error(r, logY));
            }
            // XChart draws the error bars of bars on a log axis across the whole axis: there the tables give them
            if (logY) {
                chart.addSeries(name, categories, y);
            } else {
                chart.addSeries(name, categories, y, e);
            }
        }
        return render(file, title, names, chart);
    }

    private static void decorate(AxesChartStyler style) {
        style.setLegendPosition(Styler.LegendPosition.OutsideE);
        style.setChartBackgroundColor(Color.WHITE);
        style.setErrorBarsColorSeriesColor(true);
    }

    private static Chart render(String file, String title, List<String> names, org.knowm.xchart.internal.chartpart.Chart<?, ?> chart) {
        try {
            return new Chart(file, title, names, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render chart " + file, e);
        }
    }

    /** {@code n} if it is numeric, else the first numeric shape parameter with {@link #MIN_SIZES} values or more. */
    static String sizeParam(MutableList<JmhResult> all) {
        Map<String, List<String>> values = new TreeMap<>();
        all.forEach(r -> Convention.shape(r).forEach((k, v) -> values.computeIfAbsent(k, u -> new ArrayList<>()).add(v)));
        List<String> candidates = values.entrySet().stream()
                .filter(e -> e.getValue().stream().allMatch(v -> Convention.number(v) != null))
                .filter(e -> e.getValue().stream().distinct().count() >= MIN_SIZES)
                .filter(e -> all.allSatisfy(r -> r.params().containsKey(e.getKey())))
                .map(Map.Entry::getKey).toList();
        return candidates.contains("n") ? "n" : candidates.isEmpty() ? null : candidates.getFirst();
    }

    private static SortedMap<String, String> others(JmhResult r, String x) {
        SortedMap<String, String> rest = Convention.shape(r);
        rest.remove(x);
        return rest;
    }
}
