package dev.bitste.results;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The history of one machine's runs of one profile: per benchmark, its score in each run (the median over forks of
 * the gate's speed, per CPU second where recorded, with a bootstrap interval) and the runs where the gate found a
 * change against the run before; a chart per benchmark (commit and date on the axis, changes marked) and a summary
 * table of the last change of each benchmark.
 */
public final class History {
    public static final String FILE_NAME = "history.md";
    private static final double CONFIDENCE = 0.99;

    /** One complete run: its directory name (UTC start), commit, and results. */
    public record Run(String stamp, String commit, List<JmhResult> results) {
        /** {@code 1a2b3c4 11-22 15:04} for the chart's axis. */
        String label() {
            String date = stamp.length() >= 13 ? stamp.substring(4, 6) + "-" + stamp.substring(6, 8) + " "
                    + stamp.substring(9, 11) + ":" + stamp.substring(11, 13) : stamp;
            return (commit == null ? "?" : commit.substring(0, Math.min(7, commit.length()))) + " " + date;
        }
    }

    /** A benchmark in one run: score and interval in JMH's unit, and the gate's verdict against the run before. */
    public record Point(int run, double score, double low, double high, Comparison.Verdict change, double ratio) {
    }

    private final String machine;
    private final String profile;
    private final List<Run> runs;
    private final Map<String, List<Point>> points;
    private final Map<String, String> units;
    private final List<String> skipped;

    private History(String machine, String profile, List<Run> runs, Map<String, List<Point>> points,
            Map<String, String> units, List<String> skipped) {
        this.machine = machine;
        this.profile = profile;
        this.runs = runs;
        this.points = points;
        this.units = units;
        this.skipped = skipped;
    }

