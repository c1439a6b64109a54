package dev.bitste.util;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Renames a file or directory without ever replacing what is at the new name. {@code rename(2)} replaces an existing
 * file, or an empty directory, at its target, and Java's {@code Files.move} only checks beforehand, so something
 * created at the target between the check and the move would be lost. Here the kernel does the check and the move
 * in one step: {@code renameat2(..., RENAME_NOREPLACE)} on Linux, {@code renamex_np(..., RENAME_EXCL)} on macOS,
 * both called through the FFM API; on Windows {@code Files.move} without {@code REPLACE_EXISTING} already fails on
 * an existing target. Where none of these is available (another OS, a file system without the flag, native access
 * denied) it falls back to {@code Files.move}, whose check leaves the small window described above.
 */
public final class NoReplaceRename {
    private static final int AT_FDCWD = -100;
    private static final int RENAME_NOREPLACE = 1;
    private static final int RENAME_EXCL = 4;
    private static final int EEXIST = 17;
    private static final int ENOTEMPTY_LINUX = 39;
    private static final int ENOTEMPTY_MAC = 66;
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Optional<Native> NATIVE = lookup();

    private NoReplaceRename() {
    }

    /** The native call and how to pass its arguments. */
    private record Native(MethodHandle handle, boolean linux) {
    }

    /**
     * Renames {@code from} to {@code to}.
     *
     * @throws FileAlreadyExistsException if {@code to} exists (it is left as it is)
     * @throws IOException if the rename fails otherwise
     */
    public static void rename(Path from, Path to) throws IOException {
        if (NATIVE.isPresent()) {
            int errno = call(NATIVE.get(), from, to);
            if (errno == 0) {
                return;
            }
            if (errno == EEXIST || errno == ENOTEMPTY_LINUX || errno == ENOTEMPTY_MAC) {
                throw new FileAlreadyExistsException(to.toString(), null, "refusing to replace it");
            }
            if (!Files.exists(from, LinkOption.NOFOLLOW_LINKS)) {
                throw new java.nio.file.NoSuchFileException(from.toString());
            }
            // EINVAL / ENOSYS: the file system or kernel does not know the flag; fall back below
        }
        if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(to.toString(), null, "refusing to replace it");
        }
        Files.move(from, to); // never with REPLACE_EXISTING
    }

    /** The errno of the call (0 on success), or -1 when it could not be made. */
    private static int call(Native n, Path from, Path to) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            MemorySegment src = arena.allocateFrom(from.toAbsolutePath().toString());
            MemorySegment dst = arena.allocateFrom(to.toAbsolutePath().toString());
            int rc = n.linux()
                    ? (int) n.handle().invokeExact(state, AT_FDCWD, src, AT_FDCWD, dst, RENAME_NOREPLACE)
                    : (int) n.handle().invokeExact(state, src, dst, RENAME_EXCL);
            return rc == 0 ? 0 : (int) ERRNO.get(state, 0L);
        } catch (Throwable e) {
            return -1;
        }
    }

    private static Optional<Native> lookup() {
        try {
            Linker linker = Linker.nativeLinker();
            Linker.Option errno = Linker.Option.captureCallState("errno");
            Optional<MemorySegment> linux = linker.defaultLookup().find("renameat2");
            if (linux.isPresent()) {
                return Optional.of(new Native(linker.downcallHandle(linux.get(), FunctionDescriptor.of(
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                        ValueLayout.ADDRESS, ValueLayout.JAVA_INT), errno), true));
            }
            Optional<MemorySegment> mac = linker.defaultLookup().find("renamex_np");
            if (mac.isPresent()) {
                return Optional.of(new Native(linker.downcallHandle(mac.get(), FunctionDescriptor.of(
                        ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), errno),
                        false));
            }
        } catch (RuntimeException e) {
            // IllegalCallerException (native access denied), UnsupportedOperationException (no linker)
        }
        return Optional.empty();
    }

    /** True when renames are made by the kernel's no-replace call (for the tests). */
    static boolean isNative() {
        return NATIVE.isPresent();
    }
}
