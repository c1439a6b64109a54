package dev.bitste.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A {@link Comparison} of two runs with its {@link Compatibility}, rendered as Markdown, JSON and JUnit XML (one
 * test case per benchmark, a regression a failure, so any CI shows them per benchmark), and the exit code of the
 * gate: 1 when a benchmark regressed and the runs may gate each other, else 0. Runs that may not gate each other
 * are refused unless the caller accepts the mismatch; across machines the result is a labelled ratio report.
 */
public final class ComparisonReport {
    public static final String MARKDOWN = "comparison.md";
    public static final String JSON = "comparison.json";
    public static final String JUNIT = "comparison-junit.xml";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ComparisonReport() {
    }

    /** The comparison, the verdict on the runs, the three renderings, and the exit code. */
    public record Outcome(Comparison comparison, Compatibility compatibility, String markdown, String json,
            String junit, int exitCode) {
        /** The three files by name. */
        public Map<String, byte[]> files() {
            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put(MARKDOWN, markdown.getBytes(StandardCharsets.UTF_8));
            files.put(JSON, json.getBytes(StandardCharsets.UTF_8));
            files.put(JUNIT, junit.getBytes(StandardCharsets.UTF_8));
            return files;
        }
    }

    /**
     * Reads both sides (files or run directories, partial runs included), checks them and compares them.
     *
     * @param currentName how to name the new results in the output
     * @param allowMismatch report a comparison across profiles, settings, JDKs or JVM flags (never a gate) instead
     *     of refusing it
     * @throws IllegalArgumentException for unusable input, no benchmark in common, or a mismatch not allowed
     */
    public static Outcome compare(Path base, Path current, Comparison.Settings settings, String currentName,
            boolean allowMismatch) {
        Compatibility.Side b = side("base", base);
        Compatibility.Side n = side("new", current);
        Compatibility compat = Compatibility.of(b, n);
        if (!compat.mismatches().isEmpty() && !allowMismatch && compat.crossMachine().isEmpty()) {
            throw new IllegalArgumentException("the runs were not measured alike, so they cannot gate each other: "
                    + String.join("; ", compat.mismatches()) + " (compare runs of one profile, or pass"
                    + " --allow-mismatch for a ratio report that never fails)");
        }
        Comparison c = Comparison.of(b.loaded().results(), n.loaded().results(), settings);
        String baseName = b.loaded().file().toString();
        int exit = compat.gates() && c.hasRegression() ? 1 : 0;
        return new Outcome(c, compat, markdown(c, compat, baseName, currentName), json(c, compat, baseName,
                currentName, exit), junit(c, compat), exit);
    }

    /** As above, naming the new results by their file. */
    public static Outcome compare(Path base, Path current, Comparison.Settings settings, boolean allowMismatch) {
        return compare(base, current, settings, JmhJson.resolve(current).toString(), allowMismatch);
    }

    private static Compatibility.Side side(String name, Path path) {
        return new Compatibility.Side(name, JmhJson.load(path), MachineInfo.besides(path), RunInfo.besides(path));
    }

    static String rule(Comparison c) {
        Comparison.Settings s = c.settings();
        return String.format(Locale.ROOT, "a regression is a benchmark significantly slower (%s test on %s, Holm-adjusted"
                + " p < %s over the %d benchmarks compared) by at least %.1f%% (half the %.1f%% threshold)",
                s.method() == ChangeTest.Method.WELCH ? "Welch's t" : "Mann-Whitney U", basisText(c), number(s.alpha()),
                c.changes().size(), Comparison.EFFECT_FRACTION * s.thresholdPct(), s.thresholdPct());
    }

    private static String basisText(Comparison c) {
        boolean cpu = c.changes().stream().anyMatch(ch -> ch.baseSamples().basis() == Samples.Basis.CPU);
        boolean forks = c.changes().stream().allMatch(ch -> ch.baseSamples().perFork());
        return (forks ? "per-fork medians" : "iterations") + " of log " + (cpu ? "speed per CPU second" : "speed");
    }

