package dev.bitste.peers;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * OpenBLAS, the float32 peer: what a user who multiplies float matrices on the JVM (or in NumPy) would call.
 * The library comes from JavaCPP's {@code org.bytedeco:openblas} (natives for Linux x86-64 and ARM64 are
 * shipped); the BLAS calls go through the FFM API as critical downcalls, so they take heap arrays and native
 * memory alike without a copy. Row-major, single precision; every call checks its sizes against the memory it
 * is given, so a wrong size is an {@link IllegalArgumentException}, never a read past the end.
 *
 * <p><b>Which kernels run.</b> OpenBLAS is built with DYNAMIC_ARCH and picks its kernels from the CPU when it is
 * loaded, unless the environment variable {@code OPENBLAS_CORETYPE} names a core. Some machines set it (to
 * Haswell: on Zen 5 that halves sgemm's speed) and JMH forks inherit the parent's environment. So before
 * loading, this class clears the variable in its own process through libc's {@code unsetenv} (OpenBLAS reads it
 * with {@code getenv} when loaded), or sets it to the core named by {@code -Dbitste.openblas.core=NAME}.
 * {@link #info()} says which core ran and what was done to the variable.
 *
 * <p><b>Threads.</b> Pinned to one thread when loaded, for per-core ratios against single-threaded kernels;
 * {@link #threads(int)} changes it for the whole process.
 *
 * <p>Without the natives for this platform nothing throws at load: {@link #info()} says why OpenBLAS is not
 * available and the calls throw {@link IllegalStateException} with that reason.
 */
public final class OpenBlas {
    /** The system property naming the OpenBLAS core to force; unset or {@code auto}: OpenBLAS picks. */
    public static final String CORE_PROPERTY = "bitste.openblas.core";
    /** The environment variable OpenBLAS reads its core from. */
    public static final String CORE_ENV = "OPENBLAS_CORETYPE";

    /**
     * What was loaded, for {@code machine.json} and the console: the version, the kernels in use ({@code core},
     * e.g. {@code Zen} or {@code Haswell}), {@code openblas_get_config()}, what was done to
     * {@code OPENBLAS_CORETYPE}, the thread count; or why there is no OpenBLAS ({@code skipped}).
     */
    public record Info(String version, String core, String config, String environment, int threads,
            String skipped) {
        public boolean available() {
            return skipped == null;
        }

        /** One line, e.g. {@code OpenBLAS 0.3.31, core Zen (OPENBLAS_CORETYPE=Haswell cleared), 1 thread}. */
        public String describe() {
            return available() ? "OpenBLAS " + version + ", core " + core + " (" + environment + "), " + threads
                    + (threads == 1 ? " thread" : " threads") : "skipped: " + skipped;
        }
    }

    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;
    private static final Linker LINKER = Linker.nativeLinker();
    /** Critical: no thread-state transition, heap arrays passed in place (the calls neither block nor call back). */
    private static final Linker.Option CRITICAL = Linker.Option.critical(true);

    private static final Info LOADED = load();
    private static final MethodHandle SDOT = handle("cblas_sdot",
            FunctionDescriptor.of(JAVA_FLOAT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SGEMV = handle("cblas_sgemv", FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT,
            JAVA_INT, JAVA_INT, JAVA_FLOAT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_FLOAT, ADDRESS, JAVA_INT));
    private static final MethodHandle SGEMM = handle("cblas_sgemm", FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT,
            JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_FLOAT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_FLOAT,
            ADDRESS, JAVA_INT));
    private static final MethodHandle SET_THREADS = handle("openblas_set_num_threads",
            FunctionDescriptor.ofVoid(JAVA_INT));
    private static final MethodHandle GET_THREADS = handle("openblas_get_num_threads", FunctionDescriptor.of(JAVA_INT));
    private static final Info INFO = pinToOneThread();

    private OpenBlas() {
    }

    /** What was loaded, or why nothing was (never throws). */
    public static Info info() {
        return INFO;
    }

    public static boolean available() {
        return INFO.available();
    }

    /** Sets the number of OpenBLAS threads for the whole process. */
    public static void threads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        try {
            loaded(SET_THREADS).invokeExact(threads);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** The number of threads OpenBLAS uses. */
    public static int threads() {
        try {
            return (int) loaded(GET_THREADS).invokeExact();
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** {@code x . y} over {@code n} floats. */
    public static float sdot(int n, MemorySegment x, MemorySegment y) {
        need("x", x, n);
        need("y", y, n);
        try {
            return (float) loaded(SDOT).invokeExact(n, x, 1, y, 1);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public static float sdot(int n, float[] x, float[] y) {
        return sdot(n, MemorySegment.ofArray(x), MemorySegment.ofArray(y));
    }

    /**
     * {@code y = alpha op(A) x + beta y}, A an {@code m x n} row-major matrix with row stride {@code lda};
     * {@code op(A)} is A, or its transpose when {@code transA} (then x has m entries and y n).
     */
    public static void sgemv(boolean transA, int m, int n, float alpha, MemorySegment a, int lda, MemorySegment x,
            float beta, MemorySegment y) {
        matrix("a", a, m, n, lda);
        need("x", x, transA ? m : n);
        need("y", y, transA ? n : m);
        try {
            loaded(SGEMV).invokeExact(ROW_MAJOR, transA ? TRANS : NO_TRANS, m, n, alpha, a, lda, x, 1, beta, y, 1);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public static void sgemv(boolean transA, int m, int n, float alpha, float[] a, int lda, float[] x, float beta,
            float[] y) {
        sgemv(transA, m, n, alpha, MemorySegment.ofArray(a), lda, MemorySegment.ofArray(x), beta,
                MemorySegment.ofArray(y));
    }

    /**
     * {@code C = alpha op(A) op(B) + beta C}, row-major: C is {@code m x n} (row stride {@code ldc}), op(A)
     * {@code m x k}, op(B) {@code k x n}; A is stored {@code m x k} (or {@code k x m} when {@code transA}) with
     * row stride {@code lda}, B {@code k x n} (or {@code n x k} when {@code transB}) with row stride {@code ldb}.
     * {@code X W^T} for X (m x k) and W (n x k) is {@code sgemm(false, true, m, n, k, 1, x, k, w, k, 0, c, n)}.
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, MemorySegment a,
            int lda, MemorySegment b, int ldb, float beta, MemorySegment c, int ldc) {
        matrix("a", a, transA ? k : m, transA ? m : k, lda);
        matrix("b", b, transB ? n : k, transB ? k : n, ldb);
        matrix("c", c, m, n, ldc);
        try {
            loaded(SGEMM).invokeExact(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k,
                    alpha, a, lda, b, ldb, beta, c, ldc);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int lda,
            float[] b, int ldb, float beta, float[] c, int ldc) {
        sgemm(transA, transB, m, n, k, alpha, MemorySegment.ofArray(a), lda, MemorySegment.ofArray(b), ldb, beta,
                MemorySegment.ofArray(c), ldc);
    }

    /** Checks that {@code s} holds {@code floats} floats. */
    private static void need(String name, MemorySegment s, int floats) {
        if (floats < 0) {
            throw new IllegalArgumentException(name + ": size must be >= 0, got " + floats);
        }
        if (s.byteSize() < (long) floats * Float.BYTES) {
            throw new IllegalArgumentException(name + " holds " + s.byteSize() / Float.BYTES + " floats, needs "
                    + floats);
        }
    }

    /** Checks a row-major {@code rows x cols} matrix with row stride {@code ld} in {@code s}. */
    private static void matrix(String name, MemorySegment s, int rows, int cols, int ld) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException(name + ": dimensions must be >= 0, got " + rows + " x " + cols);
        }
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException("ld" + name + " must be at least max(1, " + cols + "), got " + ld);
        }
        long floats = rows == 0 ? 0 : (long) (rows - 1) * ld + cols;
        if (s.byteSize() < floats * Float.BYTES) {
            throw new IllegalArgumentException(name + " holds " + s.byteSize() / Float.BYTES + " floats, a " + rows
                    + " x " + cols + " matrix with row stride " + ld + " needs " + floats);
        }
    }

    private static MethodHandle loaded(MethodHandle h) {
        if (h == null) {
            throw new IllegalStateException("OpenBLAS is not available: " + LOADED.skipped());
        }
        return h;
    }

    private static Info load() {
        String requested = System.getProperty(CORE_PROPERTY, "auto");
        String inherited = System.getenv(CORE_ENV);
        String environment;
        try {
            if (requested.equals("auto")) {
                environment = inherited == null ? CORE_ENV + " not set" : CORE_ENV + "=" + inherited + " cleared";
                libc("unsetenv", FunctionDescriptor.of(JAVA_INT, ADDRESS), CORE_ENV, null);
            } else {
                environment = "forced by -D" + CORE_PROPERTY + "=" + requested;
                libc("setenv", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT), CORE_ENV, requested);
            }
        } catch (Throwable e) {
            return new Info(null, null, null, null, 0, "cannot set " + CORE_ENV + " before loading: " + e);
        }
        try {
            Loader.load(openblas_nolapack.class);
            String config = string("openblas_get_config");
            String[] words = config.split(" ");
            String version = words.length > 1 && words[0].equals("OpenBLAS") ? words[1] : config;
            return new Info(version, string("openblas_get_corename"), config, environment, 0, null);
        } catch (Throwable e) { // no natives for this platform, or they do not load
            return new Info(null, null, null, environment, 0, "OpenBLAS does not load on "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                    + " (bitste ships its natives for Linux x86-64 and ARM64): " + e);
        }
    }

    private static Info pinToOneThread() {
        if (!LOADED.available()) {
            return LOADED;
        }
        threads(1);
        return new Info(LOADED.version(), LOADED.core(), LOADED.config(), LOADED.environment(), threads(), null);
    }

    /** Calls libc's {@code unsetenv(name)} or {@code setenv(name, value, 1)}; throws on a non-zero result. */
    private static void libc(String function, FunctionDescriptor fd, String name, String value) throws Throwable {
        MethodHandle f = LINKER.downcallHandle(LINKER.defaultLookup().find(function).orElseThrow(), fd);
        try (Arena arena = Arena.ofConfined()) {
            int rc = value == null ? (int) f.invokeExact(arena.allocateFrom(name))
                    : (int) f.invokeExact(arena.allocateFrom(name), arena.allocateFrom(value), 1);
            if (rc != 0) {
                throw new IllegalStateException(function + "(" + name + ") returned " + rc);
            }
        }
    }

    /** A function of the loaded OpenBLAS, or null when OpenBLAS did not load. */
    private static MethodHandle handle(String name, FunctionDescriptor fd) {
        if (!LOADED.available()) {
            return null;
        }
        return LINKER.downcallHandle(address(name), fd, CRITICAL);
    }

    private static MemorySegment address(String name) {
        long address = Loader.addressof(name).address();
        if (address == 0) {
            throw new IllegalStateException("OpenBLAS has no " + name);
        }
        return MemorySegment.ofAddress(address);
    }

    /** Calls a {@code const char *f(void)} of the loaded OpenBLAS. */
    private static String string(String function) throws Throwable {
        MethodHandle f = LINKER.downcallHandle(address(function), FunctionDescriptor.of(ADDRESS));
        return ((MemorySegment) f.invokeExact()).reinterpret(1024).getString(0).trim();
    }
}
