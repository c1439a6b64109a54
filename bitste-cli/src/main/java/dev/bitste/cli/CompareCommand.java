package dev.bitste.cli;

import dev.bitste.results.Comparison;
import dev.bitste.results.ComparisonReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The regression gate: exit 0 without regressions, 1 with, 2 on unusable input. */
@Command(name = "compare", mixinStandardHelpOptions = true, description = {
    "Compare two JMH JSON results (files or run directories) benchmark by benchmark.",
    "Exit 0: no regression; 1: at least one regression; 2: unusable input."})
final class CompareCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BASE", description = "The baseline (JMH JSON file or run directory).")
    Path base;

    @Parameters(index = "1", paramLabel = "NEW", description = "The new results (JMH JSON file or run directory).")
    Path current;

    @Option(names = "--threshold", paramLabel = "PCT", defaultValue = "" + Comparison.DEFAULT_THRESHOLD_PCT,
            description = "Smallest change in percent that counts (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Override
    public Integer call() {
        ComparisonReport.Outcome outcome = ComparisonReport.compare(base, current, threshold);
        System.out.println(outcome.markdown());
        return outcome.comparison().hasRegression() ? 1 : 0;
    }
}
