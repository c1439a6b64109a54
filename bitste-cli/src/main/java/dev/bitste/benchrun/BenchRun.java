package dev.bitste.benchrun;

import dev.bitste.experiments.Progress;
import dev.bitste.results.Baselines;
import dev.bitste.results.BenchmarkCatalog;
import dev.bitste.results.Comparison;
import dev.bitste.results.ComparisonReport;
import dev.bitste.results.JmhJson;
import dev.bitste.results.JmhResult;
import dev.bitste.results.MachineInfo;
import dev.bitste.results.MachineProbe;
import dev.bitste.results.Report;
import dev.bitste.results.RunInfo;
import dev.bitste.util.Checks;
import dev.bitste.util.RunDirectory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * One {@code bitste bench} run: plans the benchmarks, runs each class through JMH's Java API with a
 * progress display (the gate profile in rounds of one fork per benchmark), and writes
 * {@code <out>/<machine-id>/<UTC>/} with {@code run.json} (how the run was asked for), {@code machine.json},
 * {@code jmh.json} (all classes and rounds merged into one JMH result array), {@code jmh.log}, {@code report.md}
 * and its charts, and the comparison with the baseline when there is one. Every finished benchmark reaches the
 * disk at once ({@link ResultJournal}), so an interrupted run keeps them. The directory stays {@code .partial}
 * when a benchmark failed (and {@code failures.txt} lists which) or the run was interrupted.
 */
public final class BenchRun {
    public static final String LOG_FILE = "jmh.log";
    public static final String FAILURES_FILE = "failures.txt";
    public static final String COMPARISON_FILE = ComparisonReport.MARKDOWN;

    /**
     * What to run and where to write. {@code jmhArgs} are JMH command-line options, each element one {@code --jmh}
     * as given (words split as a shell would, quotes kept together; may be empty).
     */
    public record Settings(BenchProfile profile, Pattern include, Pattern exclude, Path out,
            Optional<Path> baseline, Path baselines, boolean report, List<String> jmhArgs, boolean gate,
            Comparison.Settings comparison) {
        public Settings {
            jmhArgs = List.copyOf(jmhArgs);
        }

        /** Without the gate, with the default comparison settings. */
        public Settings(BenchProfile profile, Pattern include, Pattern exclude, Path out, Optional<Path> baseline,
                Path baselines, boolean report, List<String> jmhArgs) {
            this(profile, include, exclude, out, baseline, baselines, report, jmhArgs, false,
                    Comparison.Settings.defaults());
        }
    }

    /**
     * Where the run went, what failed, the comparison against the baseline if there was one (and why not, if it
     * could not be made), and whether the gate was asked for.
     */
    public record Outcome(Path directory, List<String> failures, Optional<Report> report,
            Optional<ComparisonReport.Outcome> comparison, Optional<Path> baseline, Optional<String> notCompared,
            boolean gate) {
        public boolean ok() {
            return failures.isEmpty();
        }

        /**
         * 1 when a benchmark failed, or (with the gate) regressed; 2 when the gate was asked for but the baseline
         * could not gate this run; else 0.
         */
        public int exitCode() {
            if (!ok()) {
                return 1;
            }
            if (!gate) {
                return 0;
            }
            return comparison.map(ComparisonReport.Outcome::exitCode).orElse(2);
        }
    }

    private final Settings settings;
    private final CommandLineOptions expert;
    private final BenchPlan plan;
    private final PeerCheck peers;

    private BenchRun(Settings settings, CommandLineOptions expert, BenchPlan plan, PeerCheck peers) {
        this.settings = settings;
        this.expert = expert;
        this.plan = plan;
        this.peers = peers;
    }

