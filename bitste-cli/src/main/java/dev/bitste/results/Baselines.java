package dev.bitste.results;

import dev.bitste.util.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The baselines of a results tree: per machine and profile, the run new runs are compared against, as
 * {@code baselines/<machine-id>.<profile>.json} (the run's {@code jmh.json}) with {@code .machine.json} and
 * {@code .run.json} beside it. A run of one profile is only ever compared with the baseline of that profile.
 */
public final class Baselines {
    private Baselines() {
    }

    /** The baseline file of {@code machineId} for {@code profile} under {@code baselines} (it may not exist). */
    public static Path file(Path baselines, String machineId, String profile) {
        return baselines.resolve(machineId + "." + profile + ".json");
    }

    /** The baseline of the machine and profile if there is one. */
    public static Optional<Path> find(Path baselines, String machineId, String profile) {
        return Optional.of(file(baselines, machineId, profile)).filter(Files::isRegularFile);
    }

    /** What a promotion did: the new baseline file and the run it replaced, if any. */
    public record Promotion(Path file, Optional<String> replaced) {
    }

    /**
     * Makes {@code run} (a complete run directory with jmh.json, machine.json and run.json) the baseline of its
     * machine and profile, replacing the previous one (the one place where bitste replaces a file on purpose). Each
     * of the three files is replaced in one step, the JMH JSON last.
     *
     * @throws IllegalArgumentException when {@code run} is not a complete run directory
     */
    public static Promotion promote(Path run, Path baselines) {
        if (!Files.isDirectory(run)) {
            throw new IllegalArgumentException(run + " is not a run directory");
        }
        if (run.getFileName().toString().endsWith(".partial")) {
            throw new IllegalArgumentException(run + " is a partial run (interrupted, or a benchmark failed): only a"
                    + " complete run can be a baseline");
        }
        for (String name : List.of(JmhJson.FILE_NAME, MachineInfo.FILE_NAME, RunInfo.FILE_NAME)) {
            if (!Files.isRegularFile(run.resolve(name))) {
                throw new IllegalArgumentException(run + " has no " + name + (name.equals(RunInfo.FILE_NAME)
                        ? " (a run older than profiles in run.json cannot be a baseline)" : ""));
            }
        }
        JmhJson.read(run); // refuse a malformed run before touching the baseline
        MachineInfo machine = MachineInfo.read(run.resolve(MachineInfo.FILE_NAME));
        RunInfo info = RunInfo.read(run.resolve(RunInfo.FILE_NAME));
        Path target = file(baselines, machine.id(), info.profile());
        Optional<String> replaced = Optional.empty();
        if (Files.isRegularFile(target)) {
            replaced = Optional.of(RunInfo.besides(target).map(RunInfo::promotedFrom).orElse("an earlier run"));
        }
        try {
            AtomicFiles.replace(Sidecars.baselineSidecar(target, MachineInfo.FILE_NAME),
                    Files.readAllBytes(run.resolve(MachineInfo.FILE_NAME)));
            AtomicFiles.replace(Sidecars.baselineSidecar(target, RunInfo.FILE_NAME),
                    info.promotedFrom(run.getFileName().toString()).toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            AtomicFiles.replace(target, Files.readAllBytes(run.resolve(JmhJson.FILE_NAME)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + run + ": " + e.getMessage(), e);
        }
        return new Promotion(target, replaced);
    }
}
