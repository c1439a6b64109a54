package dev.bitste.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files so that a reader never sees half of one: the bytes go to a temporary file beside the
 * target, which is then moved into place atomically. Nothing already written is overwritten.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes {@code bytes} to {@code target}; fails if {@code target} already exists. */
    public static Path writeNew(Path target, byte[] bytes) {
        if (Files.exists(target)) {
            throw new UncheckedIOException(new FileAlreadyExistsException(target.toString(), null,
                    "refusing to overwrite an existing result"));
        }
        return write(target, bytes);
    }

    /** Text as UTF-8; fails if {@code target} already exists. */
    public static Path writeNew(Path target, String text) {
        return writeNew(target, text.getBytes(StandardCharsets.UTF_8));
    }

    private static Path write(Path target, byte[] bytes) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            Files.write(tmp, bytes);
            // no REPLACE_EXISTING: a file that appeared meanwhile is not clobbered
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: a stray .tmp file is harmless
                }
            }
        }
    }
}