    /**
     * Checks the settings and plans the run without writing anything.
     *
     * @throws IllegalArgumentException for JMH options it cannot take, a missing baseline, or when no
     *     benchmark matches
     */
    public static BenchRun prepare(Settings s) {
        CommandLineOptions expert = parseJmh(s.jmhArgs());
        s.baseline().ifPresent(JmhJson::read); // an unusable baseline stops the run before it starts
        if (s.gate() && s.baseline().isEmpty()) {
            String id = MachineProbe.detect().id();
            if (Baselines.find(s.baselines(), id, s.profile().toString()).isEmpty()) {
                throw new IllegalArgumentException("--gate: no baseline to gate against: "
                        + Baselines.file(s.baselines(), id, s.profile().toString()) + " does not exist (make one with"
                        + " ./bitste baseline RUN, or pass --baseline FILE)");
            }
        }
        OutputFormat silent = OutputFormatFactory.createFormatInstance(
                new PrintStream(OutputStream.nullOutputStream()), VerboseMode.SILENT);
        var entries = BenchmarkList.defaultList().find(silent, List.of(".*"), List.of());
        BenchPlan plan = BenchPlan.of(entries, s.profile(), s.include(), s.exclude(), expert);
        PeerCheck peers = PeerCheck.of(plan); // the C peer compiled here once, so the forks find it in the cache
        if (peers.leavesOut()) { // a clean skip: the benchmarks of a peer that is not available are not run
            plan = BenchPlan.of(entries, s.profile(), s.include(), peers.exclude(s.exclude()), expert);
        }
        if (plan.isEmpty()) {
            throw new IllegalArgumentException("no benchmark matches --include '" + s.include()
                    + "'" + (s.exclude() == null ? "" : " and --exclude '" + s.exclude() + "'"));
        }
        return new BenchRun(s, expert, plan, peers);
    }

    static CommandLineOptions parseJmh(String... occurrences) {
        return parseJmh(List.of(occurrences));
    }

    static CommandLineOptions parseJmh(List<String> occurrences) {
        String args = String.join(" ", occurrences);
        String[] tokens = JmhWords.split(occurrences);
        CommandLineOptions o;
        try {
            o = new CommandLineOptions(tokens);
        } catch (CommandLineOptionException e) {
            throw new IllegalArgumentException("--jmh '" + args + "': " + e.getMessage(), e);
        }
        JmhOptionNames.check(tokens, args);
        if (!o.getIncludes().isEmpty() || !o.getExcludes().isEmpty()) {
            throw new IllegalArgumentException("--jmh '" + args + "': select benchmarks with --include/--exclude");
        }
        if (o.getResult().hasValue() || o.getResultFormat().hasValue() || o.getOutput().hasValue()) {
            throw new IllegalArgumentException("--jmh '" + args + "': -rf/-rff/-o are set by bitste (see --out)");
        }
        if (o.shouldHelp() || o.shouldList() || o.shouldListWithParams() || o.shouldListProfilers()
                || o.shouldListResultFormats()) {
            throw new IllegalArgumentException("--jmh '" + args + "': listing and help are not supported here;"
                    + " run org.openjdk.jmh.Main from the benchmarks jar for those");
        }
        return o;
    }

    public BenchPlan plan() {
        return plan;
    }

