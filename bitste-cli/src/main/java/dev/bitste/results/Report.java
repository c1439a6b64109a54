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
 * The Markdown report of one run: machine header, a summary of where SIMD pays (against scalar, truly scalar,
 * the best peer and the best float32 implementation), and per kernel family the speedup table, the score table
 * with the units a tuner reads (binary ops/ns, MACs/ns, GB/s and the fraction of the measured bandwidth,
 * images/s) and the charts. {@link #markdown()} refers to the charts by file name; write both into the same
 * directory.
 */
public final class Report {
    public static final String FILE_NAME = "report.md";
    static final String NOT_CLEAR = "(not clear)";

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
        return of(title, results, machine, BenchmarkCatalog.empty());
    }

    /**
     * Renders {@code results} of the run called {@code title}, measured on {@code machine} if known, with what
     * the benchmarks declare ({@code catalog}: float32 peers, units).
     */
    public static Report of(String title, List<JmhResult> results, Optional<MachineInfo> machine,
            BenchmarkCatalog catalog) {
        return of(title, results, machine, catalog, Optional.empty());
    }

    /**
     * As {@link #of(String, List, Optional, BenchmarkCatalog)}, for a run that did not complete when {@code partial}
     * says what it has (the report is then labelled PARTIAL in its title and first line).
     */
    public static Report of(String title, List<JmhResult> results, Optional<MachineInfo> machine,
            BenchmarkCatalog catalog, Optional<String> partial) {
        ListMultimap<String, JmhResult> byFamily = Lists.adapt(results).groupBy(JmhResult::family);
        List<String> families = byFamily.keysView().toSortedList();
        Throughputs units = Throughputs.of(results, catalog);
        StringBuilder md = new StringBuilder("# Benchmark report: ").append(title)
                .append(partial.isPresent() ? " (PARTIAL)" : "").append("\n\n");
        partial.ifPresent(p -> md.append("**PARTIAL run** (").append(p).append("): the tables hold only the"
                + " benchmarks that finished.\n\n"));
        machine.ifPresentOrElse(m -> md.append(machineTable(m)).append('\n').append(skippedPeers(m)),
                () -> md.append("_No machine.json beside these results: machine unknown._\n\n"));
        String summary = summary(families, byFamily, catalog);
        md.append("## Where SIMD pays\n\n").append(summary).append('\n');
        md.append(unitsNote(units, catalog));
        List<ResultCharts.Chart> charts = new ArrayList<>();
        for (String family : families) {
            MutableList<JmhResult> rs = byFamily.get(family).toList();
            md.append("## ").append(family).append("\n\n");
            Speedups sp = Speedups.of(rs, catalog);
            if (!sp.isEmpty()) {
                md.append("Speedup of `vector` over each baseline at the same parameters (above 1: vector is faster;"
                        + " **bold**: at least 1.1x with the 99.9% confidence intervals apart; " + NOT_CLEAR
                        + ": the intervals overlap).\n\n").append(speedupTable(sp)).append('\n');
            }
            md.append(scoreTable(rs, units)).append('\n');
            for (ResultCharts.Chart c : ResultCharts.of(family, rs, units)) {
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
        t.row(List.of("CPU", m.cpuModel()));
        CpuDetails cpu = m.cpuDetails();
        if (cpu != null) {
            t.row(List.of("vendor / family", nz(cpu.vendor()) + ", " + cpu.familyModelStepping()))
                    .row(List.of("caches", cpu.caches().isEmpty() ? "unknown"
                            : String.join(", ", cpu.caches()) + " (" + cpu.cacheSource() + ")"))
                    .row(List.of("SMT / governor", (cpu.smt() == null ? "unknown" : cpu.smt()) + " / "
                            + (cpu.governor() == null ? "not readable" : cpu.governor())));
        }
        t.row(List.of("SIMD flags", m.simdFlags().isEmpty() ? "none found" : String.join(" ", m.simdFlags())))
                .row(List.of("cores / memory", m.cores() + " / " + (m.memoryBytes() > 0
                        ? String.format(Locale.ROOT, "%.1f GiB", m.memoryBytes() / (double) (1L << 30)) : "?")))
                .row(List.of("OS / arch", m.os() + " / " + m.arch()))
                .row(List.of("JDK", m.jdkVersion() + " (" + m.jdkVendor() + ", " + m.vmName() + ")"))
                .row(List.of("UseAVX / MaxVectorSize", nz(m.useAvx()) + " / " + nz(m.maxVectorSize())))
                .row(List.of("preferred species", m.preferredVectorBits() + " bits"))
                .row(List.of("bitste", m.bitsteVersion() + (m.gitCommit() == null ? "" : " @ " + m.gitCommit())));
        if (m.cPeer() != null) {
            t.row(List.of("C peer (`peer_c`)", m.cPeer().describe()));
        }
        if (m.openblas() != null) {
            t.row(List.of("OpenBLAS (`peer_openblas`)", m.openblas().describe()));
        }
        return t.render();
    }

    /** A line per native peer whose benchmarks the run left out, and why. */
    private static String skippedPeers(MachineInfo m) {
        StringBuilder out = new StringBuilder();
        if (m.cPeer() != null && m.cPeer().skipped() != null) {
            out.append("**`peer_c` benchmarks skipped:** ").append(m.cPeer().skipped()).append(".\n\n");
        }
        if (m.openblas() != null && m.openblas().skipped() != null) {
            out.append("**`peer_openblas` benchmarks skipped:** ").append(m.openblas().skipped()).append(".\n\n");
        }
        return out.toString();
    }

    private static String nz(String s) {
        return s == null ? "n/a" : s;
    }

    /** What the units of the score tables are and what the bandwidth fraction is relative to. */
    private static String unitsNote(Throughputs units, BenchmarkCatalog catalog) {
        if (catalog.benchmarks().isEmpty()) {
            return "_No " + BenchmarkCatalog.FILE_NAME + " beside these results: no binary ops/ns, MACs/ns, GB/s or"
                    + " images/s columns._\n\n";
        }
        String bandwidth = units.bandwidth().map(b -> "`" + WorkUnit.BYTES.label() + "` is also given as a fraction"
                + " of the single-core read bandwidth `" + Throughputs.BANDWIDTH_FAMILY + "` measured in this run ("
                + number(WorkUnit.BYTES.shown(b.bytesPerSecond())) + " GB/s at " + b.megabytes() + " MB).")
                .orElse("This run did not measure `" + Throughputs.BANDWIDTH_FAMILY + "`, so GB/s is not given as a"
                        + " fraction of the bandwidth.");
        return "Score tables give, next to JMH's score, the work each benchmark declares per operation: binary ops/ns"
                + " (XNOR or AND and popcount of one bit pair), MACs/ns (float multiply-adds), GB/s (bytes read; a"
                + " benchmark's own `bytes` counter where it has one), images/s. " + bandwidth + " Charts draw every"
                + " implementation of a family in the unit of the problem its class solves.\n\n";
    }

    /** Per family: geometric mean (min-max) of the vector speedup over each kind of baseline. */
    private static String summary(List<String> families, ListMultimap<String, JmhResult> byFamily,
            BenchmarkCatalog catalog) {
        MarkdownTable t = new MarkdownTable(List.of("family", "vector width", "vs scalar", "vs trulyScalar",
                "vs best peer", "vs float32 (best)", "vs each peer"));
        for (String family : families) {
            Speedups sp = Speedups.of(byFamily.get(family).toList(), catalog);
            if (sp.isEmpty()) {
                t.row(List.of(family, "", "no `vector` method with a baseline", "", "", "", ""));
                continue;
            }
            List<Speedups.Row> rows = sp.headlineRows();
            String peers = sp.baselines().stream().filter(b -> b.startsWith(Convention.PEER_PREFIX))
                    .map(b -> b.substring(Convention.PEER_PREFIX.length()) + " "
                            + spread(rows.stream().map(r -> r.over().get(b)).toList()))
                    .collect(Collectors.joining("; "));
            t.row(List.of(family, sp.headlineWidth().isEmpty() ? "-" : sp.headlineWidth(),
                    spread(rows.stream().map(r -> r.over().get(Convention.SCALAR)).toList()),
                    spread(rows.stream().map(r -> r.over().get(Convention.TRULY_SCALAR)).toList()),
                    best(rows.stream().map(r -> r.bestPeer().orElse(null)).toList()),
                    best(rows.stream().map(r -> r.bestFloat32().orElse(null)).toList()),
                    peers.isEmpty() ? "-" : peers));
        }
        return "Speedup of `vector` (geometric mean over the measured sizes, range in brackets; above 1: vector is"
                + " faster; **bold**: clearly faster at every size, i.e. at least 1.1x with the 99.9% confidence"
                + " intervals apart; " + NOT_CLEAR + ": the intervals overlap at every size, \"k of n not clear\" at"
                + " some). Best peer: the fastest `peer_*` at each size (named); float32 (best): the fastest of the"
                + " `float32` baseline and the float32 peers (OpenBLAS) at each size.\n\n" + t.render();
    }

    /** The spread of the speedups over the best candidate at each size, and which candidates were best. */
    private static String best(List<Speedups.Best> bests) {
        List<Speedups.Best> present = bests.stream().filter(b -> b != null).toList();
        if (present.isEmpty()) {
            return "-";
        }
        String names = present.stream().map(b -> shortName(b.method())).distinct().collect(Collectors.joining(", "));
        return spread(present.stream().map(Speedups.Best::ratio).toList()) + " [" + names + "]";
    }

    /** {@code c} for {@code peer_c}; other methods as they are. */
    static String shortName(String method) {
        return method.startsWith(Convention.PEER_PREFIX) ? method.substring(Convention.PEER_PREFIX.length()) : method;
    }

    /** Geometric mean (min-max) of the ratios present; bold when all are clear, marked when intervals overlap. */
    private static String spread(List<Speedups.Ratio> all) {
        List<Speedups.Ratio> ratios = all.stream().filter(x -> x != null).toList();
        if (ratios.isEmpty()) {
            return "-";
        }
        double logSum = 0;
        double min = Double.MAX_VALUE;
        double max = 0;
        for (Speedups.Ratio r : ratios) {
            logSum += Math.log(r.speedup());
            min = Math.min(min, r.speedup());
            max = Math.max(max, r.speedup());
        }
        String text = times(Math.exp(logSum / ratios.size()))
                + (ratios.size() > 1 ? " (" + times(min) + "-" + times(max) + ")" : "");
        long unclear = ratios.stream().filter(r -> !r.apart()).count();
        if (ratios.stream().allMatch(Speedups.Ratio::clear)) {
            return "**" + text + "**";
        }
        return unclear == 0 ? text : unclear == ratios.size() ? text + " " + NOT_CLEAR
                : text + " (" + unclear + " of " + ratios.size() + " not clear)";
    }

    static String times(double x) {
        return String.format(Locale.ROOT, x >= 10 ? "%.1fx" : "%.2fx", x);
    }

    /** One ratio: bold when clear, marked when the intervals overlap. */
    static String ratioCell(Speedups.Ratio x) {
        return x == null ? "-" : x.clear() ? "**" + times(x.speedup()) + "**"
                : x.apart() ? times(x.speedup()) : times(x.speedup()) + " " + NOT_CLEAR;
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
        if (sp.severalPeers()) {
            header.add("vs best peer");
        }
        if (sp.severalFloat32()) {
            header.add("vs float32 (best)");
        }
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
                cells.add(ratioCell(r.over().get(b)));
            }
            if (sp.severalPeers()) {
                cells.add(r.bestPeer().map(b -> ratioCell(b.ratio()) + " [" + shortName(b.method()) + "]").orElse("-"));
            }
            if (sp.severalFloat32()) {
                cells.add(r.bestFloat32().map(b -> ratioCell(b.ratio()) + " [" + shortName(b.method()) + "]")
                        .orElse("-"));
            }
            t.row(cells);
        }
        return t.render();
    }

    private static String scoreTable(MutableList<JmhResult> rs, Throughputs units) {
        List<String> paramKeys = rs.flatCollect(r -> r.params().keySet()).distinct()
                .sortThis(Comparator.comparing((String k) -> Convention.IMPL_PARAMS.contains(k))
                        .thenComparing(Comparator.naturalOrder()));
        boolean modes = rs.collect(JmhResult::mode).distinct().size() > 1;
        List<String> rates = units.columns(rs);
        List<String> header = new ArrayList<>(List.of("method"));
        header.addAll(paramKeys);
        if (modes) {
            header.add("mode");
        }
        header.addAll(List.of("score", "± error", "unit"));
        header.addAll(rates);
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
            Map<String, String> shown = units.cells(r);
            rates.forEach(k -> cells.add(shown.getOrDefault(k, "")));
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
