package dev.bitste.util;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** One-line descriptions of I/O failures (NIO's exceptions often carry only a path as their message). */
public final class IoErrors {
    private IoErrors() {
    }

    /** What went wrong and with which file, e.g. {@code permission denied: /data/out}. */
    public static String describe(IOException e) {
        if (!(e instanceof FileSystemException fs)) {
            return String.valueOf(e.getMessage());
        }
        String why = switch (fs) {
            case AccessDeniedException a -> "permission denied";
            case NoSuchFileException n -> "no such file or directory";
            case NotDirectoryException n -> "not a directory";
            case FileAlreadyExistsException x -> "already exists";
            case DirectoryNotEmptyException d -> "directory not empty";
            default -> fs.getReason() != null ? fs.getReason() : fs.getClass().getSimpleName();
        };
        if (fs.getReason() != null && !why.equals(fs.getReason())) {
            why += " (" + fs.getReason() + ")";
        }
        if (fs.getFile() == null) {
            return why;
        }
        return why + ": " + fs.getFile() + (fs.getOtherFile() == null ? "" : " -> " + fs.getOtherFile());
    }
}
