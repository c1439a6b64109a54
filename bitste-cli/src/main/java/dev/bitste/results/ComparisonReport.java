package dev.bitste.results;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Markdown for a {@link Comparison}: counts, the regressions and improvements, the benchmarks found on
 * one side only, and, when the two runs come from different machines, a clear label and the full table
 * of ratios (there every difference mixes code and hardware).
 */
public final class ComparisonReport {
    private ComparisonReport() {
    }

    /** Reads both files, compares them, and renders the result. */
    public static Outcome compare(Path base, Path current, double thresholdPct) {
        return compare(base, current, thresholdPct, JmhJson.resolve(current).toString());
    }

    /** As {@link #compare(Path, Path, double)}, naming the new results {@code currentName} in the output. */
    public static Outcome compare(Path base, Path current, double thresholdPct, String currentName) {
        List<JmhResult> b = JmhJson.read(base);
        List<JmhResult> n = JmhJson.read(current);
        Comparison c = Comparison.of(b, n, thresholdPct);
        Optional<MachineInfo> bm = MachineInfo.besides(base);
        Optional<MachineInfo> nm = MachineInfo.besides(current);
        boolean cross = bm.isPresent() && nm.isPresent() && !bm.get().id().equals(nm.get().id());
        return new Outcome(c, render(c, JmhJson.resolve(base).toString(), currentName,
                cross ? Optional.of(bm.get().id() + " -> " + nm.get().id()) : Optional.empty()));
    }

    /** The comparison and its Markdown. */
    public record Outcome(Comparison comparison, String markdown) {
    }

    static String render(Comparison c, String baseName, String newName, Optional<String> crossMachine) {
        StringBuilder md = new StringBuilder("# Comparison\n\n");
        md.append("- base: `").append(baseName).append("`\n- new:  `").append(newName).append("`\n");
        md.append(String.format(Locale.ROOT, "- flagged when the score moves by more than %.1f%% and the 99.9%%"
                + " confidence intervals do not overlap%n", c.thresholdPct()));
        crossMachine.ifPresent(m -> md.append("\n**CROSS-MACHINE comparison (").append(m).append(")**: the two runs"
                + " come from different machines, so these are ratios between machines, not a regression signal"
                + " for the code alone.\n"));
        md.append('\n');
        MarkdownTable counts = new MarkdownTable(List.of("regressions", "improvements", "unchanged",
                "only in base", "only in new"));
        counts.row(List.of(String.valueOf(c.changes(Comparison.Verdict.REGRESSION).size()),
                String.valueOf(c.changes(Comparison.Verdict.IMPROVEMENT).size()),
                String.valueOf(c.changes(Comparison.Verdict.UNCHANGED).size()),
                String.valueOf(c.onlyInBase().size()), String.valueOf(c.onlyInNew().size())));
        md.append(counts.render()).append('\n');
        section(md, "Regressions", c.changes(Comparison.Verdict.REGRESSION));
        section(md, "Improvements", c.changes(Comparison.Verdict.IMPROVEMENT));
        if (crossMachine.isPresent()) {
            section(md, "All ratios (new against base)", c.changes());
        }
        missing(md, "Missing in new (only in base)", c.onlyInBase());
        missing(md, "New benchmarks (only in new)", c.onlyInNew());
        return md.toString();
    }

    private static void section(StringBuilder md, String title, List<Comparison.Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        MarkdownTable t = new MarkdownTable(List.of("benchmark", "params", "mode", "base", "new", "unit",
                "change", "speedup"));
        for (Comparison.Change ch : changes) {
            JmhResult b = ch.base();
            JmhResult n = ch.current();
            t.row(List.of(b.family() + "." + b.method(), b.paramText(), b.mode(), interval(b), interval(n),
                    b.unit().equals(n.unit()) ? b.unit() : b.unit() + " / " + n.unit(),
                    String.format(Locale.ROOT, "%+.1f%%", 100 * ch.change()), Report.times(ch.speedup())));
        }
        md.append("## ").append(title).append("\n\n").append(t.render()).append('\n');
    }

    private static String interval(JmhResult r) {
        return Report.number(r.score()) + " ± " + Report.number(r.primaryMetric().scoreError());
    }

    private static void missing(StringBuilder md, String title, List<JmhResult> results) {
        if (results.isEmpty()) {
            return;
        }
        List<String> lines = new ArrayList<>();
        results.forEach(r -> lines.add("- `" + r.key() + "`"));
        md.append("## ").append(title).append("\n\n").append(String.join("\n", lines)).append("\n\n");
    }
}
