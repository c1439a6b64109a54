package dev.bitste.cli;

import dev.bitste.experiments.Sweep;
import dev.bitste.experiments.SweepRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;

/** {@code bitste experiment merge DIR...}: the shards of one sweep combined into the result of one run. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Combine the directories written by the `--shard i/N` runs of one experiment (every i, same"
            + " arguments otherwise) into one result: the same files, bit for bit, as a run without --shard"
            + " (run.json, which records how each part ran, aside).",
            "Also takes one complete run, to write its report again."})
final class MergeCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "DIR", description = "The shards' run directories.")
    List<Path> dirs;

    @Mixin
    ResultsDirOption results;

    /** Commands that can be merged: their recorded arguments rebuild the same sweep. */
    interface Mergeable {
        Sweep<?> sweep();
    }

    @Override
    public Integer call() {
        List<String> recorded = SweepRunner.read(dirs.get(0)).command();
        Sweep<?> sweep = rebuild(recorded, dirs.get(0));
        List<String> command = new ArrayList<>(List.of("merge"));
        dirs.forEach(d -> command.add(d.toString()));
        Path dir = SweepRunner.merge(sweep, dirs, new SweepRunner.Invocation(command, 1, results.dir, null,
                System.out));
        System.out.println("wrote " + dir);
        return 0;
    }

    /** The sweep a recorded command line (experiment name first) describes. */
    static Sweep<?> rebuild(List<String> recorded, Path from) {
        try {
            CommandLine.ParseResult parsed = new CommandLine(new ExperimentCommand())
                    .parseArgs(recorded.toArray(String[]::new));
            if (parsed.subcommand() != null
                    && parsed.subcommand().commandSpec().userObject() instanceof Mergeable m) {
                return m.sweep();
            }
        } catch (ParameterException e) {
            throw new IllegalArgumentException("merge: the command recorded in " + from + " does not parse: "
                    + e.getMessage(), e);
        }
        throw new IllegalArgumentException("merge: " + from + " was not written by an experiment (" + recorded + ")");
    }
}
