package dev.bitste.cli;

import dev.bitste.experiments.Shard;
import dev.bitste.experiments.Sweep;
import dev.bitste.experiments.SweepRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --shard} and {@code --resume}, shared by every experiment ({@code @Mixin}), and running the sweep with them. */
final class SweepOptions {
    @Option(names = "--shard", paramLabel = "i/N", description = {"Run only part i of N (0 <= i < N) of the trials:"
            + " trial t belongs to part t mod N. Combine the parts with `bitste experiment merge DIR...`."
            + " Default: all of them."})
    String shard;

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue an interrupted run (its <stamp>.partial"
            + " directory) with the same arguments: the trials it finished are kept.")
    Path resume;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** Runs {@code sweep} as the options say; prints and returns the directory written. */
    int run(Sweep<?> sweep, int threads, Path resultsDir) {
        Shard part = shard == null ? Shard.ALL : Shard.parse(shard);
        List<String> command = new ArrayList<>(List.of(spec.name()));
        command.addAll(spec.commandLine().getParseResult().expandedArgs());
        Path dir = SweepRunner.run(sweep, part,
                new SweepRunner.Invocation(command, threads, resultsDir, resume, System.out));
        System.out.println("wrote " + dir);
        return 0;
    }
}
