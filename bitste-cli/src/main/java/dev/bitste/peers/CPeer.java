package dev.bitste.peers;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.bitste.bits.BitMatrix;
import dev.bitste.bits.BitVector;
import dev.bitste.util.Checks;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The native C peer ({@code peer_c}): downcalls into the library {@link CPeerBuild} compiled on this
 * machine from {@code bitste_peer.c}. The handles are static finals, so C2 inlines each downcall stub
 * into the benchmark. The calls are {@link Linker.Option#critical critical}: a short leaf function needs
 * no Java-to-native thread-state transition, so the peer pays about what a C caller would (an empty
 * critical downcall costs ~2.8 ns on Zen 5, a plain one ~7.6 ns). First use of this class compiles the
 * library if the cache has none; without a C compiler it fails with the reason ({@code bitste bench}
 * leaves the {@code peer_c} benchmarks out then). The dot benchmark passes {@link #unscoped} views of the
 * rows, so its downcall pays no session acquire (~0.6 ns of a ~4.3 ns call at 1024 bits).
 */
public final class CPeer {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBRARY = load();
    private static final Linker.Option NATIVE_ONLY = Linker.Option.critical(false);
    /** The products write into a heap {@code int[]}. */
    private static final Linker.Option HEAP_TOO = Linker.Option.critical(true);

    private static final MethodHandle XOR_POPCOUNT = handle("bitste_xor_popcount",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG), NATIVE_ONLY);
    private static final MethodHandle GEMV = handle("bitste_gemv", FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG,
            JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS), HEAP_TOO);
    private static final MethodHandle GEMM = handle("bitste_gemm", FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG,
            JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_INT, ADDRESS), HEAP_TOO);
    private static final MethodHandle PACK_W = handle("bitste_gemm_pack_w",
            FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, ADDRESS));
    private static final MethodHandle PACKED_WORDS = handle("bitste_gemm_packed_words",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG));
    private static final MethodHandle ISA = handle("bitste_peer_isa", FunctionDescriptor.of(ADDRESS));

    private CPeer() {
    }

    private static SymbolLookup load() {
        CPeerBuild.Status s = CPeerBuild.build();
        if (!s.available()) {
            throw new IllegalStateException("no native C peer: " + s.info().skipped());
        }
        return SymbolLookup.libraryLookup(s.library().orElseThrow(), Arena.global());
    }

    private static MethodHandle handle(String name, FunctionDescriptor fd, Linker.Option... options) {
        MemorySegment f = LIBRARY.find(name)
                .orElseThrow(() -> new IllegalStateException("the C peer library has no symbol " + name));
        return LINKER.downcallHandle(f, fd, options);
    }

    /** The code path the library was compiled with ({@code avx512-vpopcntdq} or {@code portable}). */
    public static String isa() {
        try {
            return ((MemorySegment) ISA.invokeExact()).reinterpret(64).getString(0);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** popcount(a XOR b) over {@code words} words (a multiple of 8: whole 512-bit blocks) of both rows. */
    public static long xorPopCount(MemorySegment a, MemorySegment b, long words) {
        if (words % 8 != 0 || words < 0 || a.byteSize() < words * Long.BYTES || b.byteSize() < words * Long.BYTES) {
            throw new IllegalArgumentException("words must be a multiple of 8 within both rows, got " + words
                    + " for rows of " + a.byteSize() + " and " + b.byteSize() + " bytes");
        }
        try {
            return (long) XOR_POPCOUNT.invokeExact(a, b, words);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /**
     * The same memory as a segment of the global scope, for the C calls of a benchmark: a downcall
     * acquires and releases the session of each segment argument, which for the shared automatic arena
     * of {@code PackedBits} is two atomic updates, ~0.6 ns per call that a C caller does not pay
     * (measured). The caller keeps the owner of {@code storage} reachable while it uses the view.
     */
    public static MemorySegment unscoped(MemorySegment storage) {
        return MemorySegment.ofAddress(storage.address()).reinterpret(storage.byteSize());
    }

    /** ±1 dot product of two vectors, as {@code BitKernelSupport.dot}. */
    public static int dot(BitVector a, BitVector b) {
        sameCols("b", a.cols(), b.cols());
        return a.cols() - 2 * (int) xorPopCount(a.segment(), b.segment(), a.strideWords());
    }

    /** The dot of {@code n}-bit vectors given as {@link #unscoped} rows of {@code words} words. */
    public static int dot(int n, MemorySegment a, MemorySegment b, long words) {
        return n - 2 * (int) xorPopCount(a, b, words);
    }

    /** {@code out[r] = dot(w.row(r), x)}, as {@code BitKernelSupport.gemv}. */
    public static void gemv(BitMatrix w, BitVector x, int[] out) {
        sameCols("x", w.cols(), x.cols());
        Checks.range("out", out.length, 0, w.rows());
        try {
            GEMV.invokeExact(w.segment(), (long) w.strideWords(), w.rows(), x.segment(), (long) w.strideWords(),
                    w.cols(), MemorySegment.ofArray(out));
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** W interleaved for {@link #gemm}: the C peer's own copy, made once per matrix like the Java kernel's. */
    public record PackedW(MemorySegment words, int rows, int cols) {
    }

    /** Interleaves {@code w} for {@link #gemm}. */
    public static PackedW packForGemm(BitMatrix w) {
        try {
            long words = (long) PACKED_WORDS.invokeExact(w.rows(), (long) w.wordsPerRow());
            MemorySegment packed = Arena.ofAuto().allocate(words * Long.BYTES, 64);
            PACK_W.invokeExact(w.segment(), (long) w.strideWords(), w.rows(), (long) w.wordsPerRow(), packed);
            return new PackedW(packed, w.rows(), w.cols());
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** {@code out[i * k + j] = dot(x.row(i), w.row(j))}, w given by {@link #packForGemm}; x is read in place. */
    public static void gemm(BitMatrix x, PackedW w, int[] out) {
        sameCols("w", x.cols(), w.cols());
        Checks.range("out", out.length, 0, Math.multiplyExact(x.rows(), w.rows()));
        try {
            GEMM.invokeExact(x.segment(), (long) x.strideWords(), x.rows(), w.words(), w.rows(),
                    (long) x.wordsPerRow(), x.cols(), MemorySegment.ofArray(out));
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    private static void sameCols(String name, int expected, int actual) {
        if (expected != actual) {
            throw new IllegalArgumentException(name + " has " + actual + " columns, expected " + expected);
        }
    }
}
