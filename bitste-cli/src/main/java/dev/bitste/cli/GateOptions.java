package dev.bitste.cli;

import dev.bitste.results.ChangeTest;
import dev.bitste.results.Comparison;
import dev.bitste.results.Samples;
import picocli.CommandLine.Option;

/** How the gate decides, for every command that compares runs ({@code @Mixin}). */
final class GateOptions {
    @Option(names = "--threshold", paramLabel = "PCT", defaultValue = "" + Comparison.DEFAULT_THRESHOLD_PCT,
            converter = OptionValues.NonNegativeFinite.class,
            description = "The slowdown in percent the gate must catch (default: ${DEFAULT-VALUE}); a change counts"
                    + " when significant and estimated at half of it or more.")
    double threshold;

    @Option(names = "--alpha", paramLabel = "P", defaultValue = "" + Comparison.DEFAULT_ALPHA,
            description = "Family-wise false-alarm level over the benchmarks compared, Holm-adjusted (default:"
                    + " ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--wall-time", negatable = false,
            description = "Compare JMH's wall-time scores even where the CPU share of each iteration was recorded"
                    + " (the gate profile records it, and by default speeds are per CPU second).")
    boolean wallTime;

    @Option(names = "--test", paramLabel = "NAME", defaultValue = "welch",
            description = "welch (Welch's t-test on log speeds, default) or mann-whitney.")
    String test;

    Comparison.Settings settings() {
        ChangeTest.Method method = switch (test.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "welch" -> ChangeTest.Method.WELCH;
            case "mann-whitney" -> ChangeTest.Method.MANN_WHITNEY;
            default -> throw new IllegalArgumentException("--test '" + test + "' is not welch or mann-whitney");
        };
        return new Comparison.Settings(threshold, alpha, wallTime ? Samples.Basis.WALL : Samples.Basis.CPU, method);
    }
}
