package dev.bitste.kernels;

import dev.bitste.bits.BitMatrix;
import dev.bitste.bits.BitVector;
import dev.bitste.bits.PackedBits;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The packed-bit kernels on the Vector API. Loaded by reflection as one copy per width (see
 * {@link WidthSpecialization}), so the species below are constants in every method of a copy: C2 then
 * intrinsifies every vector operation however the methods are compiled or inlined.
 *
 * <p>Where the time goes (JDK 25, Zen 4, measured): {@code dot} is bound by L1 loads and runs at the
 * speed of C with AVX-512 intrinsics on 64-byte-aligned rows; {@code gemm} is bound by the vector ALU
 * (xor, popcount, add per word pair) and uses a 4 x (2 x lanes) register tile over heap copies (see
 * {@link GemmLayout}), with no horizontal reductions; the threshold kernels pack one compare mask per
 * vector and check NaN once per call.
 */
final class VectorBitKernels implements BitKernelSupport, PopCountGemm {
    private static final int BITS = WidthSpecialization.bits(MethodHandles.lookup());
    private static final VectorShape SHAPE = VectorShape.forBitSize(BITS);
    private static final VectorSpecies<Long> LONGS = VectorSpecies.of(long.class, SHAPE);
    private static final VectorSpecies<Float> FLOATS = VectorSpecies.of(float.class, SHAPE);
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, SHAPE);
    /** Ints with as many lanes as LONGS: popcounts of L outputs, narrowed. */
    private static final VectorSpecies<Integer> HALF_INTS = VectorSpecies.of(int.class, VectorShape.forBitSize(BITS / 2));
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG;
    /** Lanes of a long vector: rows of w per interleaved group. */
    private static final int L = LONGS.length();
    /** A GEMM tile is TILE_ROWS rows of x by TILE_COLS rows of w. */
    private static final int TILE_ROWS = 4;
    private static final int TILE_COLS = 2 * L;
    /** Key of the interleaved copy of W kept on the matrix (depends only on the lane count). */
    private static final String INTERLEAVED = "interleaved-rows/" + L;
    /** Words of n per pass, so a tile's 2 x L rows of w (16 KB) stay in L1 while x streams past. */
    private static final int CHUNK_WORDS = 16384 / (TILE_COLS * Long.BYTES);
    /** Rows from this many words (two 8 KB rows) take the two-accumulator dot loop (crossover measured on Zen 5). */
    static final int TWO_STREAM_WORDS = 1024;

    @Override
    public String name() {
        return "vector-" + BITS;
    }

    @Override
    public int dot(BitVector a, BitVector b) {
        return a.cols() - 2 * (int) xorPopCount(a.segment(), 0, b.segment(), 0, a.strideWords());
    }

    @Override
    public void gemv(BitMatrix w, BitVector x, int[] out) {
        rowDots(w, x.segment(), 0, out, 0);
    }

    @Override
    public void gemm(BitMatrix x, BitMatrix w, int[] out) {
        int m = x.rows();
        int k = w.rows();
        if (!tiled(m, k, x.wordsPerRow())) {
            for (int i = 0; i < m; i++) {
                rowDots(w, x.segment(), x.rowOffset(i), out, i * k);
            }
            return;
        }
        int kPad = GemmLayout.roundUp(k, TILE_COLS);
        if (kPad == k && m % TILE_ROWS == 0) {
            tiledPopCounts(x, w, kPad, out);
            dotsFromPopCounts(out, 0, out, 0, m * k, x.cols());
        } else {
            int[] pops = tiledPopCounts(x, w, kPad, null);
            for (int i = 0; i < m; i++) {
                dotsFromPopCounts(pops, i * kPad, out, i * k, k, x.cols());
            }
        }
    }

    @Override
    public void gemmThreshold(BitMatrix x, BitMatrix w, int[] t, MemorySegment out) {
        int m = x.rows();
        int k = w.rows();
        long stride = (long) PackedBits.strideWords(k) * Long.BYTES;
        if (!tiled(m, k, x.wordsPerRow())) {
            int[] row = new int[k];
            for (int i = 0; i < m; i++) {
                rowDots(w, x.segment(), x.rowOffset(i), row, 0);
                ScalarBitKernels.packAtLeast(row, t, k, out, i * stride);
            }
            return;
        }
        int kPad = GemmLayout.roundUp(k, TILE_COLS);
        int[] limit = new int[k];
        for (int j = 0; j < k; j++) {
            limit[j] = GemmLayout.popLimit(x.cols(), t[j]);
        }
        int[] pops = tiledPopCounts(x, w, kPad, null);
        for (int i = 0; i < m; i++) {
            packAtMost(pops, i * kPad, limit, k, out, i * stride);
        }
    }

    @Override
    public void threshold(int[] src, int off, int n, int t, MemorySegment dst, long dstOffset) {
        int full = n / 64;
        for (int w = 0; w < full; w++) {
            dst.set(WORD, dstOffset + (long) w * Long.BYTES, atLeast(src, off + w * 64, t));
        }
        if (full * 64 < n) {
            long word = 0;
            for (int b = 0; full * 64 + b < n; b++) {
                word |= (src[off + full * 64 + b] >= t ? 1L : 0L) << b;
            }
            dst.set(WORD, dstOffset + (long) full * Long.BYTES, word);
        }
    }

    @Override
    public int threshold(float[] src, int off, int n, float t, MemorySegment dst, long dstOffset) {
        int full = n / 64;
        if (packFullWords(src, off, full, t, dst, dstOffset)) {
            return firstNaN(src, off, n);
        }
        if (full * 64 < n) {
            long word = 0;
            for (int b = 0; full * 64 + b < n; b++) {
                float v = src[off + full * 64 + b];
                if (Float.isNaN(v)) {
                    return firstNaN(src, off, n);
                }
                word |= (v >= t ? 1L : 0L) << b;
            }
            dst.set(WORD, dstOffset + (long) full * Long.BYTES, word);
        }
        return -1;
    }

    /**
     * Tiles pay off from a full tile of x rows and at least a vector of w rows (else most lanes are padding), and
     * need heap copies that fit in arrays.
     */
    private static boolean tiled(int m, int k, int words) {
        return m >= TILE_ROWS && k >= L
                && GemmLayout.fitsInArrays(m + TILE_ROWS - 1L, k + TILE_COLS - 1L, words); // padded sizes, at most
    }

    // ---- kernels: small, so C2 compiles each one whole ----

    /**
     * popcount(a XOR b) over {@code words} words, a multiple of 8 (rows are padded to 512 bits). Rows
     * below {@link #TWO_STREAM_WORDS} take one accumulator, longer ones two: each shape is the faster one
     * in its range (measured on Zen 5, see those methods).
     */
    static long xorPopCount(MemorySegment a, long aOff, MemorySegment b, long bOff, int words) {
        return words < TWO_STREAM_WORDS ? xorPopCountShort(a, aOff, b, bOff, words * Long.BYTES)
                : xorPopCountLong(a, aOff, b, bOff, words * Long.BYTES);
    }

    /**
     * One accumulator in a plain int-counted loop: C2 unrolls it 4x and drops the segment bounds checks
     * (a long-indexed loop kept a bounds check per load and a safepoint poll per step). Fastest for short
     * rows: 1.10x the long-indexed loop at 1024 bits.
     */
    private static long xorPopCountShort(MemorySegment a, long aOff, MemorySegment b, long bOff, int bytes) {
        LongVector acc = LongVector.zero(LONGS);
        for (int i = 0; i < bytes; i += LONGS.vectorByteSize()) {
            acc = acc.add(xorBitCount(a, aOff + i, b, bOff + i));
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    /**
     * Two accumulators over two vectors per step: 1.4x faster than one accumulator once the rows come from
     * L2 (262144 bits), but ~4 ns more per call, so only for long rows. A row holds an even number of vectors
     * below 512 bits, so at most one vector is left over. Not four accumulators: eight segment loads in one
     * method exceed C2's inlining node budget and the vector operations fall back to Java code (~100x slower).
     */
    private static long xorPopCountLong(MemorySegment a, long aOff, MemorySegment b, long bOff, int bytes) {
        LongVector acc0 = LongVector.zero(LONGS), acc1 = acc0;
        int step = LONGS.vectorByteSize();
        int pairs = bytes - bytes % (2 * step);
        for (int i = 0; i < pairs; i += 2 * step) {
            acc0 = acc0.add(xorBitCount(a, aOff + i, b, bOff + i));
            acc1 = acc1.add(xorBitCount(a, aOff + i + step, b, bOff + i + step));
        }
        if (pairs < bytes) {
            acc0 = acc0.add(xorBitCount(a, aOff + pairs, b, bOff + pairs));
        }
        return acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    }

    /** Lane-wise popcount(a XOR b) of the vectors at the two offsets. */
    private static LongVector xorBitCount(MemorySegment a, long aOff, MemorySegment b, long bOff) {
        return LongVector.fromMemorySegment(LONGS, a, aOff, ORDER)
                .lanewise(VectorOperators.XOR, LongVector.fromMemorySegment(LONGS, b, bOff, ORDER))
                .lanewise(VectorOperators.BIT_COUNT);
    }

    /** {@code out[outOff + r] = dot(w.row(r), x)} for every row of w, x given as a row of its segment. */
    static void rowDots(BitMatrix w, MemorySegment x, long xOff, int[] out, int outOff) {
        MemorySegment ws = w.segment();
        int n = w.cols();
        int k = w.rows();
        int r = 0;
        for (; r + 4 <= k; r += 4) {
            dots4Rows(ws, w.rowOffset(r), w.rowOffset(1), x, xOff, w.strideWords(), n, out, outOff + r);
        }
        for (; r < k; r++) {
            out[outOff + r] = n - 2 * (int) xorPopCount(ws, w.rowOffset(r), x, xOff, w.strideWords());
        }
    }

    /** Four rows of w against x: each x vector is loaded once for four popcounts. */
    static void dots4Rows(MemorySegment ws, long wOff, long stride, MemorySegment x, long xOff, int words, int n,
            int[] out, int o) {
        LongVector a0 = LongVector.zero(LONGS), a1 = a0, a2 = a0, a3 = a0;
        long bytes = (long) words * Long.BYTES;
        for (long i = 0; i < bytes; i += LONGS.vectorByteSize()) {
            LongVector xv = LongVector.fromMemorySegment(LONGS, x, xOff + i, ORDER);
            long p = wOff + i;
            a0 = a0.add(xv.lanewise(VectorOperators.XOR, LongVector.fromMemorySegment(LONGS, ws, p, ORDER))
                    .lanewise(VectorOperators.BIT_COUNT));
            a1 = a1.add(xv.lanewise(VectorOperators.XOR, LongVector.fromMemorySegment(LONGS, ws, p + stride, ORDER))
                    .lanewise(VectorOperators.BIT_COUNT));
            a2 = a2.add(xv.lanewise(VectorOperators.XOR, LongVector.fromMemorySegment(LONGS, ws, p + 2 * stride, ORDER))
                    .lanewise(VectorOperators.BIT_COUNT));
            a3 = a3.add(xv.lanewise(VectorOperators.XOR, LongVector.fromMemorySegment(LONGS, ws, p + 3 * stride, ORDER))
                    .lanewise(VectorOperators.BIT_COUNT));
        }
        out[o] = n - 2 * (int) a0.reduceLanes(VectorOperators.ADD);
        out[o + 1] = n - 2 * (int) a1.reduceLanes(VectorOperators.ADD);
        out[o + 2] = n - 2 * (int) a2.reduceLanes(VectorOperators.ADD);
        out[o + 3] = n - 2 * (int) a3.reduceLanes(VectorOperators.ADD);
    }

    /**
     * popcount(x_i XOR w_j) for all i, j into a {@code mPad x kPad} row-major array (m rounded up to
     * TILE_ROWS), through {@link #gatherPopCounts} over a zero-padded copy of x's rows.
     */
    int[] tiledPopCounts(BitMatrix x, BitMatrix w, int kPad, int[] into) {
        int mPad = GemmLayout.roundUp(x.rows(), TILE_ROWS);
        int[] pops = into != null ? into : new int[mPad * kPad];
        gatherPopCounts(GemmLayout.rows(x, mPad), 0, mPad, x.wordsPerRow(), w, pops, 0, kPad);
        return pops;
    }

    /**
     * The register-blocked GEMM over strided rows of {@code x} (see {@link PopCountGemm}): W interleaved so one vector
     * holds word t of L rows (the lanes of an accumulator are L different outputs, no horizontal reduction), tiles of
     * TILE_ROWS rows of x by TILE_COLS rows of w, the words cut into chunks so a tile's rows of w stay in L1 while x
     * streams past. Rows past the last multiple of TILE_ROWS are copied into a zero-padded block first.
     */
    @Override
    public void gatherPopCounts(long[] x, int xOff, int rows, int rowStride, BitMatrix w, int[] pops, int popsOff,
            int popsStride) {
        int words = w.wordsPerRow();
        int kPad = GemmLayout.roundUp(w.rows(), TILE_COLS);
        long[] ws = w.derived(INTERLEAVED, m -> GemmLayout.interleaved(m, L, kPad));
        int full = rows / TILE_ROWS * TILE_ROWS;
        long[] tail = full == rows ? null : GemmLayout.gather(x, xOff, full, rows, rowStride, words, TILE_ROWS);
        for (int t0 = 0; t0 < words; t0 += CHUNK_WORDS) {
            int t1 = Math.min(words, t0 + CHUNK_WORDS);
            for (int j = 0; j < kPad; j += TILE_COLS) {
                int p = popsOff + j;
                for (int i = 0; i < full; i += TILE_ROWS) {
                    tile(x, xOff + i * rowStride, rowStride, ws, j * words, words, t0, t1, pops, p + i * popsStride,
                            popsStride);
                }
                if (tail != null) {
                    tile(tail, 0, words, ws, j * words, words, t0, t1, pops, p + full * popsStride, popsStride);
                }
            }
        }
    }

    /**
     * Adds popcounts over words [t0, t1) of x rows at {@code xOff + r * xRow}, r = 0..3, against w rows j..j+2L-1
     * (interleaved groups of {@code words}-word rows at {@code wOff} and {@code wOff + words * L}) to their pops; the
     * chunk at t0 = 0 stores instead.
     */
    static void tile(long[] xs, int xOff, int xRow, long[] ws, int wOff, int words, int t0, int t1, int[] pops, int p,
            int stride) {
        LongVector a0 = LongVector.zero(LONGS), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        int w1Off = wOff + words * L;
        for (int t = t0; t < t1; t++) {
            LongVector w0 = LongVector.fromArray(LONGS, ws, wOff + t * L);
            LongVector w1 = LongVector.fromArray(LONGS, ws, w1Off + t * L);
            LongVector x0 = LongVector.broadcast(LONGS, xs[xOff + t]);
            LongVector x1 = LongVector.broadcast(LONGS, xs[xOff + xRow + t]);
            LongVector x2 = LongVector.broadcast(LONGS, xs[xOff + 2 * xRow + t]);
            LongVector x3 = LongVector.broadcast(LONGS, xs[xOff + 3 * xRow + t]);
            a0 = a0.add(x0.lanewise(VectorOperators.XOR, w0).lanewise(VectorOperators.BIT_COUNT));
            a1 = a1.add(x1.lanewise(VectorOperators.XOR, w0).lanewise(VectorOperators.BIT_COUNT));
            a2 = a2.add(x2.lanewise(VectorOperators.XOR, w0).lanewise(VectorOperators.BIT_COUNT));
            a3 = a3.add(x3.lanewise(VectorOperators.XOR, w0).lanewise(VectorOperators.BIT_COUNT));
            b0 = b0.add(x0.lanewise(VectorOperators.XOR, w1).lanewise(VectorOperators.BIT_COUNT));
            b1 = b1.add(x1.lanewise(VectorOperators.XOR, w1).lanewise(VectorOperators.BIT_COUNT));
            b2 = b2.add(x2.lanewise(VectorOperators.XOR, w1).lanewise(VectorOperators.BIT_COUNT));
            b3 = b3.add(x3.lanewise(VectorOperators.XOR, w1).lanewise(VectorOperators.BIT_COUNT));
        }
        boolean first = t0 == 0; // the first chunk stores, so pops need no zeroing
        store(pops, p, a0, first);
        store(pops, p + L, b0, first);
        store(pops, p + stride, a1, first);
        store(pops, p + stride + L, b1, first);
        store(pops, p + 2 * stride, a2, first);
        store(pops, p + 2 * stride + L, b2, first);
        store(pops, p + 3 * stride, a3, first);
        store(pops, p + 3 * stride + L, b3, first);
    }

    private static void store(int[] pops, int p, LongVector counts, boolean first) {
        IntVector v = (IntVector) counts.convertShape(VectorOperators.L2I, HALF_INTS, 0);
        (first ? v : v.add(IntVector.fromArray(HALF_INTS, pops, p))).intoArray(pops, p);
    }

    /** {@code out[o + j] = n - 2 * pops[p + j]} for j < len (in place when the arrays and offsets are the same). */
    @Override
    public void dotsFromPopCounts(int[] pops, int p, int[] out, int o, int len, int n) {
        IntVector nv = IntVector.broadcast(INTS, n);
        int j = 0;
        for (; j <= len - INTS.length(); j += INTS.length()) {
            nv.sub(IntVector.fromArray(INTS, pops, p + j).lanewise(VectorOperators.LSHL, 1)).intoArray(out, o + j);
        }
        for (; j < len; j++) {
            out[o + j] = n - 2 * pops[p + j];
        }
    }

    /** Bits {@code pops[p + j] <= limit[j]} for j < k, packed into words at dst. */
    static void packAtMost(int[] pops, int p, int[] limit, int k, MemorySegment dst, long dstOffset) {
        for (int j0 = 0; j0 < k; j0 += 64) {
            dst.set(WORD, dstOffset + (long) (j0 / 64) * Long.BYTES, atMost(pops, p + j0, limit, j0, Math.min(64, k - j0)));
        }
    }

    @Override
    public void packAtMost(int[] values, int p, int[] limit, int l, int len, long[] dst, int dstOff) {
        for (int j0 = 0; j0 < len; j0 += 64) {
            dst[dstOff + j0 / 64] = atMost(values, p + j0, limit, l + j0, Math.min(64, len - j0));
        }
    }

    /** The word of bits {@code values[p + b] <= limit[l + b]} for b < count (<= 64): one compare per vector. */
    static long atMost(int[] values, int p, int[] limit, int l, int count) {
        long word = 0;
        int b = 0;
        for (; b <= count - INTS.length(); b += INTS.length()) {
            IntVector v = IntVector.fromArray(INTS, values, p + b);
            word |= v.compare(VectorOperators.LE, IntVector.fromArray(INTS, limit, l + b)).toLong() << b;
        }
        for (; b < count; b++) {
            word |= (values[p + b] <= limit[l + b] ? 1L : 0L) << b;
        }
        return word;
    }

    /** The word of bits {@code src[off + b] >= t}, b < 64: one compare per vector, its mask shifted into place. */
    static long atLeast(int[] src, int off, int t) {
        long word = 0;
        for (int b = 0; b < 64; b += INTS.length()) {
            word |= IntVector.fromArray(INTS, src, off + b).compare(VectorOperators.GE, t).toLong() << b;
        }
        return word;
    }

    /** Packs {@code words} full words of {@code src[off..] >= t}; true if a NaN was seen (output then unspecified). */
    static boolean packFullWords(float[] src, int off, int words, float t, MemorySegment dst, long dstOffset) {
        long nan = 0;
        for (int w = 0; w < words; w++) {
            long word = 0;
            for (int b = 0; b < 64; b += FLOATS.length()) {
                FloatVector v = FloatVector.fromArray(FLOATS, src, off + w * 64 + b);
                word |= v.compare(VectorOperators.GE, t).toLong() << b;
                nan |= v.compare(VectorOperators.NE, v).toLong();
            }
            dst.set(WORD, dstOffset + (long) w * Long.BYTES, word);
        }
        return nan != 0;
    }

    private static int firstNaN(float[] src, int off, int n) {
        for (int i = 0; i < n; i++) {
            if (Float.isNaN(src[off + i])) {
                return i;
            }
        }
        throw new AssertionError("a NaN was seen but not found again");
    }
}
