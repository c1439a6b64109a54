package dev.bitste.cli;

import dev.bitste.util.AtomicFiles;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --results-dir}, the root of the results tree, for every command that writes results ({@code @Mixin}). */
final class ResultsDirOption {
    @Option(names = "--results-dir", paramLabel = "DIR",
            description = "Root of the results tree. Default: ${DEFAULT-VALUE}.")
    Path dir = Path.of("results");

    /**
     * The results root, once checked to be writable: called before the work, so that a run never ends by failing
     * to write its results.
     */
    Path writable() {
        AtomicFiles.checkCanCreateUnder("--results-dir", dir);
        return dir;
    }

    /** The earlier spelling of {@code --results-dir}. */
    @Option(names = "--results", hidden = true, paramLabel = "DIR")
    void results(Path d) {
        dir = d;
    }
}
