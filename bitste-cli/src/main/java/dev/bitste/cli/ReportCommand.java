package dev.bitste.cli;

import dev.bitste.benchrun.Declarations;
import dev.bitste.results.BenchmarkCatalog;
import dev.bitste.results.JmhJson;
import dev.bitste.results.JmhResult;
import dev.bitste.results.MachineInfo;
import dev.bitste.results.Report;
import dev.bitste.results.RunInfo;
import dev.bitste.util.OutputDirectory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Renders the Markdown report and charts of a run, complete or partial. */
@Command(name = "report", mixinStandardHelpOptions = true, description = {
    "Write report.md and its charts (PNG) for a run directory or JMH JSON file.",
    "A run that was interrupted (a .partial directory without jmh.json) is reported from the benchmarks it"
        + " finished, labelled PARTIAL. Nothing is written unless everything can be: a new --out directory appears"
        + " complete, and an existing one must not hold any of the files."})
final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN", description = "A run directory (with jmh.json) or a JMH JSON file.")
    Path run;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where to write (default: the run directory, unless it already has a report.md).")
    Path out;

    @Override
    public Integer call() {
        JmhJson.Loaded loaded = JmhJson.load(run);
        Path json = loaded.file();
        Path dir = out != null ? out : json.toAbsolutePath().getParent();
        // a run's results are titled by its run directory
        boolean inRun = !json.getFileName().toString().endsWith(".json") || json.getFileName().toString()
                .equals(JmhJson.FILE_NAME);
        Path named = inRun ? json.toAbsolutePath().getParent() : json;
        String title = named.normalize().getFileName().toString()
                + RunInfo.besides(run).map(i -> " (" + i.profile() + " profile)").orElse("");
        Optional<String> partial = loaded.note().map(n -> n + RunInfo.besides(run)
                .map(i -> " of " + i.benchmarks() + " planned").orElse(""));
        List<JmhResult> results = loaded.results();
        // what the benchmarks declared when they ran; for results without it, what this build's classes declare
        BenchmarkCatalog catalog = BenchmarkCatalog.besides(run).orElseGet(() -> Declarations.of(
                results.stream().map(JmhResult::benchmark).distinct().toList()));
        Report report = Report.of(title, results, MachineInfo.besides(run), catalog, partial);
        Map<String, byte[]> files = new LinkedHashMap<>(report.charts());
        files.put(Report.FILE_NAME, report.markdown().getBytes(StandardCharsets.UTF_8));
        OutputDirectory.write(out != null ? "--out" : "the run directory", dir, files);
        System.out.println(report.summary());
        System.out.println("Report written to " + dir.resolve(Report.FILE_NAME) + " (" + report.charts().size()
                + " charts)" + (partial.isPresent() ? ", PARTIAL: " + partial.get() : ""));
        return 0;
    }
}
