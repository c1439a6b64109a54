package dev.bitste.bench;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * OpenBLAS (the float32 peer) through JavaCPP's {@code org.bytedeco:openblas}, loaded once per JVM with the
 * CPU kernels chosen on purpose.
 *
 * <p>OpenBLAS is built with DYNAMIC_ARCH: when the library is loaded it picks its kernels from the CPU, unless
 * the environment variable {@code OPENBLAS_CORETYPE} names a core. Some machines set it (to Haswell: on Zen 5
 * that halves sgemm's speed), and JMH forks inherit the parent's environment. So before loading, this class
 * sets or clears the variable in its own process through libc ({@code setenv}/{@code unsetenv}; OpenBLAS reads
 * it with {@code getenv} in its constructor): {@code -Dbitste.openblas.core=NAME} forces a core, anything else
 * (the default {@code auto}) clears it. Nothing else in the JVM reads the variable, so no launcher or wrapper is
 * needed and every fork gets the same kernels however it was started.
 *
 * <p>{@code openblas_get_config} and {@code openblas_get_corename} are not in JavaCPP's mapping; they are called
 * through the FFM API at the addresses JavaCPP's loader resolves.
 */
public final class OpenBlas {
    /** The system property naming the OpenBLAS core to force; unset or {@code auto}: OpenBLAS picks. */
    public static final String CORE_PROPERTY = "bitste.openblas.core";
    public static final String CORE_ENV = "OPENBLAS_CORETYPE";

    private static final String REQUESTED = System.getProperty(CORE_PROPERTY, "auto");
    private static final String INHERITED = System.getenv(CORE_ENV);
    private static final String CONFIG;
    private static final String CORE;

    static {
        setCoreEnvironment(REQUESTED.equals("auto") ? null : REQUESTED);
        Loader.load(openblas_nolapack.class);
        CONFIG = string("openblas_get_config");
        CORE = string("openblas_get_corename");
    }

    private OpenBlas() {
    }

    /** Loads OpenBLAS (if not yet) and pins it to {@code threads} threads (global to the process). */
    public static void threads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        openblas_nolapack.blas_set_num_threads(threads);
    }

    public static int threads() {
        return openblas_nolapack.blas_get_num_threads();
    }

    /** {@code openblas_get_config()}, e.g. {@code OpenBLAS 0.3.31 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=128}. */
    public static String config() {
        return CONFIG;
    }

    /** {@code openblas_get_corename()}: the kernels in use, e.g. {@code Zen} or {@code Haswell}. */
    public static String core() {
        return CORE;
    }

    /** The library version (from the config string). */
    public static String version() {
        String[] words = CONFIG.split(" ");
        return words.length > 1 && words[0].equals("OpenBLAS") ? words[1] : CONFIG;
    }

    /** What a run records: {@code OpenBLAS 0.3.31, core Zen (OPENBLAS_CORETYPE=Haswell cleared), 1 thread}. */
    public static String describe() {
        String env = REQUESTED.equals("auto")
                ? (INHERITED == null ? "" : " (" + CORE_ENV + "=" + INHERITED + " cleared)")
                : " (forced by -D" + CORE_PROPERTY + "=" + REQUESTED + ")";
        int t = threads();
        return "OpenBLAS " + version() + ", core " + CORE + env + ", " + t + (t == 1 ? " thread" : " threads");
    }

    /** Sets (or with null clears) OPENBLAS_CORETYPE in this process's C environment. */
    private static void setCoreEnvironment(String core) {
        Linker linker = Linker.nativeLinker();
        try {
            if (core == null) {
                MethodHandle unsetenv = linker.downcallHandle(linker.defaultLookup().find("unsetenv").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
                try (var arena = java.lang.foreign.Arena.ofConfined()) {
                    int rc = (int) unsetenv.invokeExact(arena.allocateFrom(CORE_ENV));
                    check(rc, "unsetenv");
                }
            } else {
                MethodHandle setenv = linker.downcallHandle(linker.defaultLookup().find("setenv").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                                ValueLayout.JAVA_INT));
                try (var arena = java.lang.foreign.Arena.ofConfined()) {
                    int rc = (int) setenv.invokeExact(arena.allocateFrom(CORE_ENV), arena.allocateFrom(core), 1);
                    check(rc, "setenv");
                }
            }
        } catch (Throwable e) {
            throw new IllegalStateException("cannot set " + CORE_ENV + " before loading OpenBLAS: " + e, e);
        }
    }

    private static void check(int rc, String call) {
        if (rc != 0) {
            throw new IllegalStateException(call + "(" + CORE_ENV + ") failed with " + rc);
        }
    }

    /** Calls a {@code const char *f(void)} of the loaded OpenBLAS. */
    private static String string(String function) {
        long address = Loader.addressof(function).address();
        if (address == 0) {
            throw new IllegalStateException("OpenBLAS has no " + function);
        }
        MethodHandle f = Linker.nativeLinker().downcallHandle(MemorySegment.ofAddress(address),
                FunctionDescriptor.of(ValueLayout.ADDRESS));
        try {
            MemorySegment s = (MemorySegment) f.invokeExact();
            return s.reinterpret(1024).getString(0).trim();
        } catch (Throwable e) {
            throw new IllegalStateException("calling " + function + ": " + e, e);
        }
    }
}
