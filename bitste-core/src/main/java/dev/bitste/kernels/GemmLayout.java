package dev.bitste.kernels;

import dev.bitste.bits.BitMatrix;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Heap copies of packed matrices in the layouts the register-blocked GEMM reads (no vector code here).
 *
 * <p>The GEMM runs on {@code long[]} rather than on the aligned segments: its x words are broadcast
 * (four scalar loads per step), and C2 removes the range checks of array loads but not all the checks
 * of segment accesses; the tiled kernel measured about 1.3x faster on arrays (m = k = 256, n = 4096).
 * The copy of x costs about 4% of that GEMM; the interleaved copy of W is kept on the matrix
 * ({@link BitMatrix#derived}), so a layer's weights are reordered once.
 */
final class GemmLayout {
    private GemmLayout() {
    }

    /** The real words of each row, row after row ({@code rows} may exceed the matrix's rows: extra rows stay zero). */
    static long[] rows(BitMatrix m, int rows) {
        int words = m.wordsPerRow();
        long[] out = new long[rows * words];
        MemorySegment seg = m.segment();
        if (words == m.strideWords()) {
            MemorySegment.copy(seg, ValueLayout.JAVA_LONG, 0, out, 0, m.rows() * words);
        } else {
            for (int r = 0; r < m.rows(); r++) {
                MemorySegment.copy(seg, ValueLayout.JAVA_LONG, m.rowOffset(r), out, r * words, words);
            }
        }
        return out;
    }

    /**
     * Rows interleaved in groups of {@code lanes}: word t of rows {@code g*lanes .. g*lanes+lanes-1} is
     * contiguous at {@code (g * words + t) * lanes}, so one vector load gives word t of {@code lanes} rows.
     * Rows past the matrix's (up to {@code rows}) are zero.
     */
    static long[] interleaved(BitMatrix m, int lanes, int rows) {
        int words = m.wordsPerRow();
        long[] flat = rows(m, m.rows());
        long[] out = new long[rows * words];
        for (int r = 0; r < m.rows(); r++) {
            int base = (r / lanes) * words * lanes + r % lanes;
            int src = r * words;
            for (int t = 0; t < words; t++) {
                out[base + t * lanes] = flat[src + t];
            }
        }
        return out;
    }

    /**
     * Rows {@code from .. to-1} of {@code len} words each, row r at {@code x[xOff + r * rowStride]}, copied into a block
     * of {@code blockRows} contiguous rows; rows past {@code to - from} stay zero.
     */
    static long[] gather(long[] x, int xOff, int from, int to, int rowStride, int len, int blockRows) {
        long[] out = new long[blockRows * len];
        for (int r = from; r < to; r++) {
            System.arraycopy(x, xOff + r * rowStride, out, (r - from) * len, len);
        }
        return out;
    }

    /**
     * The smallest row stride of the popcounts {@link PopCountGemm#gatherPopCounts} writes for {@code k} rows of w:
     * k rounded up to the widest tile of w rows (2 x 8 lanes at 512 bits).
     */
    static int popsStride(int k) {
        return roundUp(k, 16);
    }

    /**
     * The largest popcount that passes a threshold: {@code dot >= t} with {@code dot = n - 2 pop} holds iff
     * {@code pop <= floor((n - t) / 2)}, clamped to {@code [-1, Integer.MAX_VALUE]} (-1: never, as popcounts are >= 0).
     */
    static int popLimit(long n, long t) {
        return (int) Math.max(-1, Math.min(Integer.MAX_VALUE, Math.floorDiv(n - t, 2)));
    }

    /**
     * Whether the heap copies of a tiled GEMM fit in Java arrays: x ({@code mPad x words} longs), W
     * ({@code kPad x words}) and the popcounts ({@code mPad x kPad} ints). Larger products are computed row by
     * row instead, from the segments (no copies), so no size the entry point accepts overflows an index.
     */
    static boolean fitsInArrays(long mPad, long kPad, long words) {
        long max = Integer.MAX_VALUE - 8; // the largest array HotSpot allocates
        return mPad * words <= max && kPad * words <= max && mPad * kPad <= max;
    }

    /** {@code value} rounded up to a multiple of {@code step}. */
    static int roundUp(int value, int step) {
        return (value + step - 1) / step * step;
    }
}
