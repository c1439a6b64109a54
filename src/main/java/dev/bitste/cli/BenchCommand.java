package dev.bitste.cli;

import java.util.concurrent.Callable;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the JMH suite through JMH's Java API and prints its table. */
@Command(name = "bench", description = "Run the benchmark suite (quick profile) and print the results.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--include", description = "Regex of benchmarks to run (default: all).", defaultValue = ".*")
    String include;

    @Option(names = "--json", description = "Write JMH's JSON here.")
    String json;

    @Override
    public Integer call() throws RunnerException {
        var options = new OptionsBuilder()
                .include("dev\\.bitste\\.bench\\." + include)
                .forks(1)
                .warmupIterations(2)
                .warmupTime(TimeValue.milliseconds(500))
                .measurementIterations(3)
                .measurementTime(TimeValue.milliseconds(500));
        if (json != null) {
            options.resultFormat(ResultFormatType.JSON).result(json);
        }
        new Runner(options.build()).run();
        return 0;
    }
}
