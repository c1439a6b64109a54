package dev.bitste.cli;

import dev.bitste.results.GatePower;
import dev.bitste.results.JmhJson;
import dev.bitste.results.JmhResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The gate's false alarms and power, measured on runs of one commit (an A/A experiment). */
@Command(name = "gate-power", mixinStandardHelpOptions = true, description = {
    "Measure the gate on two or more gate-profile runs of the same commit on one machine: every ordered pair is"
        + " compared (a regression there is a false alarm), then each benchmark in turn is made 5%%, 10%% and 20%%"
        + " slower and must be caught. Prints Markdown.",
    "The options below restrict the runs' raw data, to see what fewer forks or iterations would give."})
final class GatePowerCommand implements Callable<Integer> {
    @Parameters(arity = "2..*", paramLabel = "RUN", description = "Run directories (or JMH JSON files) of one commit.")
    List<Path> runs;

    @Mixin
    GateOptions gate;

    @Option(names = "--forks", paramLabel = "N", converter = OptionValues.PositiveInt.class,
            description = "Use the first N forks of each run (default: all).")
    int forks = Integer.MAX_VALUE;

    @Option(names = "--iterations", paramLabel = "N", converter = OptionValues.PositiveInt.class,
            description = "Use N iterations of each fork (default: all after --skip).")
    int iterations = Integer.MAX_VALUE;

    @Option(names = "--skip", paramLabel = "N", converter = OptionValues.NonNegativeInt.class,
            description = "Skip the first N iterations of each fork, as if they were warmup (default: 0).")
    int skip;

    @Option(names = "--resamples", paramLabel = "N", defaultValue = "20", converter = OptionValues.NonNegativeInt.class,
            description = "Fork resamples per pair of runs, to smooth the rates (default: ${DEFAULT-VALUE}).")
    int resamples;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "11", description = "Seed of the resampling.")
    long seed;

    @Override
    public Integer call() {
        Map<String, List<JmhResult>> data = new LinkedHashMap<>();
        for (Path run : runs) {
            Path named = JmhJson.resolve(run).toAbsolutePath().getParent();
            data.put(run.toString().endsWith(".json") ? run.toString() : named.getFileName().toString(),
                    JmhJson.read(run));
        }
        GatePower p = GatePower.of(data, gate.settings(), new GatePower.Subset(forks, iterations, skip), resamples,
                seed);
        System.out.println(p.markdown());
        return 0;
    }
}
