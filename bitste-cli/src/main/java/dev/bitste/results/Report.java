package dev.bitste.results;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.eclipse.collections.impl.factory.Lists;
import org.eclipse.collections.api.list.MutableList;
import org.eclipse.collections.api.multimap.list.ListMultimap;

/**
 * The Markdown report of one run: machine header, a summary of where SIMD pays, and per kernel family
 * the speedup table, the score table and the charts. {@link #markdown()} refers to the charts by file
 * name; write both into the same directory.
 */
public final class Report {
    public static final String FILE_NAME = "report.md";

    private final String markdown;
    private final String summary;
    private final List<ResultCharts.Chart> charts;

    private Report(String markdown, String summary, List<ResultCharts.Chart> charts) {
        this.markdown = markdown;
        this.summary = summary;
        this.charts = charts;
    }

    /** Renders {@code results} of the run called {@code title}, measured on {@code machine} if known. */
    public static Report of(String title, List<JmhResult> results, Optional<MachineInfo> machine) {
        return of(title, results, machine, Optional.empty());
    }

    /**
     * As {@link #of(String, List, Optional)}, for a run that did not complete when {@code partial} says what it has
     * (the report is then labelled PARTIAL in its title and first line).
     */
    public static Report of(String title, List<JmhResult> results, Optional<MachineInfo> machine,
            Optional<String> partial) {
        ListMultimap<String, JmhResult> byFamily = Lists.adapt(results).groupBy(JmhResult::family);
        List<String> families = byFamily.keysView().toSortedList();
        StringBuilder md = new StringBuilder("# Benchmark report: ").append(title)
                .append(partial.isPresent() ? " (PARTIAL)" : "").append("\n\n");
        partial.ifPresent(p -> md.append("**PARTIAL run** (").append(p).append("): the tables hold only the"
                + " benchmarks that finished.\n\n"));
        machine.ifPresentOrElse(m -> md.append(machineTable(m)).append('\n'),
                () -> md.append("_No machine.json beside these results: machine unknown._\n\n"));
        String summary = summary(families, byFamily);
        md.append("## Where SIMD pays\n\n").append(summary).append('\n');
        List<ResultCharts.Chart> charts = new ArrayList<>();
        for (String family : families) {
            MutableList<JmhResult> rs = byFamily.get(family).toList();
            md.append("## ").append(family).append("\n\n");
            Speedups sp = Speedups.of(rs);
            if (!sp.isEmpty()) {
                md.append("Speedup of `vector` over each baseline at the same parameters (above 1: vector is faster;"
                        + " **bold**: at least 1.1x with the 99.9% confidence intervals apart).\n\n")
                        .append(speedupTable(sp)).append('\n');
            }
            md.append(scoreTable(rs)).append('\n');
            for (ResultCharts.Chart c : ResultCharts.of(family, rs)) {
                charts.add(c);
                md.append("![").append(c.title()).append("](").append(c.fileName()).append(")\n\n");
            }
        }
        return new Report(md.toString(), summary, List.copyOf(charts));
    }

    public String markdown() {
        return markdown;
    }

    /** The "where SIMD pays" table alone, for the console. */
    public String summary() {
        return summary;
    }

    /** File name → PNG bytes. */
    public Map<String, byte[]> charts() {
        return charts.stream().collect(Collectors.toMap(ResultCharts.Chart::fileName, ResultCharts.Chart::png,
                (a, b) -> a, java.util.LinkedHashMap::new));
    }

    private static String machineTable(MachineInfo m) {
        MarkdownTable t = new MarkdownTable(List.of("machine", m.id()));
        t.row(List.of("CPU", m.cpuModel()))
                .row(List.of("SIMD flags", m.simdFlags().isEmpty() ? "none found" : String.join(" ", m.simdFlags())))
                .row(List.of("cores / memory", m.cores() + " / " + (m.memoryBytes() > 0
                        ? String.format(Locale.ROOT, "%.1f GiB", m.memoryBytes() / (double) (1L << 30)) : "?")))
                .row(List.of("OS / arch", m.os() + " / " + m.arch()))
                .row(List.of("JDK", m.jdkVersion() + " (" + m.jdkVendor() + ", " + m.vmName() + ")"))
                .row(List.of("UseAVX / MaxVectorSize", nz(m.useAvx()) + " / " + nz(m.maxVectorSize())))
                .row(List.of("preferred species", m.preferredVectorBits() + " bits"))
                .row(List.of("bitste", m.bitsteVersion() + (m.gitCommit() == null ? "" : " @ " + m.gitCommit())));
        return t.render();
    }

    private static String nz(String s) {
        return s == null ? "n/a" : s;
    }

