package dev.bitste.benchrun;

import dev.bitste.experiments.Progress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;

/**
 * JMH's own output (to the log file) plus one progress step per finished benchmark, whose result goes to
 * {@code finished} at once (the run's journal). A benchmark that ends without a result (its {@code @Setup}
 * self-check or the benchmark threw) is remembered as failed.
 */
final class ProgressOutputFormat implements OutputFormat {
    private final OutputFormat log;
    private final Progress progress;
    private final Consumer<BenchmarkResult> finished;
    private final List<String> failures = new ArrayList<>();
    private String current = "";

    ProgressOutputFormat(OutputFormat log, Progress progress, Consumer<BenchmarkResult> finished) {
        this.log = log;
        this.progress = progress;
        this.finished = finished;
    }

    /** Benchmarks (name and parameters) that produced no result. */
    List<String> failures() {
        return List.copyOf(failures);
    }

    @Override
    public void startBenchmark(BenchmarkParams params) {
        current = label(params);
        progress.extra(current);
        log.startBenchmark(params);
    }

    @Override
    public void endBenchmark(BenchmarkResult result) {
        log.endBenchmark(result);
        if (result == null || result.getPrimaryResult() == null) {
            failures.add(current);
        } else {
            finished.accept(result);
        }
        progress.step();
    }

    static String label(BenchmarkParams p) {
        String name = p.getBenchmark();
        String shortName = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
        String params = p.getParamsKeys().stream().map(k -> k + "=" + p.getParam(k))
                .collect(Collectors.joining(","));
        return shortName + (params.isEmpty() ? "" : " " + params);
    }

    @Override
    public void iteration(BenchmarkParams b, IterationParams i, int n) {
        log.iteration(b, i, n);
    }

    @Override
    public void iterationResult(BenchmarkParams b, IterationParams i, int n, IterationResult r) {
        log.iterationResult(b, i, n, r);
    }

    @Override
    public void startRun() {
        log.startRun();
    }

    @Override
    public void endRun(Collection<RunResult> results) {
        log.endRun(results);
    }

    @Override
    public void print(String s) {
        log.print(s);
    }

    @Override
    public void println(String s) {
        log.println(s);
    }

    @Override
    public void flush() {
        log.flush();
    }

    @Override
    public void close() {
        log.flush(); // the log stream outlives one JMH run: BenchRun closes it
    }

    @Override
    public void verbosePrintln(String s) {
        log.verbosePrintln(s);
    }

    @Override
    public void write(int b) {
        log.write(b);
    }

    @Override
    public void write(byte[] b) throws IOException {
        log.write(b);
    }
}
