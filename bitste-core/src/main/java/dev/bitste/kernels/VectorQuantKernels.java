package dev.bitste.kernels;

import dev.bitste.bits.BitPlanes;
import dev.bitste.bits.PackedBits;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.nio.ByteOrder;
import java.util.Arrays;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The multi-bit kernels on the Vector API. Loaded by reflection as one copy per width (see
 * {@link WidthSpecialization}), so the species below are constants in every method of a copy and C2
 * intrinsifies every vector operation however the methods are compiled or inlined. No nested classes,
 * lambdas or enum switches (a switch map is a nested class), or the class could not be copied.
 * The drivers (word loops, tails, blocking) are plain Java around small vector kernels.
 */
final class VectorQuantKernels implements QuantKernelSupport {
    private static final int BITS = WidthSpecialization.bits(MethodHandles.lookup());
    private static final VectorShape SHAPE = VectorShape.forBitSize(BITS);
    private static final VectorSpecies<Long> LONGS = VectorSpecies.of(long.class, SHAPE);
    private static final VectorSpecies<Float> FLOATS = VectorSpecies.of(float.class, SHAPE);
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, SHAPE);
    private static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class, SHAPE);
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    @Override
    public String name() {
        return "vector-" + BITS;
    }

    @Override
    public int quantize(float[] src, int off, int n, int b, MemorySegment dst, long dstOffset, long planeStride) {
        return packPlanes(src, off, n, b, dst, dstOffset, planeStride);
    }

    @Override
    public int packCodes(byte[] codes, int off, int n, int b, MemorySegment dst, long dstOffset, long planeStride) {
        return packPlanes(codes, off, n, b, dst, dstOffset, planeStride);
    }

    /**
     * Writes the planes of {@code src[off..off+n)} (a {@code float[]} to quantize or a {@code byte[]} of codes)
     * word by word. Returns the index (relative to off) of the first bad input (NaN, or a code above 2^b - 1) as
     * soon as a word holds one, else -1.
     */
    private static int packPlanes(Object src, int off, int n, int b, MemorySegment dst, long dstOffset,
            long planeStride) {
        long[] words = new long[b];
        for (int w = 0; w * 64 < n; w++) {
            int base = off + w * 64;
            int end = Math.min(64, n - w * 64);
            Arrays.fill(words, 0L);
            long bad = src instanceof float[] f ? quantizeWord(f, base, end, b, words)
                    : packWord((byte[]) src, base, end, b, words);
            if (bad != 0) {
                return src instanceof float[] f ? firstNaN(f, off, n) : firstAbove((byte[]) src, off, n, b);
            }
            store(words, dst, dstOffset + (long) w * Long.BYTES, planeStride);
        }
        return -1;
    }

    /** Sets bit i of plane word p to bit p of {@code code}, for every plane. */
    private static void setBits(long[] words, int code, int i) {
        for (int p = 0; p < words.length; p++) {
            words[p] |= (long) (code >>> p & 1) << i;
        }
    }

    private static void store(long[] words, MemorySegment dst, long offset, long planeStride) {
        for (int p = 0; p < words.length; p++) {
            dst.set(ValueLayout.JAVA_LONG, offset + p * planeStride, words[p]);
        }
    }

    /**
     * Per sample i and block of 4 weight rows: {@code out = 2 sum_p 2^p popcount(plane_p AND w) - sum(codes_i)}
     * (the {@code -popcount(plane_p)} terms of every plane and weight row at once).
     */
    @Override
    public void gemm(BitPlanes x, PackedBits w, int[] out) {
        PackedBits planes = x.planes();
        int b = x.bits();
        int k = w.rows();
        MemorySegment as = planes.segment();
        MemorySegment ws = w.segment();
        long stride = planes.strideWords() * (long) Long.BYTES; // same cols, so the same stride as w
        long bytes = planes.wordsPerRow() * (long) Long.BYTES;
        long[] res = new long[4];
        for (int i = 0; i < x.rows(); i++) {
            long aOff = planes.rowOffset(i * b);
            long sum = codeSum(as, aOff, stride, b, bytes);
            int j = 0;
            for (; j + 4 <= k; j += 4) {
                bitSerial4Rows(as, aOff, stride, b, ws, w.rowOffset(j), bytes, res);
                for (int c = 0; c < 4; c++) {
                    out[i * k + j + c] = (int) (2 * res[c] - sum);
                }
            }
            for (; j < k; j++) {
                out[i * k + j] = (int) (2 * bitSerial(as, aOff, stride, b, ws, w.rowOffset(j), bytes) - sum);
            }
        }
    }

    @Override
    public int surrogateDerivative(Surrogate g, int b, float[] src, int off, int n, float[] dst, int dstOff) {
        int whole = n / FLOATS.length() * FLOATS.length();
        boolean nan = derivatives(g, b, src, off, whole, dst, dstOff);
        for (int i = whole; i < n && !nan; i++) {
            nan = Float.isNaN(src[off + i]);
            dst[dstOff + i] = g.derivative(src[off + i], b);
        }
        return nan ? firstNaN(src, off, n) : -1;
    }

    // ---- kernels: small, so C2 compiles each one whole ----

    /**
     * sigma_b without a ceil instruction: clamp to [0, q], truncate, and add one where the clamped value
     * exceeds its truncation (for x in (0, q) that is ceil; -0.0 and 0 stay 0).
     */
    static IntVector codes(FloatVector v, float q) {
        FloatVector c = v.max(0f).min(q);
        IntVector t = (IntVector) c.convert(VectorOperators.F2I, 0);
        VectorMask<Integer> up = c.compare(VectorOperators.GT, (FloatVector) t.convert(VectorOperators.I2F, 0)).cast(INTS);
        return t.add(1, up);
    }

    /**
     * Codes of {@code src[base..base+count)} (count <= 64) OR-ed into the plane words {@code words[p]} at bit
     * positions 0..count (whole vectors on the Vector API, the rest as in the reference); nonzero if there was a NaN.
     */
    static long quantizeWord(float[] src, int base, int count, int bits, long[] words) {
        float q = (1 << bits) - 1;
        long nan = 0;
        int whole = count / FLOATS.length() * FLOATS.length();
        for (int i = whole; i < count; i++) {
            nan |= Float.isNaN(src[base + i]) ? 1L : 0L;
            setBits(words, ScalarQuantKernels.sigma(src[base + i], bits), i);
        }
        for (int b = 0; b < whole; b += FLOATS.length()) {
            FloatVector v = FloatVector.fromArray(FLOATS, src, base + b);
            nan |= v.test(VectorOperators.IS_NAN).toLong();
            IntVector code = codes(v, q);
            for (int p = 0; p < bits; p++) {
                words[p] |= code.and(1 << p).compare(VectorOperators.NE, 0).toLong() << b;
            }
        }
        return nan;
    }

    /**
     * Bits of the byte codes {@code codes[base..base+count)} (count <= 64) into {@code words} (whole vectors on
     * the Vector API, the rest as in the reference);
     * nonzero if a code exceeds 2^bits - 1.
     */
    static long packWord(byte[] codes, int base, int count, int bits, long[] words) {
        byte above = (byte) ~((1 << bits) - 1);
        long bad = 0;
        int whole = count / BYTES.length() * BYTES.length();
        for (int i = whole; i < count; i++) {
            bad |= Byte.toUnsignedInt(codes[base + i]) >>> bits;
            setBits(words, Byte.toUnsignedInt(codes[base + i]), i);
        }
        for (int b = 0; b < whole; b += BYTES.length()) {
            ByteVector v = ByteVector.fromArray(BYTES, codes, base + b);
            bad |= v.and(above).compare(VectorOperators.NE, 0).toLong();
            for (int p = 0; p < bits; p++) {
                words[p] |= v.and((byte) (1 << p)).compare(VectorOperators.NE, 0).toLong() << b;
            }
        }
        return bad;
    }

    /**
     * {@code res[c] = sum_p 2^p popcount(plane_p AND w_{j+c})} for the b planes of one sample (at {@code aOff},
     * {@code stride} bytes apart) and 4 weight rows (at {@code wOff}, same stride), by Horner's rule over the
     * planes (most significant first, doubling the accumulators in between): each plane vector is loaded once
     * for the 4 weight rows, and the 4 weight rows stay in L1 across the planes. No shift in the inner loop.
     */
    static void bitSerial4Rows(MemorySegment a, long aOff, long stride, int planes, MemorySegment w, long wOff, long bytes,
            long[] res) {
        LongVector c0 = LongVector.zero(LONGS), c1 = c0, c2 = c0, c3 = c0;
        for (int p = planes - 1; p >= 0; p--) {
            c0 = c0.add(c0);
            c1 = c1.add(c1);
            c2 = c2.add(c2);
            c3 = c3.add(c3);
            long ao = aOff + p * stride;
            for (long o = 0; o < bytes; o += LONGS.vectorByteSize()) {
                LongVector x = LongVector.fromMemorySegment(LONGS, a, ao + o, ORDER);
                long wo = wOff + o;
                c0 = c0.add(x.and(LongVector.fromMemorySegment(LONGS, w, wo, ORDER)).lanewise(VectorOperators.BIT_COUNT));
                c1 = c1.add(x.and(LongVector.fromMemorySegment(LONGS, w, wo + stride, ORDER))
                        .lanewise(VectorOperators.BIT_COUNT));
                c2 = c2.add(x.and(LongVector.fromMemorySegment(LONGS, w, wo + 2 * stride, ORDER))
                        .lanewise(VectorOperators.BIT_COUNT));
                c3 = c3.add(x.and(LongVector.fromMemorySegment(LONGS, w, wo + 3 * stride, ORDER))
                        .lanewise(VectorOperators.BIT_COUNT));
            }
        }
        res[0] = c0.reduceLanes(VectorOperators.ADD);
        res[1] = c1.reduceLanes(VectorOperators.ADD);
        res[2] = c2.reduceLanes(VectorOperators.ADD);
        res[3] = c3.reduceLanes(VectorOperators.ADD);
    }

    /** {@code sum_p 2^p popcount(plane_p)}: the sum of the sample's codes. */
    static long codeSum(MemorySegment a, long aOff, long stride, int planes, long bytes) {
        LongVector c = LongVector.zero(LONGS);
        for (int p = planes - 1; p >= 0; p--) {
            c = c.add(c);
            long ao = aOff + p * stride;
            for (long o = 0; o < bytes; o += LONGS.vectorByteSize()) {
                c = c.add(LongVector.fromMemorySegment(LONGS, a, ao + o, ORDER).lanewise(VectorOperators.BIT_COUNT));
            }
        }
        return c.reduceLanes(VectorOperators.ADD);
    }

    /** {@link #bitSerial4Rows} for a single weight row. */
    static long bitSerial(MemorySegment a, long aOff, long stride, int planes, MemorySegment w, long wOff, long bytes) {
        LongVector c = LongVector.zero(LONGS);
        for (int p = planes - 1; p >= 0; p--) {
            c = c.add(c);
            long ao = aOff + p * stride;
            for (long o = 0; o < bytes; o += LONGS.vectorByteSize()) {
                c = c.add(LongVector.fromMemorySegment(LONGS, a, ao + o, ORDER)
                        .and(LongVector.fromMemorySegment(LONGS, w, wOff + o, ORDER)).lanewise(VectorOperators.BIT_COUNT));
            }
        }
        return c.reduceLanes(VectorOperators.ADD);
    }

    /** {@code g'} over whole vectors {@code src[off..off+count)}; true (and stops) at the first vector with a NaN. */
    static boolean derivatives(Surrogate g, int bits, float[] src, int off, int count, float[] dst, int dstOff) {
        float q = (1 << bits) - 1;
        for (int i = 0; i < count; i += FLOATS.length()) {
            FloatVector x = FloatVector.fromArray(FLOATS, src, off + i);
            if (x.test(VectorOperators.IS_NAN).anyTrue()) {
                return true;
            }
            derivative(g, x, q).intoArray(dst, dstOff + i);
        }
        return false;
    }

    /** {@code g'(x)} lane-wise; an if-chain, since a switch on the enum would add a nested switch-map class. */
    static FloatVector derivative(Surrogate g, FloatVector x, float q) {
        FloatVector zero = FloatVector.zero(FLOATS);
        VectorMask<Float> pos = x.compare(VectorOperators.GT, 0f);
        if (g == Surrogate.RELU) {
            return zero.blend(1f, pos);
        }
        if (g == Surrogate.REVEXP) {
            return x.div(-q).lanewise(VectorOperators.EXP).blend(zero, pos.not());
        }
        if (g == Surrogate.LOGTAIL) {
            // same operation order as the scalar 1f / (x - q + 1f), so the results are identical
            return zero.blend(1f, pos).blend(zero.add(1f).div(x.sub(q).add(1f)), x.compare(VectorOperators.GT, q));
        }
        if (g == Surrogate.IDENTITY) {
            return zero.add(1f);
        }
        if (g == Surrogate.CLIPPED) {
            return zero.blend(1f, pos.and(x.compare(VectorOperators.LT, q)));
        }
        throw new IllegalArgumentException("surrogate " + g + " has no vector derivative");
    }

    private static int firstNaN(float[] src, int off, int n) {
        for (int i = 0; i < n; i++) {
            if (Float.isNaN(src[off + i])) {
                return i;
            }
        }
        throw new AssertionError("a NaN was seen but not found again");
    }

    private static int firstAbove(byte[] codes, int off, int n, int bits) {
        for (int i = 0; i < n; i++) {
            if (Byte.toUnsignedInt(codes[off + i]) >>> bits != 0) {
                return i;
            }
        }
        throw new AssertionError("a code above 2^bits - 1 was seen but not found again");
    }
}