    /** Runs the plan; {@code console} gets the short messages (progress goes to stderr). */
    public Outcome run(PrintStream console) {
        MachineInfo machine = peers.record(MachineProbe.detect());
        RunDirectory dir = RunDirectory.start(settings.out().resolve(machine.id()));
        dir.write(MachineInfo.FILE_NAME, machine.toJson());
        int rounds = settings.profile().rounds(expert);
        dir.write(RunInfo.FILE_NAME, new RunInfo(settings.profile().toString(), settings.include().pattern(),
                settings.exclude() == null ? null : settings.exclude().pattern(), settings.jmhArgs(), plan.total(),
                rounds, Instant.now().toString(), CpuTimeProfiler.loadAverage(), null).toJson());
        BenchmarkCatalog catalog = Declarations.of(plan.benchmarks());
        dir.write(BenchmarkCatalog.FILE_NAME, catalog.toJson());
        double each = settings.profile().secondsPerBenchmark();
        console.printf("bitste bench: profile %s, %d benchmarks in %d classes%s%s -> %s%n%s", settings.profile(),
                plan.total(), plan.runs().size(), rounds > 1 ? ", " + rounds + " rounds of one fork each" : "",
                each < 0 || expertTiming() ? "" : " (about " + duration(each * plan.total()) + ")",
                dir.path(), plan.describe());
        console.print(peers.describe());
        List<RunResult> results = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        try (ResultJournal journal = ResultJournal.create(dir.path());
                PrintStream log = new PrintStream(Files.newOutputStream(dir.path().resolve(LOG_FILE),
                        StandardOpenOption.CREATE_NEW), true, StandardCharsets.UTF_8);
                Progress progress = Progress.start("bench " + settings.profile(), (long) plan.total() * rounds)) {
            ProgressOutputFormat format = new ProgressOutputFormat(
                    OutputFormatFactory.createFormatInstance(log, expert.verbosity().orElse(VerboseMode.NORMAL)),
                    progress, journal::append);
            for (int round = 1; round <= rounds; round++) {
                if (rounds > 1) {
                    log.println("bitste: round " + round + " of " + rounds);
                }
                for (BenchPlan.ClassRun run : plan.runs()) {
                    try {
                        results.addAll(new Runner(options(run), format).run());
                    } catch (RunnerException e) {
                        log.println("bitste: JMH failed on " + run.className() + ": " + e);
                        failures.add(run.className() + ": " + e.getMessage());
                    }
                }
            }
            failures.addAll(0, format.failures());
            return finish(dir, machine, catalog, ForkRounds.join(results), failures, journal, console);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + LOG_FILE + " in " + dir.path(), e);
        }
    }

    private static String duration(double seconds) {
        return seconds < 90 ? Math.round(seconds) + " s" : Math.round(seconds / 60) + " min";
    }

    private boolean expertTiming() {
        return expert.getForkCount().hasValue() || expert.getWarmupIterations().hasValue()
                || expert.getWarmupTime().hasValue() || expert.getMeasurementIterations().hasValue()
                || expert.getMeasurementTime().hasValue();
    }

    private org.openjdk.jmh.runner.options.Options options(BenchPlan.ClassRun run) {
        ChainedOptionsBuilder b = new OptionsBuilder().parent(expert);
        run.benchmarks().forEach(name -> b.include("^" + Pattern.quote(name) + "$"));
        settings.profile().apply(b, expert);
        if (settings.profile().recordsCpuTime()) {
            b.addProfiler(CpuTimeProfiler.class);
        }
        run.params().forEach(b::param);
        return b.build();
    }

    private Outcome finish(RunDirectory dir, MachineInfo machine, BenchmarkCatalog catalog,
            Collection<RunResult> runResults, List<String> failures, ResultJournal journal, PrintStream console) {
        Optional<Report> report = Optional.empty();
        Optional<ComparisonReport.Outcome> comparison = Optional.empty();
        Optional<Path> baseline = settings.baseline()
                .or(() -> Baselines.find(settings.baselines(), machine.id(), settings.profile().toString()));
        Optional<String> notCompared = Optional.empty();
        if (!runResults.isEmpty()) {
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            ResultFormatFactory.getInstance(ResultFormatType.JSON, new PrintStream(json, true, StandardCharsets.UTF_8))
                    .writeOut(runResults);
            Path jsonFile = dir.write(JmhJson.FILE_NAME, json.toByteArray());
            journal.delete(); // jmh.json holds every result now
            List<JmhResult> results = JmhJson.read(jsonFile);
            // the measurements are safe in jmh.json now: a report or baseline problem only costs its file
            try {
                Report r = Report.of(dir.finalPath().getFileName() + " (" + settings.profile() + " profile)",
                        results, Optional.of(machine), catalog);
                report = Optional.of(r);
                if (settings.report()) {
                    r.charts().forEach(dir::write);
                    dir.write(Report.FILE_NAME, r.markdown());
                }
            } catch (RuntimeException e) {
                console.println("bitste: no report (" + e + "); render it later with ./bitste report");
            }
            if (baseline.isPresent()) {
                Path named = (failures.isEmpty() ? dir.finalPath() : dir.path()).resolve(JmhJson.FILE_NAME);
                try {
                    comparison = Optional.of(ComparisonReport.compare(baseline.get(), dir.path(),
                            settings.comparison(), named.toString(), false));
                    comparison.get().files().forEach(dir::write);
                } catch (IllegalArgumentException e) {
                    notCompared = Optional.of(e.getMessage());
                    console.println("bitste: baseline " + baseline.get() + " not compared: " + e.getMessage());
                }
            }
        }
        journal.delete(); // nothing was measured, or jmh.json holds it
        Path where = dir.path();
        if (failures.isEmpty()) {
            where = dir.complete();
        } else {
            dir.write(FAILURES_FILE, String.join("\n", failures) + "\n");
        }
        report.ifPresent(r -> console.println("\n" + r.summary()));
        comparison.ifPresent(c -> console.println(c.markdown() + "\n" + ComparisonReport.headline(c)));
        if (!failures.isEmpty()) {
            console.println("FAILED: " + failures.size() + " benchmark(s) produced no result (their @Setup check or"
                    + " the benchmark threw; see " + where.resolve(LOG_FILE) + "):");
            failures.forEach(f -> console.println("  " + f));
            console.println("The run stays marked partial: " + where);
        } else {
            console.println("Run written to " + where + (settings.report() ? " (report: "
                    + where.resolve(Report.FILE_NAME) + ")" : ""));
        }
        return new Outcome(where, List.copyOf(failures), report, comparison, baseline, notCompared, settings.gate());
    }
}
