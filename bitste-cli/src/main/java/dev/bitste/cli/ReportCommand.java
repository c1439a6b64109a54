package dev.bitste.cli;

import dev.bitste.benchrun.Declarations;
import dev.bitste.results.BenchmarkCatalog;
import dev.bitste.results.JmhJson;
import dev.bitste.results.JmhResult;
import dev.bitste.results.MachineInfo;
import dev.bitste.results.Report;
import dev.bitste.util.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Renders the Markdown report and charts of a run. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Write report.md and its charts (PNG) for a run directory or JMH JSON file.")
final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN", description = "A run directory (with jmh.json) or a JMH JSON file.")
    Path run;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where to write (default: the run directory, unless it already has a report.md).")
    Path out;

    @Override
    public Integer call() {
        var results = JmhJson.read(run);
        Path json = JmhJson.resolve(run);
        Path dir = out != null ? out : json.toAbsolutePath().getParent();
        AtomicFiles.checkCanCreateUnder(out != null ? "--out" : "the run directory", dir);
        if (Files.exists(dir.resolve(Report.FILE_NAME))) {
            throw new IllegalArgumentException(dir.resolve(Report.FILE_NAME)
                    + " already exists (reports are never overwritten); pass --out DIR");
        }
        // a run's jmh.json is titled by its run directory
        Path named = json.getFileName().toString().equals(JmhJson.FILE_NAME) ? json.toAbsolutePath().getParent() : json;
        String title = named.normalize().getFileName().toString();
        // what the benchmarks declared when they ran; for results without it, what this build's classes declare
        BenchmarkCatalog catalog = BenchmarkCatalog.besides(run).orElseGet(() -> Declarations.of(
                results.stream().map(JmhResult::benchmark).distinct().toList()));
        Report report = Report.of(title, results, MachineInfo.besides(run), catalog);
        report.charts().forEach((name, png) -> AtomicFiles.writeNew(dir.resolve(name), png));
        Path md = AtomicFiles.writeNew(dir.resolve(Report.FILE_NAME), report.markdown());
        System.out.println(report.summary());
        System.out.println("Report written to " + md + " (" + report.charts().size() + " charts)");
        return 0;
    }
}
