package dev.bitste.cli;

import dev.bitste.results.Baselines;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Promotes a run to its machine's baseline for its profile. */
@Command(name = "baseline", mixinStandardHelpOptions = true, description = {
    "Make a complete run the baseline of its machine for its profile: copies its jmh.json, machine.json and run.json"
        + " to <results-dir>/baselines/<machine-id>.<profile>.json (.machine.json, .run.json), replacing the previous"
        + " baseline of that machine and profile. bench compares every new run of the profile with it."})
final class BaselineCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN", description = "A complete run directory (not .partial).")
    Path run;

    @Mixin
    ResultsDirOption results;

    @Override
    public Integer call() {
        Baselines.Promotion p = Baselines.promote(run, results.writable().resolve("baselines"));
        System.out.println("Baseline " + p.file() + " is now " + run.getFileName()
                + p.replaced().map(r -> " (it was " + r + ")").orElse(""));
        return 0;
    }
}
