package dev.bitste.cli;

import dev.bitste.results.ComparisonReport;
import dev.bitste.util.OutputDirectory;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The regression gate: exit 0 without regressions, 1 with, 2 on unusable input. */
@Command(name = "compare", mixinStandardHelpOptions = true, description = {
    "Compare two JMH results (files or run directories, a partial run included) benchmark by benchmark on their raw"
        + " data, and print the comparison as Markdown (--out also writes comparison.json and JUnit XML).",
    "Runs of different profiles, JMH settings, JDKs or JVM flags are refused (--allow-mismatch: a ratio report);"
        + " runs of different machines give a labelled ratio report. Neither ever fails.",
    "Exit 0: no regression; 1: at least one regression; 2: unusable input, a refused mismatch, or no benchmark in"
        + " common."})
final class CompareCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BASE", description = "The baseline (JMH JSON file or run directory).")
    Path base;

    @Parameters(index = "1", paramLabel = "NEW", description = "The new results (JMH JSON file or run directory).")
    Path current;

    @Mixin
    GateOptions gate;

    @Option(names = "--allow-mismatch", negatable = false,
            description = "Compare runs measured differently anyway, as a ratio report that never fails.")
    boolean allowMismatch;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Also write " + ComparisonReport.MARKDOWN + ", " + ComparisonReport.JSON + " and "
                    + ComparisonReport.JUNIT + " into DIR (a new directory, or one without those files).")
    Path out;

    @Override
    public Integer call() {
        if (out != null) {
            dev.bitste.util.AtomicFiles.checkCanCreateUnder("--out", out);
        }
        ComparisonReport.Outcome outcome = ComparisonReport.compare(base, current, gate.settings(), allowMismatch);
        if (out != null) {
            OutputDirectory.write("--out", out, outcome.files());
        }
        System.out.println(outcome.markdown());
        System.out.println(ComparisonReport.headline(outcome));
        return outcome.exitCode();
    }
}
