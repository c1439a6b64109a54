package dev.bitste.kernels;

import dev.bitste.bits.BitMatrix;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** The reference first layer on 8-bit pixels: the definition as plain loops. */
final class ScalarPixelKernels implements PixelKernelSupport {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void gemm(byte[] x, int r0, int r1, BitMatrix w, int[] out, int off) {
        int k = w.rows();
        for (int i = r0; i < r1; i++) {
            for (int j = 0; j < k; j++) {
                out[off + (i - r0) * k + j] = dot(x, i, w, j);
            }
        }
    }

    @Override
    public void gemmThreshold(byte[] x, int r0, int r1, BitMatrix w, int j0, int j1, int[] t, MemorySegment out,
            long off, long strideBytes) {
        for (int i = r0; i < r1; i++) {
            for (int j = j0; j < j1; j++) {
                setBit(out, off + (i - r0) * strideBytes, j, dot(x, i, w, j) >= t[j]);
            }
        }
    }

    /** {@code sum_c x(i, c) * sign(w_j, c)}. */
    static int dot(byte[] x, int i, BitMatrix w, int j) {
        int n = w.cols();
        int sum = 0;
        for (int c = 0; c < n; c++) {
            sum += Byte.toUnsignedInt(x[i * n + c]) * w.sign(j, c);
        }
        return sum;
    }

    /** Sets or clears bit j of the row of words at byte {@code rowOffset}. */
    static void setBit(MemorySegment out, long rowOffset, int j, boolean on) {
        long at = rowOffset + (long) (j >>> 6) * Long.BYTES;
        long word = out.get(ValueLayout.JAVA_LONG, at);
        long bit = 1L << (j & 63);
        out.set(ValueLayout.JAVA_LONG, at, on ? word | bit : word & ~bit);
    }
}