    /** Per family: geometric mean (min-max) of the vector speedup over each kind of baseline. */
    private static String summary(List<String> families, ListMultimap<String, JmhResult> byFamily) {
        MarkdownTable t = new MarkdownTable(List.of("family", "vector width", "vs scalar", "vs trulyScalar",
                "vs peers", "vs float32"));
        for (String family : families) {
            Speedups sp = Speedups.of(byFamily.get(family).toList());
            if (sp.isEmpty()) {
                t.row(List.of(family, "", "no `vector` method with a baseline", "", "", ""));
                continue;
            }
            List<Speedups.Row> rows = sp.headlineRows();
            String peers = sp.baselines().stream().filter(b -> b.startsWith(Convention.PEER_PREFIX))
                    .map(b -> b.substring(Convention.PEER_PREFIX.length()) + " " + spread(rows, b))
                    .collect(Collectors.joining("; "));
            t.row(List.of(family, sp.headlineWidth().isEmpty() ? "-" : sp.headlineWidth(),
                    spread(rows, Convention.SCALAR), spread(rows, Convention.TRULY_SCALAR),
                    peers.isEmpty() ? "-" : peers, spread(rows, Convention.FLOAT32)));
        }
        return "Speedup of `vector` (geometric mean over the measured sizes, range in brackets; above 1: vector is"
                + " faster; **bold**: clearly faster at every size, i.e. at least 1.1x with the 99.9% confidence"
                + " intervals apart).\n\n" + t.render();
    }

    private static String spread(List<Speedups.Row> rows, String baseline) {
        List<Speedups.Ratio> ratios = rows.stream().map(r -> r.over().get(baseline)).filter(x -> x != null).toList();
        double[] v = ratios.stream().mapToDouble(Speedups.Ratio::speedup).toArray();
        if (v.length == 0) {
            return "-";
        }
        double logSum = 0;
        double min = Double.MAX_VALUE;
        double max = 0;
        for (double x : v) {
            logSum += Math.log(x);
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        String text = times(Math.exp(logSum / v.length)) + (v.length > 1 ? " (" + times(min) + "-" + times(max) + ")" : "");
        return ratios.stream().allMatch(Speedups.Ratio::clear) ? "**" + text + "**" : text;
    }

    static String times(double x) {
        return String.format(Locale.ROOT, x >= 10 ? "%.1fx" : "%.2fx", x);
    }

    private static String speedupTable(Speedups sp) {
        List<String> shapeKeys = sp.rows().stream().flatMap(r -> r.shape().keySet().stream())
                .collect(Collectors.toCollection(TreeSet::new)).stream().toList();
        boolean modes = sp.rows().stream().map(Speedups.Row::mode).distinct().count() > 1;
        boolean widths = sp.rows().stream().anyMatch(r -> !r.vectorBits().isEmpty());
        List<String> header = new ArrayList<>(shapeKeys);
        if (modes) {
            header.addFirst("mode");
        }
        if (widths) {
            header.add(Convention.VECTOR_BITS);
        }
        sp.baselines().forEach(b -> header.add("vs " + b));
        MarkdownTable t = new MarkdownTable(header);
        for (Speedups.Row r : sp.rows()) {
            List<String> cells = new ArrayList<>();
            if (modes) {
                cells.add(r.mode());
            }
            shapeKeys.forEach(k -> cells.add(r.shape().getOrDefault(k, "")));
            if (widths) {
                cells.add(r.vectorBits());
            }
            for (String b : sp.baselines()) {
                Speedups.Ratio x = r.over().get(b);
                cells.add(x == null ? "-" : x.clear() ? "**" + times(x.speedup()) + "**" : times(x.speedup()));
            }
            t.row(cells);
        }
        return t.render();
    }

    private static String scoreTable(MutableList<JmhResult> rs) {
        List<String> paramKeys = rs.flatCollect(r -> r.params().keySet()).distinct()
                .sortThis(Comparator.comparing((String k) -> Convention.IMPL_PARAMS.contains(k))
                        .thenComparing(Comparator.naturalOrder()));
        boolean modes = rs.collect(JmhResult::mode).distinct().size() > 1;
        List<String> header = new ArrayList<>(List.of("method"));
        header.addAll(paramKeys);
        if (modes) {
            header.add("mode");
        }
        header.addAll(List.of("score", "± error", "unit"));
        MarkdownTable t = new MarkdownTable(header);
        Comparator<JmhResult> order = Comparator.comparing(JmhResult::mode)
                .thenComparing(Convention::shape, Convention::compareShapes)
                .thenComparing(Convention.IMPL_ORDER);
        for (JmhResult r : rs.toSortedList(order)) {
            List<String> cells = new ArrayList<>(List.of("`" + r.method() + "`"));
            paramKeys.forEach(k -> cells.add(r.params().getOrDefault(k, "")));
            if (modes) {
                cells.add(r.mode());
            }
            cells.addAll(List.of(number(r.score()), number(r.primaryMetric().scoreError()), r.unit()));
            t.row(cells);
        }
        return t.render();
    }

    /** Three significant digits or more, without exponents for the usual ranges. */
    static String number(double x) {
        if (Double.isNaN(x)) {
            return "n/a";
        }
        double a = Math.abs(x);
        return String.format(Locale.ROOT, a >= 100 ? "%.1f" : a >= 1 ? "%.3f" : a >= 0.001 ? "%.5f" : "%.3e", x);
    }
}