    static String markdown(Comparison c, Compatibility compat, String baseName, String newName) {
        StringBuilder md = new StringBuilder("# Comparison\n\n");
        md.append("- base: `").append(baseName).append("`\n- new:  `").append(newName).append("`\n");
        md.append("- ").append(rule(c)).append('\n');
        compat.crossMachine().ifPresent(m -> md.append("\n**CROSS-MACHINE comparison (").append(m).append(")**: the"
                + " runs come from different machines, so these are ratios between machines, not a regression signal"
                + " for the code; this comparison never fails.\n"));
        if (!compat.mismatches().isEmpty()) {
            md.append("\n**MISMATCH**: the runs were not measured alike (")
                    .append(String.join("; ", compat.mismatches()))
                    .append("); a ratio report that never fails, not a gate.\n");
        }
        compat.notes().forEach(n -> md.append("\n_Note: ").append(n).append("._\n"));
        boolean fewForks = c.changes().stream().anyMatch(ch -> !ch.baseSamples().perFork());
        if (fewForks) {
            md.append("\n_Note: fewer than ").append(Samples.MIN_FORKS).append(" forks on a side: iterations are the"
                    + " samples, which ignores the variation between forks (a run of the gate profile has several)._\n");
        }
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
        section(md, "All benchmarks", c.changes());
        missing(md, "Missing in new (only in base)", c.onlyInBase());
        missing(md, "New benchmarks (only in new)", c.onlyInNew());
        return md.toString();
    }

    private static void section(StringBuilder md, String title, List<Comparison.Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        MarkdownTable t = new MarkdownTable(List.of("benchmark", "params", "mode", "base", "new", "unit",
                "speed new/base", "99% interval", "p (Holm)", "verdict"));
        for (Comparison.Change ch : changes.stream().sorted(Comparator.comparing(Comparison.Change::verdict)).toList()) {
            JmhResult b = ch.base();
            JmhResult n = ch.current();
            t.row(List.of(b.family() + "." + b.method(), b.paramText(), b.mode(), interval(b), interval(n),
                    b.unit().equals(n.unit()) ? b.unit() : b.unit() + " / " + n.unit(),
                    String.format(Locale.ROOT, "%.3f", ch.speedup()),
                    Double.isNaN(ch.test().low()) ? "-" : String.format(Locale.ROOT, "%.3f - %.3f", ch.test().low(),
                            ch.test().high()),
                    number(ch.pAdjusted()), ch.verdict() == Comparison.Verdict.UNCHANGED ? "unchanged"
                            : "**" + ch.verdict().name().toLowerCase(Locale.ROOT) + "**"));
        }
        md.append("## ").append(title).append("\n\n").append(t.render()).append('\n');
    }

    private static String interval(JmhResult r) {
        return Report.number(r.score()) + " ± " + Report.number(r.primaryMetric().scoreError());
    }

    private static String number(double p) {
        return p < 0.001 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.3f", p);
    }

    private static void missing(StringBuilder md, String title, List<JmhResult> results) {
        if (results.isEmpty()) {
            return;
        }
        List<String> lines = new ArrayList<>();
        results.forEach(r -> lines.add("- `" + r.key() + "`"));
        md.append("## ").append(title).append("\n\n").append(String.join("\n", lines)).append("\n\n");
    }

