package dev.bitste.results;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the files that describe a JMH JSON file are kept: in a run directory beside {@code jmh.json}
 * ({@code machine.json}, {@code run.json}); for a baseline {@code <name>.json}, as {@code <name>.machine.json} and
 * {@code <name>.run.json}.
 */
final class Sidecars {
    private Sidecars() {
    }

    /** The sidecar called {@code fileName} in a run directory ({@code machine.json}) of {@code results}, if it exists. */
    static Optional<Path> find(Path results, String fileName) {
        Path json = JmhJson.resolve(results);
        Path dir = json.toAbsolutePath().getParent();
        for (Path candidate : List.of(baselineSidecar(json, fileName), dir.resolve(fileName))) {
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** {@code <name>.machine.json} beside {@code <name>.json}. */
    static Path baselineSidecar(Path json, String fileName) {
        String name = json.getFileName().toString().replaceFirst("\\.json$", "");
        return json.toAbsolutePath().getParent().resolve(name + "." + fileName);
    }
}
