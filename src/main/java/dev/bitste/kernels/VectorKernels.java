package dev.bitste.kernels;

import dev.bitste.bits.BitMatrix;
import dev.bitste.bits.BitVector;
import dev.bitste.bits.PackedBits;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The packed-bit kernels on the Vector API. Loaded by reflection (see {@link KernelChoice}).
 *
 * <p>C2 only intrinsifies vector operations whose species is a compile-time constant, so each public
 * method switches on the width to a small static kernel called with a {@code static final} species;
 * the branch profile keeps only the width in use compiled. Rows are padded to 512-bit blocks, so the
 * loops run over whole vectors with no tail.
 */
final class VectorKernels implements KernelSupport {
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final VectorSpecies<Long> L128 = LongVector.SPECIES_128;
    private static final VectorSpecies<Long> L256 = LongVector.SPECIES_256;
    private static final VectorSpecies<Long> L512 = LongVector.SPECIES_512;
    private static final VectorSpecies<Float> F128 = FloatVector.SPECIES_128;
    private static final VectorSpecies<Float> F256 = FloatVector.SPECIES_256;
    private static final VectorSpecies<Float> F512 = FloatVector.SPECIES_512;
    private static final VectorSpecies<Integer> I128 = IntVector.SPECIES_128;
    private static final VectorSpecies<Integer> I256 = IntVector.SPECIES_256;
    private static final VectorSpecies<Integer> I512 = IntVector.SPECIES_512;

    private final int bits;

    VectorKernels(int bits) {
        this.bits = bits == 0 ? preferredBits() : bits;
    }

    static int preferredBits() {
        return Math.min(512, VectorShape.preferredShape().vectorBitSize());
    }

    @Override
    public String name() {
        return "vector-" + bits;
    }

    @Override
    public int dot(BitVector a, BitVector b) {
        long pop = switch (bits) {
            case 128 -> xorPopCount(L128, a.segment(), 0, b.segment(), 0, a.wordsPerRow());
            case 256 -> xorPopCount(L256, a.segment(), 0, b.segment(), 0, a.wordsPerRow());
            default -> xorPopCount(L512, a.segment(), 0, b.segment(), 0, a.wordsPerRow());
        };
        return a.cols() - 2 * (int) pop;
    }

    @Override
    public void gemv(BitMatrix w, BitVector x, int[] out) {
        for (int r = 0; r < w.rows(); r++) {
            long pop = switch (bits) {
                case 128 -> xorPopCount(L128, w.segment(), w.rowOffset(r), x.segment(), 0, w.wordsPerRow());
                case 256 -> xorPopCount(L256, w.segment(), w.rowOffset(r), x.segment(), 0, w.wordsPerRow());
                default -> xorPopCount(L512, w.segment(), w.rowOffset(r), x.segment(), 0, w.wordsPerRow());
            };
            out[r] = w.cols() - 2 * (int) pop;
        }
    }

    @Override
    public void gemm(BitMatrix x, BitMatrix w, int[] out) {
        switch (bits) {
            case 128 -> gemm(L128, x, w, out);
            case 256 -> gemm(L256, x, w, out);
            default -> gemm(L512, x, w, out);
        }
    }

    @Override
    public void gemmThreshold(BitMatrix x, BitMatrix w, int[] t, MemorySegment out) {
        int k = w.rows();
        int[] row = new int[k];
        long stride = (long) PackedBits.strideWords(k) * Long.BYTES;
        for (int i = 0; i < x.rows(); i++) {
            switch (bits) {
                case 128 -> gemmRow(L128, x, i, w, row);
                case 256 -> gemmRow(L256, x, i, w, row);
                default -> gemmRow(L512, x, i, w, row);
            }
            for (int j = 0; j < k; j++) {
                row[j] -= t[j];
            }
            threshold(row, 0, k, 0, out, i * stride);
        }
    }

    @Override
    public void threshold(int[] src, int off, int n, int t, MemorySegment dst, long dstOffset) {
        switch (bits) {
            case 128 -> threshold(I128, src, off, n, t, dst, dstOffset);
            case 256 -> threshold(I256, src, off, n, t, dst, dstOffset);
            default -> threshold(I512, src, off, n, t, dst, dstOffset);
        }
    }

    @Override
    public int threshold(float[] src, int off, int n, float t, MemorySegment dst, long dstOffset) {
        return switch (bits) {
            case 128 -> threshold(F128, src, off, n, t, dst, dstOffset);
            case 256 -> threshold(F256, src, off, n, t, dst, dstOffset);
            default -> threshold(F512, src, off, n, t, dst, dstOffset);
        };
    }

    // ---- kernels, one species each; keep them small so C2 inlines them ----

