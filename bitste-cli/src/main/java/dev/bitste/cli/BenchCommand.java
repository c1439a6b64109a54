package dev.bitste.cli;

import dev.bitste.benchrun.BenchProfile;
import dev.bitste.benchrun.BenchRun;
import dev.bitste.util.AtomicFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs the JMH suite with a profile, writes a run directory with its report, and compares with a baseline. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = {
    "Run the benchmark suite and write <results-dir>/runs/<machine-id>/<UTC>/ (jmh.json, machine.json, run.json,"
        + " jmh.log, report.md with charts, comparison.md/.json/-junit.xml against the baseline of the machine and"
        + " profile if there is one). Every finished benchmark reaches the disk at once: an interrupted run keeps"
        + " them (./bitste report reads it, labelled PARTIAL).",
    "Profiles: quick (default; @QuickParams grids, 1 fork, short iterations), full (declared grids, each"
        + " class's JMH settings), smoke (quick grid, one 100 ms iteration: proves every harness runs), gate"
        + " (@GateParams benchmarks, several forks in rounds, CPU time recorded: the regression gate).",
    "Exit 0; 1 when a benchmark failed, or with --gate regressed; 2 on bad input (with --gate: no usable baseline)."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--profile", defaultValue = "quick", converter = ProfileConverter.class, paramLabel = "NAME",
            description = "quick, full, smoke or gate (default: ${DEFAULT-VALUE}).")
    BenchProfile profile;

    @Option(names = "--include", defaultValue = ".*", paramLabel = "REGEX",
            description = "Run benchmarks whose full name (e.g. dev.bitste.bench.XnorDot.vector) contains a match.")
    Pattern include;

    @Option(names = "--exclude", paramLabel = "REGEX", description = "Skip benchmarks whose full name contains a match.")
    Pattern exclude;

    @Mixin
    ResultsDirOption results;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where runs go, under <machine-id>/ (default: <results-dir>/runs).")
    Path out;

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "JMH JSON or run directory to compare with at the end"
                    + " (default: <results-dir>/baselines/<machine-id>.<profile>.json if it exists).")
    Path baseline;

    @Option(names = "--no-report", negatable = false, description = "Skip report.md and the charts.")
    boolean noReport;

    @Option(names = "--gate", negatable = false,
            description = "Exit 1 when a benchmark regressed against the baseline (2 when there is none, or it was"
                    + " measured differently). Meant for --profile gate.")
    boolean gate;

    @Mixin
    GateOptions gateOptions;

    @Option(names = "--jmh", paramLabel = "ARGS",
            description = "Extra JMH options for experts, e.g. --jmh=\"-prof gc -p n=4096\" (repeatable; quotes keep"
                    + " a value together: --jmh=\"-jvmArgsPrepend '-Xmx2g -Xms2g'\"). They win over the profile's;"
                    + " selection and output stay with bitste.")
    List<String> jmh = new ArrayList<>();

    @Override
    public Integer call() {
        Path runs = out != null ? out : results.dir.resolve("runs");
        AtomicFiles.checkCanCreateUnder(out != null ? "--out" : "--results-dir", runs); // before hours of benchmarks
        BenchRun run = BenchRun.prepare(new BenchRun.Settings(profile, include, exclude, runs,
                Optional.ofNullable(baseline), results.dir.resolve("baselines"), !noReport, jmh, gate,
                gateOptions.settings()));
        return run.run(System.out).exitCode();
    }

    static final class ProfileConverter implements picocli.CommandLine.ITypeConverter<BenchProfile> {
        @Override
        public BenchProfile convert(String value) {
            try {
                return BenchProfile.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        "'" + value + "' is not a profile (quick, full, smoke, gate)");
            }
        }
    }
}