    static String json(Comparison c, Compatibility compat, String baseName, String newName, int exit) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("base", baseName).put("new", newName).put("gate", compat.gates()).put("exitCode", exit)
                .put("rule", rule(c));
        ObjectNode s = root.putObject("settings");
        s.put("thresholdPct", c.settings().thresholdPct()).put("alpha", c.settings().alpha())
                .put("minimumChangePct", Comparison.EFFECT_FRACTION * c.settings().thresholdPct())
                .put("test", c.settings().method().name()).put("basis", c.settings().basis().name());
        compat.crossMachine().ifPresent(m -> root.put("crossMachine", m));
        compat.mismatches().forEach(root.putArray("mismatches")::add);
        compat.notes().forEach(root.putArray("notes")::add);
        ArrayNode benchmarks = root.putArray("benchmarks");
        for (Comparison.Change ch : c.changes()) {
            ObjectNode o = benchmarks.addObject();
            o.put("benchmark", ch.base().benchmark()).put("mode", ch.base().mode());
            ObjectNode params = o.putObject("params");
            ch.base().params().forEach(params::put);
            o.put("unit", ch.base().unit()).put("baseScore", ch.base().score()).put("newScore", ch.current().score())
                    .put("samples", ch.baseSamples().perFork() ? "forks" : "iterations")
                    .put("basis", ch.baseSamples().basis().name())
                    .put("baseSamples", ch.baseSamples().size()).put("newSamples", ch.newSamples().size())
                    .put("speedRatio", ch.speedup()).put("low", ch.test().low()).put("high", ch.test().high())
                    .put("pSlower", ch.test().pSlower()).put("pFaster", ch.test().pFaster())
                    .put("pAdjusted", ch.pAdjusted()).put("verdict", ch.verdict().name());
        }
        c.onlyInBase().forEach(r -> root.withArray("onlyInBase").add(r.key()));
        c.onlyInNew().forEach(r -> root.withArray("onlyInNew").add(r.key()));
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot render the comparison as JSON", e);
        }
    }

    /** JUnit XML: one test case per benchmark; a regression fails (only when the runs may gate each other). */
    static String junit(Comparison c, Compatibility compat) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            int failures = compat.gates() ? c.changes(Comparison.Verdict.REGRESSION).size() : 0;
            x.writeStartElement("testsuite");
            x.writeAttribute("name", "bitste gate");
            x.writeAttribute("tests", String.valueOf(c.changes().size() + c.onlyInBase().size()));
            x.writeAttribute("failures", String.valueOf(failures));
            x.writeAttribute("errors", "0");
            x.writeAttribute("skipped", String.valueOf(c.onlyInBase().size()));
            x.writeCharacters("\n");
            for (Comparison.Change ch : c.changes()) {
                testCase(x, ch.base());
                String line = String.format(Locale.ROOT, "%s: speed new/base %.3f (99%% interval %.3f - %.3f),"
                        + " Holm-adjusted p %s", ch.verdict().name().toLowerCase(Locale.ROOT), ch.speedup(),
                        ch.test().low(), ch.test().high(), number(ch.pAdjusted()));
                if (ch.verdict() == Comparison.Verdict.REGRESSION && compat.gates()) {
                    x.writeStartElement("failure");
                    x.writeAttribute("message", String.format(Locale.ROOT, "%.1f%% slower", 100 * (1 / ch.speedup() - 1)));
                    x.writeCharacters(line + "\n" + rule(c));
                    x.writeEndElement();
                } else {
                    x.writeStartElement("system-out");
                    x.writeCharacters(line);
                    x.writeEndElement();
                }
                x.writeEndElement();
                x.writeCharacters("\n");
            }
            for (JmhResult r : c.onlyInBase()) {
                testCase(x, r);
                x.writeEmptyElement("skipped");
                x.writeAttribute("message", "missing in the new run");
                x.writeEndElement();
                x.writeCharacters("\n");
            }
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot render the comparison as JUnit XML", e);
        }
        return out.toString();
    }

    private static void testCase(XMLStreamWriter x, JmhResult r) throws XMLStreamException {
        x.writeStartElement("testcase");
        x.writeAttribute("classname", r.className());
        x.writeAttribute("name", r.method() + " [" + r.mode() + "]" + (r.params().isEmpty() ? "" : " " + r.paramText()));
    }

    /** The first line a console shows for an outcome. */
    public static String headline(Outcome o) {
        Comparison c = o.comparison();
        int reg = c.changes(Comparison.Verdict.REGRESSION).size();
        String kind = o.compatibility().crossMachine().isPresent() ? "cross-machine ratio report"
                : !o.compatibility().mismatches().isEmpty() ? "mismatched runs, ratio report" : "gate";
        return kind + ": " + reg + " regression(s), " + c.changes(Comparison.Verdict.IMPROVEMENT).size()
                + " improvement(s) of " + c.changes().size() + " benchmarks" + (o.exitCode() == 1 ? " -> FAIL" : "");
    }
}
