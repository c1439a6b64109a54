package dev.bitste.results;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.eclipse.collections.impl.factory.Lists;
import org.eclipse.collections.api.list.MutableList;
import org.eclipse.collections.api.multimap.list.ListMultimap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Charts of a family's score against its size parameter ({@code n}, else the first numeric shape
 * parameter that varies), one line per implementation, one chart per mode and value of the other shape
 * parameters. Each axis turns logarithmic when its values span a decade or more.
 */
final class ResultCharts {
    /** A rendered chart: file name (PNG), title, and the implementations drawn. */
    record Chart(String fileName, String title, List<String> series, byte[] png) {
    }

    private ResultCharts() {
    }

    static List<Chart> of(String family, List<JmhResult> results) {
        MutableList<JmhResult> all = Lists.adapt(results);
        String x = sizeParam(all);
        if (x == null) {
            return List.of();
        }
        ListMultimap<String, JmhResult> groups = all.groupBy(r -> r.mode() + " " + others(r, x));
        List<Chart> charts = new ArrayList<>();
        for (String key : groups.keysView().toSortedList()) {
            MutableList<JmhResult> group = groups.get(key).toList();
            SortedMap<String, String> fixed = others(group.getFirst(), x);
            String mode = group.getFirst().mode();
            String suffix = fixed.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(", "));
            String title = family + (suffix.isEmpty() ? "" : " (" + suffix + ")");
            String file = (family + "-" + mode + (suffix.isEmpty() ? "" : "-" + suffix))
                    .replaceAll("[^A-Za-z0-9=._-]+", "_") + ".png";
            charts.add(chart(file, title, x, group));
        }
        return charts;
    }

    private static Chart chart(String file, String title, String x, MutableList<JmhResult> group) {
        String unit = group.getFirst().unit();
        boolean higher = ScoreUnit.of(unit).higherIsBetter();
        XYChart chart = new XYChartBuilder().width(900).height(560).title(title)
                .xAxisTitle(x).yAxisTitle(unit + (higher ? " (higher is better)" : " (lower is better)")).build();
        boolean logY = spansDecades(group.collectDouble(JmhResult::score).toArray(), 10);
        XYStyler style = chart.getStyler();
        style.setXAxisLogarithmic(spansDecades(group.collectDouble(r -> Double.parseDouble(r.params().get(x))).toArray(),
                10));
        style.setYAxisLogarithmic(logY);
        style.setXAxisDecimalPattern("#,##0.###");
        style.setLegendPosition(Styler.LegendPosition.OutsideE);
        style.setChartBackgroundColor(Color.WHITE);
        ListMultimap<String, JmhResult> bySeries = group.groupBy(Convention::implLabel);
        List<String> names = bySeries.keysView().toSortedList(
                java.util.Comparator.comparing((String name) -> bySeries.get(name).getFirst(), Convention.IMPL_ORDER));
        for (String name : names) {
            MutableList<JmhResult> points = bySeries.get(name).toSortedListBy(r -> Double.parseDouble(r.params().get(x)));
            double[] xs = points.collectDouble(r -> Double.parseDouble(r.params().get(x))).toArray();
            double[] ys = points.collectDouble(JmhResult::score).toArray();
            // error bars would reach below zero on a log axis when the noise is large: leave them to the tables there
            XYSeries s = logY ? chart.addSeries(name, xs, ys) : chart.addSeries(name, xs, ys,
                    points.collectDouble(r -> Double.isNaN(r.primaryMetric().scoreError()) ? 0
                            : Math.min(r.primaryMetric().scoreError(), r.score())).toArray());
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        try {
            return new Chart(file, title, names, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render chart " + file, e);
        }
    }

    /** {@code n} if it is numeric, else the first numeric shape parameter with two values or more. */
    static String sizeParam(MutableList<JmhResult> all) {
        Map<String, List<String>> values = new TreeMap<>();
        all.forEach(r -> Convention.shape(r).forEach((k, v) -> values.computeIfAbsent(k, u -> new ArrayList<>()).add(v)));
        List<String> candidates = values.entrySet().stream()
                .filter(e -> e.getValue().stream().allMatch(v -> Convention.number(v) != null))
                .filter(e -> e.getValue().stream().distinct().count() >= 2)
                .filter(e -> all.allSatisfy(r -> r.params().containsKey(e.getKey())))
                .map(Map.Entry::getKey).toList();
        return candidates.contains("n") ? "n" : candidates.isEmpty() ? null : candidates.getFirst();
    }

    private static SortedMap<String, String> others(JmhResult r, String x) {
        SortedMap<String, String> rest = Convention.shape(r);
        rest.remove(x);
        return rest;
    }

    /** True when all values are positive and the largest is at least {@code ratio} times the smallest. */
    private static boolean spansDecades(double[] values, double ratio) {
        double min = Double.MAX_VALUE;
        double max = 0;
        for (double v : values) {
            if (!(v > 0)) {
                return false;
            }
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return values.length > 0 && max / min >= ratio;
    }
}