    /**
     * Reads every run of {@code machineRuns} ({@code results/runs/<machine-id>}) made with {@code profile}, oldest
     * first (partial runs and runs of other profiles are listed as skipped), and compares each with the one before.
     */
    public static History of(Path machineRuns, String profile, Comparison.Settings settings) {
        if (!Files.isDirectory(machineRuns)) {
            throw new IllegalArgumentException("no runs of this machine: " + machineRuns + " is not a directory");
        }
        List<Run> runs = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path dir : directories(machineRuns)) {
            String name = dir.getFileName().toString();
            Optional<RunInfo> info = RunInfo.besides(dir);
            if (name.endsWith(".partial")) {
                skipped.add(name + " (partial)");
            } else if (info.isEmpty() || !info.get().profile().equals(profile)) {
                skipped.add(name + " (" + info.map(i -> i.profile() + " profile").orElse("no run.json") + ")");
            } else if (!Files.isRegularFile(dir.resolve(JmhJson.FILE_NAME))) {
                skipped.add(name + " (no jmh.json)");
            } else {
                runs.add(new Run(name, MachineInfo.besides(dir).map(MachineInfo::gitCommit).orElse(null),
                        JmhJson.read(dir)));
            }
        }
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no complete " + profile + " run in " + machineRuns
                    + (skipped.isEmpty() ? "" : " (skipped: " + String.join(", ", skipped) + ")"));
        }
        Map<String, List<Point>> points = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        TreeSet<String> keys = new TreeSet<>();
        runs.forEach(r -> r.results().forEach(x -> keys.add(x.key())));
        keys.forEach(k -> points.put(k, new ArrayList<>()));
        for (int i = 0; i < runs.size(); i++) {
            Map<String, Comparison.Change> changes = new LinkedHashMap<>();
            if (i > 0) {
                try {
                    Comparison.of(runs.get(i - 1).results(), runs.get(i).results(), settings).changes()
                            .forEach(c -> changes.put(c.base().key(), c));
                } catch (IllegalArgumentException nothingInCommon) {
                    // the two runs share no benchmark: no change to mark
                }
            }
            for (JmhResult r : runs.get(i).results()) {
                boolean perFork = Samples.forks(r) >= Samples.MIN_FORKS;
                Samples s = Samples.of(r, settings.basis(), perFork);
                ScoreUnit unit = ScoreUnit.of(r.unit());
                double[] ci = s.medianInterval(CONFIDENCE, r.key().hashCode());
                Comparison.Change c = changes.get(r.key());
                points.get(r.key()).add(new Point(i, Samples.score(unit, s.median()), Samples.score(unit, ci[0]),
                        Samples.score(unit, ci[1]), c == null ? Comparison.Verdict.UNCHANGED : c.verdict(),
                        c == null ? Double.NaN : c.speedup()));
                units.put(r.key(), r.unit() + (s.basis() == Samples.Basis.CPU ? " (per CPU time)" : ""));
            }
        }
        return new History(machineRuns.getFileName().toString(), profile, List.copyOf(runs), points, units,
                List.copyOf(skipped));
    }

    private static List<Path> directories(Path machineRuns) {
        try (Stream<Path> s = Files.list(machineRuns)) {
            return s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + machineRuns + ": " + e.getMessage(), e);
        }
    }

    /** The Markdown: runs, the summary of the last change per benchmark, and the charts. */
    public String markdown() {
        StringBuilder md = new StringBuilder("# History: ").append(machine).append(", ").append(profile)
                .append(" profile\n\n");
        md.append(runs.size()).append(" runs, oldest first: ")
                .append(String.join(", ", runs.stream().map(r -> r.stamp() + " (" + (r.commit() == null ? "?"
                        : r.commit()) + ")").toList())).append(".\n");
        if (!skipped.isEmpty()) {
            md.append("Skipped: ").append(String.join(", ", skipped)).append(".\n");
        }
        md.append("\nScores are the median over forks of each run, with a ").append(Math.round(CONFIDENCE * 100))
                .append("% bootstrap interval; a change is what the gate flags between a run and the one before"
                        + " (`./bitste compare`).\n\n");
        MarkdownTable t = new MarkdownTable(List.of("benchmark", "runs", "latest", "unit", "last change"));
        for (Map.Entry<String, List<Point>> e : points.entrySet()) {
            List<Point> ps = e.getValue();
            Point latest = ps.getLast();
            Optional<Point> change = ps.reversed().stream().filter(p -> p.change() != Comparison.Verdict.UNCHANGED)
                    .findFirst();
            t.row(List.of("`" + e.getKey() + "`", String.valueOf(ps.size()), Report.number(latest.score()),
                    units.get(e.getKey()), change.map(p -> p.change().name().toLowerCase(Locale.ROOT) + " in "
                            + runs.get(p.run()).label() + String.format(Locale.ROOT, " (speed x%.3f)", p.ratio()))
                            .orElse("none in " + ps.size() + " runs")));
        }
        md.append(t.render()).append('\n');
        for (String key : points.keySet()) {
            md.append("![").append(key).append("](").append(chartName(key)).append(")\n\n");
        }
        return md.toString();
    }

    /** File name to PNG bytes, one chart per benchmark. */
    public Map<String, byte[]> charts() {
        Map<String, byte[]> charts = new LinkedHashMap<>();
        points.forEach((key, ps) -> charts.put(chartName(key), chart(key, ps)));
        return charts;
    }

    private static String chartName(String key) {
        return key.replaceFirst("^.*\\.bench\\.", "").replaceAll("[^A-Za-z0-9=._-]+", "_") + ".png";
    }

    private byte[] chart(String key, List<Point> ps) {
        String unit = units.get(key);
        boolean higher = ScoreUnit.of(unit.split(" ")[0]).higherIsBetter();
        XYChart chart = new XYChartBuilder().width(900).height(520).title(key.replaceFirst("^.*\\.bench\\.", ""))
                .xAxisTitle("run (commit, UTC date)").yAxisTitle(unit + (higher ? ", higher is better" : ", lower is better"))
                .build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
        chart.getStyler().setXAxisLabelRotation(45);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.setCustomXAxisTickLabelsFormatter(x -> {
            long i = Math.round(x);
            return Math.abs(x - i) < 1e-6 && i >= 0 && i < runs.size() ? runs.get((int) i).label() : "";
        });
        double[] xs = ps.stream().mapToDouble(Point::run).toArray();
        double[] ys = ps.stream().mapToDouble(Point::score).toArray();
        double[] err = ps.stream().mapToDouble(p -> (p.high() - p.low()) / 2).toArray();
        double[] mid = ps.stream().mapToDouble(p -> (p.high() + p.low()) / 2).toArray();
        XYSeries line = chart.addSeries("median", xs, ys);
        line.setMarker(SeriesMarkers.CIRCLE);
        XYSeries bars = chart.addSeries(Math.round(CONFIDENCE * 100) + "% interval", xs, mid, err);
        bars.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        bars.setMarker(SeriesMarkers.NONE);
        marks(chart, ps, Comparison.Verdict.REGRESSION, "regression", Color.RED, SeriesMarkers.TRIANGLE_DOWN);
        marks(chart, ps, Comparison.Verdict.IMPROVEMENT, "improvement", new Color(0, 140, 0), SeriesMarkers.TRIANGLE_UP);
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the history chart of " + key, e);
        }
    }

    private static void marks(XYChart chart, List<Point> ps, Comparison.Verdict v, String name, Color color,
            org.knowm.xchart.style.markers.Marker marker) {
        List<Point> marked = ps.stream().filter(p -> p.change() == v).toList();
        if (marked.isEmpty()) {
            return;
        }
        XYSeries s = chart.addSeries(name, marked.stream().mapToDouble(Point::run).toArray(),
                marked.stream().mapToDouble(Point::score).toArray());
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(marker);
        s.setMarkerColor(color);
    }

    public List<Run> runs() {
        return runs;
    }

    /** Per benchmark key, its points oldest first. */
    public Map<String, List<Point>> points() {
        return points;
    }
}
