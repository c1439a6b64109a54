package dev.bitste.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A new directory per run, named by its UTC start time ({@code 20261122T135012Z}, with {@code -2},
 * {@code -3} ... on a collision), that never reuses an existing name. It is created as
 * {@code <name>.partial} and renamed to {@code <name>} by {@link #complete()}, so an interrupted run
 * is plainly marked as partial and a complete one appears at once. The rename never replaces anything (on Linux a
 * plain rename would replace an empty directory created at the final name meanwhile): {@link NoReplaceRename}.
 */
public final class RunDirectory {
    static final String PARTIAL_SUFFIX = ".partial";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path finalPath;
    private Path current;

    private RunDirectory(Path finalPath, Path current) {
        this.finalPath = finalPath;
        this.current = current;
    }

    /** Starts a run under {@code parent} named by the current UTC time. */
    public static RunDirectory start(Path parent) {
        return start(parent, Clock.systemUTC());
    }

    static RunDirectory start(Path parent, Clock clock) {
        String stamp = STAMP.format(clock.instant());
        try {
            Files.createDirectories(parent);
            for (int i = 1; ; i++) {
                String name = i == 1 ? stamp : stamp + "-" + i;
                Path done = parent.resolve(name);
                Path partial = parent.resolve(name + PARTIAL_SUFFIX);
                if (Files.exists(done)) {
                    continue;
                }
                try {
                    Files.createDirectory(partial); // atomic: fails if another run took the name
                    return new RunDirectory(done, partial);
                } catch (FileAlreadyExistsException taken) {
                    // try the next suffix
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a run directory under " + parent + ": " + e.getMessage(), e);
        }
    }

    /**
     * Continues an interrupted run in its {@code <name>.partial} directory; {@link #complete()} then renames it to
     * {@code <name>}. Fails (naming the argument) when {@code partial} is not such a directory or {@code <name>}
     * already exists.
     */
    public static RunDirectory resume(String argument, Path partial) {
        Path name = partial.toAbsolutePath().normalize().getFileName();
        if (name == null || !name.toString().endsWith(PARTIAL_SUFFIX) || !Files.isDirectory(partial)) {
            throw new IllegalArgumentException(argument + " must name an interrupted run's directory (<stamp>"
                    + PARTIAL_SUFFIX + "), got " + partial);
        }
        String base = name.toString();
        Path done = partial.resolveSibling(base.substring(0, base.length() - PARTIAL_SUFFIX.length()));
        if (Files.exists(done)) {
            throw new IllegalArgumentException(argument + " " + partial + ": " + done + " already exists");
        }
        return new RunDirectory(done, partial);
    }

    /** Where files go now ({@code <name>.partial} until completed). */
    public Path path() {
        return current;
    }

    /** The directory's name once complete. */
    public Path finalPath() {
        return finalPath;
    }

    /** Writes a new file in the run, atomically. */
    public Path write(String fileName, byte[] bytes) {
        return AtomicFiles.writeNew(current.resolve(fileName), bytes);
    }

    /** Writes a new UTF-8 text file in the run, atomically. */
    public Path write(String fileName, String text) {
        return AtomicFiles.writeNew(current.resolve(fileName), text);
    }

    /** Marks the run complete by renaming it to its final name; returns that path. */
    public Path complete() {
        if (current.equals(finalPath)) {
            return finalPath;
        }
        try {
            NoReplaceRename.rename(current, finalPath); // never replaces a directory created there meanwhile
            current = finalPath;
            return finalPath;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot complete run " + current + ": " + e.getMessage(), e);
        }
    }
}
