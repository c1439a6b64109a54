package dev.bitste.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Writes a set of files (a report and its charts) into a directory, all or nothing, never replacing a file. A
 * directory that does not exist yet is filled under a temporary name beside it and renamed into place at the end
 * ({@link NoReplaceRename}); into an existing directory, the files are written only after checking that none of
 * their names is taken, and a failure half-way removes those already written. Either way a failed or refused
 * write leaves nothing behind, so it can simply be retried.
 */
public final class OutputDirectory {
    private OutputDirectory() {
    }

    /**
     * Writes {@code files} (name to bytes) into {@code dir}; {@code option} names the directory in messages.
     *
     * @return the paths written
     * @throws IllegalArgumentException before writing anything, when {@code dir} is not a directory or one of the
     *     names exists in it
     */
    public static List<Path> write(String option, Path dir, Map<String, byte[]> files) {
        Checks.notNull("dir", dir);
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException(option + " " + dir + " is a file, not a directory");
            }
            List<String> taken = files.keySet().stream().filter(n -> Files.exists(dir.resolve(n), LinkOption.NOFOLLOW_LINKS))
                    .sorted().toList();
            if (!taken.isEmpty()) {
                throw new IllegalArgumentException(option + " " + dir + " already has " + String.join(", ", taken)
                        + " (never overwritten); nothing was written: pass a new directory");
            }
            return writeEach(dir, files);
        }
        AtomicFiles.checkCanCreateUnder(option, dir);
        Path parent = dir.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(parent);
            tmp = temporaryDirectory(parent, dir.getFileName().toString());
            writeEach(tmp, files);
            NoReplaceRename.rename(tmp, dir);
            tmp = null;
            return files.keySet().stream().map(dir::resolve).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir + ": " + IoErrors.describe(e), e);
        } finally {
            deleteTree(tmp);
        }
    }

    private static List<Path> writeEach(Path dir, Map<String, byte[]> files) {
        List<Path> written = new ArrayList<>();
        try {
            files.forEach((name, bytes) -> written.add(AtomicFiles.writeNew(dir.resolve(name), bytes)));
            return written;
        } catch (RuntimeException e) {
            written.forEach(OutputDirectory::deleteQuietly); // ours: each was created new
            throw e;
        }
    }

    private static Path temporaryDirectory(Path parent, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = parent.resolve("." + name + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
                    + ".tmp");
            try {
                return Files.createDirectory(tmp);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt == 100) {
                    throw e;
                }
            }
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(OutputDirectory::deleteQuietly);
        } catch (IOException ignored) {
            // best effort: a stray hidden .tmp directory is harmless
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
