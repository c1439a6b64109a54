package dev.bitste.cli;

import dev.bitste.util.IoErrors;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import picocli.CommandLine;

/**
 * The one place where a failure becomes what the user sees. Expected failures (bad arguments, unreadable or
 * corrupt files, sizes too large for an int or for the heap, a bad {@code -Dbitste...} property, training that
 * diverged) print one line, {@code bitste: <what went wrong>}, and exit with {@link #BAD_INPUT}; anything else
 * is a bug: its stack trace and exit code 1.
 */
final class Failures {
    /** Exit code of an expected failure: the input (arguments, files, environment) cannot be used. */
    static final int BAD_INPUT = 2;
    /** Exit code of an unexpected failure (a bug) and of a failed measurement. */
    static final int FAILED = 1;

    private Failures() {
    }

    /** Prints {@code e} as described above and returns the exit code. */
    static int report(Throwable e, PrintWriter err) {
        String line = describe(e);
        if (line == null) {
            err.println("bitste: internal error (please report it with this trace):");
            e.printStackTrace(err);
            err.flush();
            return FAILED;
        }
        err.println("bitste: " + line);
        err.flush();
        return BAD_INPUT;
    }

    /** The one-line description of an expected failure, or null for an unexpected one. */
    static String describe(Throwable e) {
        return switch (e) {
            case IllegalArgumentException bad -> bad.getMessage() != null ? bad.getMessage() : bad.toString();
            case ArithmeticException overflow when overflow.getMessage() != null
                    && overflow.getMessage().contains("overflow") ->
                    "a size computed from the arguments does not fit an int (" + overflow.getMessage()
                            + "); ask for less";
            case ArithmeticException arithmetic -> arithmetic.getMessage(); // e.g. training that diverged
            case UncheckedIOException io -> io.getMessage() == null || io.getMessage().equals(io.getCause().toString())
                    ? IoErrors.describe(io.getCause()) : io.getMessage();
            case IOException io -> IoErrors.describe(io);
            case OutOfMemoryError oom -> outOfMemory(oom);
            // the kernels' set-up: a bad -Dbitste... property, or -Dbitste.kernels=vector without the module
            case ExceptionInInitializerError init when init.getCause() instanceof IllegalStateException setup ->
                    setup.getMessage();
            case ExceptionInInitializerError init when init.getCause() != null -> describe(init.getCause());
            case CommandLine.ExecutionException wrapped when wrapped.getCause() != null -> describe(wrapped.getCause());
            default -> null;
        };
    }

    private static String outOfMemory(OutOfMemoryError oom) {
        return "out of memory (" + oom.getMessage() + "): the JVM's heap holds at most "
                + gib(Runtime.getRuntime().maxMemory()) + "; ask for less, or give the JVM more with"
                + " BITSTE_JAVA_OPTS=-Xmx<size>";
    }

    /** Bytes as GiB with one decimal, e.g. {@code 6.0 GiB}. */
    static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }

    /**
     * Checks, before allocating, that {@code bytes} can fit in the heap: an expected failure naming what asks for
     * them ({@code what}, e.g. {@code --arch 784-2000000-10}), the size and the heap, rather than an
     * OutOfMemoryError later.
     */
    static void requireHeap(String what, long bytes) {
        long max = Runtime.getRuntime().maxMemory();
        if (bytes > max) {
            throw new IllegalArgumentException(what + " needs about " + gib(bytes) + " of memory, the JVM's heap holds"
                    + " at most " + gib(max) + "; ask for less, or give the JVM more with BITSTE_JAVA_OPTS=-Xmx<size>");
        }
    }
}
