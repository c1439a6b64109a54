package dev.bitste.util;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that a reader never sees half of one and nothing already there is ever replaced: the
 * bytes go to a temporary file beside the target, are flushed to the disk, and the file is then
 * hard-linked to the target's name. A link fails when the name exists, atomically, so a file another
 * writer created at the same moment is never overwritten (a check followed by a rename would replace
 * it: rename(2) replaces its target). Where the file system has no hard links, the target is created
 * exclusively and the bytes copied into it (never replacing either; a reader may then see it grow).
 *
 * <p>Files get the mode a plain {@code Files.newOutputStream} gives (0666 less the umask, 0644 with
 * the usual umask 022), like every other file bitste writes.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes {@code bytes} to {@code target}; fails if {@code target} already exists. */
    public static Path writeNew(Path target, byte[] bytes) {
        Checks.notNull("target", target);
        Checks.notNull("bytes", bytes);
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(target.toString(), null, "refusing to overwrite it");
            }
            Files.createDirectories(dir);
            tmp = temporaryBeside(target);
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                writeFully(out, bytes);
            }
            publish(tmp, target);
            return target;
        } catch (FileAlreadyExistsException e) {
            throw new UncheckedIOException("cannot write " + target + ": it already exists (refusing to overwrite it)",
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + IoErrors.describe(e), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** Text as UTF-8; fails if {@code target} already exists. */
    public static Path writeNew(Path target, String text) {
        return writeNew(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Replaces {@code target} (or creates it) with {@code bytes} in one step: a reader sees the old file or the new
     * one, never a mix. Only for files whose purpose is to be replaced (a machine's baseline); everything else bitste
     * writes goes through {@link #writeNew}.
     */
    public static Path replace(Path target, byte[] bytes) {
        Checks.notNull("target", target);
        Path tmp = null;
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            tmp = temporaryBeside(target);
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                writeFully(out, bytes);
            }
            Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
            syncDirectory(target.toAbsolutePath().getParent());
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + IoErrors.describe(e), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /**
     * Gives the finished temporary file {@code tmp} the name {@code target}, failing with
     * {@link FileAlreadyExistsException} (and leaving the existing file as it is) when the name is taken.
     */
    static void publish(Path tmp, Path target) throws IOException {
        try {
            Files.createLink(target, tmp);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | FileSystemException noLinks) {
            // no hard links on this file system: create the name exclusively, then copy into it
            try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                try {
                    Files.copy(tmp, out);
                    out.flush();
                } catch (IOException e) {
                    Files.deleteIfExists(target); // ours: created exclusively above
                    throw e;
                }
            }
            try (FileChannel ch = FileChannel.open(target, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        }
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /**
     * Checks, before any work is done, that a file or directory can be created at {@code path}: the
     * nearest existing directory on its way must be a directory in which a file can be created (tried
     * with a temporary file that is removed at once). {@code option} names the path in the message
     * (e.g. {@code --out}).
     *
     * @throws IllegalArgumentException naming the option, the path and the reason
     */
    public static void checkCanCreateUnder(String option, Path path) {
        Checks.notNull("path", path);
        checkCanCreate(option, path, path);
    }

    /** Checks that something can be created at or under {@code start}; {@code path} is what the message names. */
    private static void checkCanCreate(String option, Path path, Path start) {
        Path p = start.toAbsolutePath().normalize();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalArgumentException(option + " " + path + ": no part of this path exists");
        }
        if (!Files.isDirectory(p)) {
            throw new IllegalArgumentException(option + " " + path + " cannot be written: " + p
                    + " is a file, not a directory");
        }
        Path probe = null;
        try {
            probe = temporaryIn(p, ".bitste-write-check");
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + path + " cannot be written: cannot create a file in "
                    + p + " (" + IoErrors.describe(e) + ")");
        } finally {
            deleteQuietly(probe);
        }
    }

    /**
     * {@link #checkCanCreateUnder} for a file that must not exist yet (bitste never overwrites one).
     *
     * @throws IllegalArgumentException if {@code file} exists or could not be created
     */
    public static void checkCanCreateFile(String option, Path file) {
        Checks.notNull("file", file);
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException(option + " " + file + " already exists (never overwritten)");
        }
        Path parent = file.toAbsolutePath().getParent();
        checkCanCreate(option, file, parent == null ? file : parent);
    }

    private static void writeFully(FileChannel out, byte[] bytes) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
            out.write(buf);
        }
        out.force(true);
    }

    /** A new empty hidden file next to {@code target}, created with the default mode (not createTempFile's 0600). */
    private static Path temporaryBeside(Path target) throws IOException {
        return temporaryIn(target.toAbsolutePath().getParent(), "." + target.getFileName());
    }

    private static Path temporaryIn(Path dir, String prefix) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve(prefix + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
                    + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) {
                    throw e;
                }
            }
        }
    }

    /** Makes a new name in {@code dir} durable (best effort: not every platform can open a directory). */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // the data is on the disk; only the name's durability is left to the OS
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // best effort: a stray hidden .tmp file is harmless
            }
        }
    }
}
