package dev.bitste.cli;

import dev.bitste.results.GithubBenchmarkExport;
import dev.bitste.results.JmhJson;
import dev.bitste.util.OutputDirectory;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Exports a run for github-action-benchmark. */
@Command(name = "export", mixinStandardHelpOptions = true, description = {
    "Write a run's results as github-action-benchmark custom-tool JSON: " + GithubBenchmarkExport.BIGGER
        + " (throughput; tool customBiggerIsBetter) and " + GithubBenchmarkExport.SMALLER + " (time per operation;"
        + " tool customSmallerIsBetter), so its charts and alerts know which way is better."})
final class ExportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN", description = "A run directory or JMH JSON file.")
    Path run;

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "Directory to write into (new, or without those files).")
    Path out;

    @Override
    public Integer call() {
        Map<String, byte[]> files = GithubBenchmarkExport.of(JmhJson.read(run));
        OutputDirectory.write("--out", out, files);
        files.keySet().forEach(f -> System.out.println("wrote " + out.resolve(f)));
        return 0;
    }
}
