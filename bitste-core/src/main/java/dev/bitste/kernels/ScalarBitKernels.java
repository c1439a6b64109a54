package dev.bitste.kernels;

import dev.bitste.bits.BitMatrix;
import dev.bitste.bits.BitVector;
import dev.bitste.bits.PackedBits;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** The reference kernels: plain loops over words with {@link Long#bitCount}, written to be obviously right. */
public final class ScalarBitKernels implements BitKernelSupport, PopCountGemm {
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG;

    @Override
    public String name() {
        return "scalar";
    }

    /** popcount(a XOR b) over the real words of row ra of a and row rb of b. */
    static int xorPopCount(PackedBits a, int ra, PackedBits b, int rb) {
        int count = 0;
        for (int w = 0; w < a.wordsPerRow(); w++) {
            count += Long.bitCount(a.word(ra, w) ^ b.word(rb, w));
        }
        return count;
    }

    @Override
    public int dot(BitVector a, BitVector b) {
        return a.cols() - 2 * xorPopCount(a, 0, b, 0);
    }

    @Override
    public void gemv(BitMatrix w, BitVector x, int[] out) {
        for (int r = 0; r < w.rows(); r++) {
            out[r] = w.cols() - 2 * xorPopCount(w, r, x, 0);
        }
    }

    @Override
    public void gemm(BitMatrix x, BitMatrix w, int[] out) {
        int k = w.rows();
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < k; j++) {
                out[i * k + j] = x.cols() - 2 * xorPopCount(x, i, w, j);
            }
        }
    }

    @Override
    public void gemmThreshold(BitMatrix x, BitMatrix w, int[] t, MemorySegment out) {
        int k = w.rows();
        int[] row = new int[k];
        long stride = (long) PackedBits.strideWords(k) * Long.BYTES;
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < k; j++) {
                row[j] = x.cols() - 2 * xorPopCount(x, i, w, j);
            }
            packAtLeast(row, t, k, out, i * stride);
        }
    }

    @Override
    public void gatherPopCounts(long[] x, int xOff, int rows, int rowStride, BitMatrix w, int[] pops, int popsOff,
            int popsStride) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < w.rows(); j++) {
                int count = 0;
                for (int t = 0; t < w.wordsPerRow(); t++) {
                    count += Long.bitCount(x[xOff + r * rowStride + t] ^ w.word(j, t));
                }
                pops[popsOff + r * popsStride + j] = count;
            }
        }
    }

    @Override
    public void dotsFromPopCounts(int[] pops, int p, int[] out, int o, int len, int n) {
        for (int j = 0; j < len; j++) {
            out[o + j] = n - 2 * pops[p + j];
        }
    }

    @Override
    public void packAtMost(int[] values, int p, int[] limit, int l, int len, long[] dst, int dstOff) {
        for (int w = 0; w * 64 < len; w++) {
            long word = 0;
            for (int b = 0; b < Math.min(64, len - w * 64); b++) {
                word |= (values[p + w * 64 + b] <= limit[l + w * 64 + b] ? 1L : 0L) << b;
            }
            dst[dstOff + w] = word;
        }
    }

    /** Packs bit j = {@code values[j] >= t[j]} for j < n into words at {@code dst[dstOffset..]}. */
    static void packAtLeast(int[] values, int[] t, int n, MemorySegment dst, long dstOffset) {
        for (int w = 0; w * 64 < n; w++) {
            long word = 0;
            int end = Math.min(64, n - w * 64);
            for (int b = 0; b < end; b++) {
                word |= (values[w * 64 + b] >= t[w * 64 + b] ? 1L : 0L) << b;
            }
            dst.set(WORD, dstOffset + (long) w * Long.BYTES, word);
        }
    }

    @Override
    public void threshold(int[] src, int off, int n, int t, MemorySegment dst, long dstOffset) {
        for (int w = 0; w * 64 < n; w++) {
            long word = 0;
            int end = Math.min(64, n - w * 64);
            for (int b = 0; b < end; b++) {
                word |= (src[off + w * 64 + b] >= t ? 1L : 0L) << b;
            }
            dst.set(WORD, dstOffset + (long) w * Long.BYTES, word);
        }
    }

    @Override
    public int threshold(float[] src, int off, int n, float t, MemorySegment dst, long dstOffset) {
        for (int i = 0; i < n; i++) {
            if (Float.isNaN(src[off + i])) {
                return i;
            }
        }
        for (int w = 0; w * 64 < n; w++) {
            long word = 0;
            int end = Math.min(64, n - w * 64);
            for (int b = 0; b < end; b++) {
                word |= (src[off + w * 64 + b] >= t ? 1L : 0L) << b;
            }
            dst.set(WORD, dstOffset + (long) w * Long.BYTES, word);
        }
        return -1;
    }
}