    /** popcount(a XOR b) over {@code words} words rounded up to whole vectors (padding words are zero). */
    static long xorPopCount(VectorSpecies<Long> s, MemorySegment a, long aOff, MemorySegment b, long bOff, int words) {
        LongVector acc = LongVector.zero(s);
        long bytes = (long) words * Long.BYTES;
        for (long i = 0; i < bytes; i += s.vectorByteSize()) {
            LongVector va = LongVector.fromMemorySegment(s, a, aOff + i, ORDER);
            LongVector vb = LongVector.fromMemorySegment(s, b, bOff + i, ORDER);
            acc = acc.add(va.lanewise(VectorOperators.XOR, vb).lanewise(VectorOperators.BIT_COUNT));
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    /** All k dot products of row i of x, four rows of w at a time so each x word is loaded once per four. */
    static void gemmRow(VectorSpecies<Long> s, BitMatrix x, int i, BitMatrix w, int[] row) {
        MemorySegment xs = x.segment();
        MemorySegment ws = w.segment();
        long xOff = x.rowOffset(i);
        long bytes = (long) x.wordsPerRow() * Long.BYTES;
        long stride = w.rowOffset(1) - w.rowOffset(0);
        int n = x.cols();
        int k = w.rows();
        int j = 0;
        for (; j + 4 <= k; j += 4) {
            long wOff = w.rowOffset(j);
            LongVector a0 = LongVector.zero(s), a1 = a0, a2 = a0, a3 = a0;
            for (long o = 0; o < bytes; o += s.vectorByteSize()) {
                LongVector xv = LongVector.fromMemorySegment(s, xs, xOff + o, ORDER);
                a0 = a0.add(xv.lanewise(VectorOperators.XOR, LongVector.fromMemorySegment(s, ws, wOff + o, ORDER))
                        .lanewise(VectorOperators.BIT_COUNT));
                a1 = a1.add(xv.lanewise(VectorOperators.XOR, LongVector.fromMemorySegment(s, ws, wOff + stride + o, ORDER))
                        .lanewise(VectorOperators.BIT_COUNT));
                a2 = a2.add(xv.lanewise(VectorOperators.XOR, LongVector.fromMemorySegment(s, ws, wOff + 2 * stride + o, ORDER))
                        .lanewise(VectorOperators.BIT_COUNT));
                a3 = a3.add(xv.lanewise(VectorOperators.XOR, LongVector.fromMemorySegment(s, ws, wOff + 3 * stride + o, ORDER))
                        .lanewise(VectorOperators.BIT_COUNT));
            }
            row[j] = n - 2 * (int) a0.reduceLanes(VectorOperators.ADD);
            row[j + 1] = n - 2 * (int) a1.reduceLanes(VectorOperators.ADD);
            row[j + 2] = n - 2 * (int) a2.reduceLanes(VectorOperators.ADD);
            row[j + 3] = n - 2 * (int) a3.reduceLanes(VectorOperators.ADD);
        }
        for (; j < k; j++) {
            row[j] = n - 2 * (int) xorPopCount(s, xs, xOff, ws, w.rowOffset(j), x.wordsPerRow());
        }
    }

    static void gemm(VectorSpecies<Long> s, BitMatrix x, BitMatrix w, int[] out) {
        int k = w.rows();
        int[] row = new int[k];
        for (int i = 0; i < x.rows(); i++) {
            gemmRow(s, x, i, w, row);
            System.arraycopy(row, 0, out, i * k, k);
        }
    }

    /** Bits of {@code src[off..off+n) >= t}; one compare per vector, its mask shifted into place. */
    static void threshold(VectorSpecies<Integer> s, int[] src, int off, int n, int t, MemorySegment dst, long dstOffset) {
        int lanes = s.length();
        for (int w = 0; w * 64 < n; w++) {
            long word = 0;
            int end = Math.min(64, n - w * 64);
            int b = 0;
            for (; b + lanes <= end; b += lanes) {
                IntVector v = IntVector.fromArray(s, src, off + w * 64 + b);
                word |= v.compare(VectorOperators.GE, t).toLong() << b;
            }
            for (; b < end; b++) {
                word |= (src[off + w * 64 + b] >= t ? 1L : 0L) << b;
            }
            dst.set(ValueLayout.JAVA_LONG, dstOffset + (long) w * Long.BYTES, word);
        }
    }

    static int threshold(VectorSpecies<Float> s, float[] src, int off, int n, float t, MemorySegment dst, long dstOffset) {
        int lanes = s.length();
        for (int w = 0; w * 64 < n; w++) {
            long word = 0;
            long nan = 0;
            int end = Math.min(64, n - w * 64);
            int b = 0;
            for (; b + lanes <= end; b += lanes) {
                FloatVector v = FloatVector.fromArray(s, src, off + w * 64 + b);
                word |= v.compare(VectorOperators.GE, t).toLong() << b;
                nan |= v.test(VectorOperators.IS_NAN).toLong();
            }
            for (; b < end; b++) {
                float x = src[off + w * 64 + b];
                word |= (x >= t ? 1L : 0L) << b;
                nan |= Float.isNaN(x) ? 1L : 0L;
            }
            if (nan != 0) {
                return firstNaN(src, off, n);
            }
            dst.set(ValueLayout.JAVA_LONG, dstOffset + (long) w * Long.BYTES, word);
        }
        return -1;
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
