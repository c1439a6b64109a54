package dev.bitste.kernels;

import dev.bitste.bits.BitPlanes;
import dev.bitste.bits.PackedBits;
import dev.bitste.ste.Surrogate;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.IntSupplier;
import java.util.function.IntUnaryOperator;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The multi-bit kernels on the Vector API, loaded by reflection like {@link VectorKernels}.
 *
 * <p>C2 only intrinsifies vector operations whose species is a constant where the loop is compiled, and
 * a hot kernel compiled on its own before its caller is never inlined afterwards ("already compiled into
 * a big method"), so passing the species as an argument is not enough: such a kernel runs boxed, slower
 * than scalar. Here the kernels are written once, in {@link Width}, and read their species from an abstract
 * accessor that each width's final subclass answers with a {@code static final} {@link Species} record. A JVM that uses
 * one width (any benchmark fork, any application) sees a monomorphic receiver, C2 inlines the accessor and
 * the species is a constant; a JVM that mixes widths (the cross-check tests) still computes the same results.
 * The drivers here (word loops, tails, blocking) are plain Java.
 */
final class VectorQuantKernels implements QuantKernelSupport {
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private final int bits;
    private final Width width;

    VectorQuantKernels(int bits) {
        this.bits = bits == 0 ? VectorKernels.preferredBits() : bits;
        this.width = switch (this.bits) {
            case 128 -> new W128();
            case 256 -> new W256();
            default -> new W512();
        };
    }

    @Override
    public String name() {
        return "vector-" + bits;
    }

    @Override
    public int quantize(float[] src, int off, int n, int b, MemorySegment dst, long dstOffset, long planeStride) {
        return packWords(off, n, b, dst, dstOffset, planeStride, bits / Float.SIZE,
                (base, count, words) -> width.quantizeWord(src, base, count, b, words),
                i -> Float.isNaN(src[i]) ? -1 : ScalarQuantKernels.sigma(src[i], b), () -> firstNaN(src, off, n));
    }

    @Override
    public int packCodes(byte[] codes, int off, int n, int b, MemorySegment dst, long dstOffset, long planeStride) {
        return packWords(off, n, b, dst, dstOffset, planeStride, bits / Byte.SIZE,
                (base, count, words) -> width.packWord(codes, base, count, b, words),
                i -> Byte.toUnsignedInt(codes[i]) >>> b != 0 ? -1 : Byte.toUnsignedInt(codes[i]),
                () -> firstAbove(codes, off, n, b));
    }

    /** The vector part of one 64-element word: ORs the planes' bits into {@code words}, nonzero if an input is bad. */
    @FunctionalInterface
    private interface WholeVectors {
        long pack(int base, int count, long[] words);
    }

    /**
     * Writes the planes of inputs {@code off..off+n} word by word: whole vectors through {@code whole}, the rest of
     * a word through {@code tailCode} (the code of input i, or -1 when it is bad). Returns {@code firstBad} (an index
     * relative to off) as soon as a word holds a bad input, else -1.
     */
    private static int packWords(int off, int n, int b, MemorySegment dst, long dstOffset, long planeStride, int lanes,
            WholeVectors whole, IntUnaryOperator tailCode, IntSupplier firstBad) {
        long[] words = new long[b];
        for (int w = 0; w * 64 < n; w++) {
            Arrays.fill(words, 0L);
            int base = off + w * 64;
            int end = Math.min(64, n - w * 64);
            int done = end / lanes * lanes;
            long bad = whole.pack(base, done, words);
            for (int i = done; i < end; i++) {
                int code = tailCode.applyAsInt(base + i);
                bad |= code < 0 ? 1L : 0L;
                setBits(words, Math.max(code, 0), i);
            }
            if (bad != 0) {
                return firstBad.getAsInt();
            }
            store(words, dst, dstOffset + (long) w * Long.BYTES, planeStride);
        }
        return -1;
    }

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
            long sum = width.codeSum(as, aOff, stride, b, bytes);
            int j = 0;
            for (; j + 4 <= k; j += 4) {
                width.sampleBy4(as, aOff, stride, b, ws, w.rowOffset(j), bytes, res);
                for (int c = 0; c < 4; c++) {
                    out[i * k + j + c] = (int) (2 * res[c] - sum);
                }
            }
            for (; j < k; j++) {
                out[i * k + j] = (int) (2 * width.sampleBy1(as, aOff, stride, b, ws, w.rowOffset(j), bytes) - sum);
            }
        }
    }

    @Override
    public int surrogateDerivative(Surrogate g, int b, float[] src, int off, int n, float[] dst, int dstOff) {
        int whole = n / (bits / Float.SIZE) * (bits / Float.SIZE);
        boolean nan = width.surrogateDerivative(g, b, src, off, whole, dst, dstOff);
        for (int i = whole; i < n && !nan; i++) {
            nan = Float.isNaN(src[off + i]);
            dst[dstOff + i] = g.derivative(src[off + i], b);
        }
        return nan ? firstNaN(src, off, n) : -1;
    }

    /** The kernels, written once; each width's subclass supplies its constant species. */
    abstract static sealed class Width permits W128, W256, W512 {
        abstract Species species();

        /**
         * sigma_b without a ceil instruction: clamp to [0, q], truncate, and add one where the clamped value
         * exceeds its truncation (for x in (0, q) that is ceil; -0.0 and 0 stay 0).
         */
        static IntVector codes(VectorSpecies<Integer> is, FloatVector v, float q) {
            FloatVector c = v.max(0f).min(q);
            IntVector t = (IntVector) c.convert(VectorOperators.F2I, 0);
            VectorMask<Integer> up = c.compare(VectorOperators.GT, (FloatVector) t.convert(VectorOperators.I2F, 0)).cast(is);
            return t.add(1, up);
        }

        /**
         * Codes of {@code src[base..base+count)} (whole vectors) OR-ed into the plane words {@code words[p]} at bit
         * positions 0..count; returns a nonzero mask if there was a NaN.
         */
        final long quantizeWord(float[] src, int base, int count, int bits, long[] words) {
            VectorSpecies<Float> s = species().floats();
            VectorSpecies<Integer> is = species().ints();
            float q = (1 << bits) - 1;
            long nan = 0;
            for (int b = 0; b < count; b += s.length()) {
                FloatVector v = FloatVector.fromArray(s, src, base + b);
                nan |= v.test(VectorOperators.IS_NAN).toLong();
                IntVector code = codes(is, v, q);
                for (int p = 0; p < bits; p++) {
                    words[p] |= code.and(1 << p).compare(VectorOperators.NE, 0).toLong() << b;
                }
            }
            return nan;
        }

        /** Bits of the byte codes {@code codes[base..base+count)} into {@code words}; nonzero if a code exceeds 2^bits - 1. */
        final long packWord(byte[] codes, int base, int count, int bits, long[] words) {
            VectorSpecies<Byte> s = species().bytes();
            byte above = (byte) ~((1 << bits) - 1);
            long bad = 0;
            for (int b = 0; b < count; b += s.length()) {
                ByteVector v = ByteVector.fromArray(s, codes, base + b);
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
        final void sampleBy4(MemorySegment a, long aOff, long stride, int planes, MemorySegment w, long wOff, long bytes,
                long[] res) {
            VectorSpecies<Long> s = species().longs();
            LongVector c0 = LongVector.zero(s), c1 = c0, c2 = c0, c3 = c0;
            for (int p = planes - 1; p >= 0; p--) {
                c0 = c0.add(c0);
                c1 = c1.add(c1);
                c2 = c2.add(c2);
                c3 = c3.add(c3);
                long ao = aOff + p * stride;
                for (long o = 0; o < bytes; o += s.vectorByteSize()) {
                    LongVector x = LongVector.fromMemorySegment(s, a, ao + o, ORDER);
                    long wo = wOff + o;
                    c0 = c0.add(x.and(LongVector.fromMemorySegment(s, w, wo, ORDER)).lanewise(VectorOperators.BIT_COUNT));
                    c1 = c1.add(x.and(LongVector.fromMemorySegment(s, w, wo + stride, ORDER))
                            .lanewise(VectorOperators.BIT_COUNT));
                    c2 = c2.add(x.and(LongVector.fromMemorySegment(s, w, wo + 2 * stride, ORDER))
                            .lanewise(VectorOperators.BIT_COUNT));
                    c3 = c3.add(x.and(LongVector.fromMemorySegment(s, w, wo + 3 * stride, ORDER))
                            .lanewise(VectorOperators.BIT_COUNT));
                }
            }
            res[0] = c0.reduceLanes(VectorOperators.ADD);
            res[1] = c1.reduceLanes(VectorOperators.ADD);
            res[2] = c2.reduceLanes(VectorOperators.ADD);
            res[3] = c3.reduceLanes(VectorOperators.ADD);
        }

        /** {@code sum_p 2^p popcount(plane_p)}: the sum of the sample's codes. */
        final long codeSum(MemorySegment a, long aOff, long stride, int planes, long bytes) {
            VectorSpecies<Long> s = species().longs();
            LongVector c = LongVector.zero(s);
            for (int p = planes - 1; p >= 0; p--) {
                c = c.add(c);
                long ao = aOff + p * stride;
                for (long o = 0; o < bytes; o += s.vectorByteSize()) {
                    c = c.add(LongVector.fromMemorySegment(s, a, ao + o, ORDER).lanewise(VectorOperators.BIT_COUNT));
                }
            }
            return c.reduceLanes(VectorOperators.ADD);
        }

        /** {@link #sampleBy4} for a single weight row. */
        final long sampleBy1(MemorySegment a, long aOff, long stride, int planes, MemorySegment w, long wOff, long bytes) {
            VectorSpecies<Long> s = species().longs();
            LongVector c = LongVector.zero(s);
            for (int p = planes - 1; p >= 0; p--) {
                c = c.add(c);
                long ao = aOff + p * stride;
                for (long o = 0; o < bytes; o += s.vectorByteSize()) {
                    c = c.add(LongVector.fromMemorySegment(s, a, ao + o, ORDER)
                            .and(LongVector.fromMemorySegment(s, w, wOff + o, ORDER)).lanewise(VectorOperators.BIT_COUNT));
                }
            }
            return c.reduceLanes(VectorOperators.ADD);
        }

        /** {@code g'} over whole vectors {@code src[off..off+count)}; true (and stops) at the first vector with a NaN. */
        final boolean surrogateDerivative(Surrogate g, int bits, float[] src, int off, int count, float[] dst, int dstOff) {
            VectorSpecies<Float> s = species().floats();
            float q = (1 << bits) - 1;
            FloatVector zero = FloatVector.zero(s);
            for (int i = 0; i < count; i += s.length()) {
                FloatVector x = FloatVector.fromArray(s, src, off + i);
                if (x.test(VectorOperators.IS_NAN).anyTrue()) {
                    return true;
                }
                VectorMask<Float> pos = x.compare(VectorOperators.GT, 0f);
                FloatVector d = switch (g) {
                    case RELU -> zero.blend(1f, pos);
                    case REVEXP -> x.div(-q).lanewise(VectorOperators.EXP).blend(zero, pos.not());
                    // same operation order as the scalar 1f / (x - q + 1f), so the results are identical
                    case LOGTAIL -> zero.blend(1f, pos).blend(zero.add(1f).div(x.sub(q).add(1f)),
                            x.compare(VectorOperators.GT, q));
                    case IDENTITY -> zero.add(1f);
                    case CLIPPED -> zero.blend(1f, pos.and(x.compare(VectorOperators.LT, q)));
                };
                d.intoArray(dst, dstOff + i);
            }
            return false;
        }
    }

    /** The species of one width; a record, so C2 trusts its fields as constants once the record is one. */
    record Species(VectorSpecies<Long> longs, VectorSpecies<Float> floats, VectorSpecies<Integer> ints,
            VectorSpecies<Byte> bytes) {
    }

    static final Species S128 = new Species(LongVector.SPECIES_128, FloatVector.SPECIES_128, IntVector.SPECIES_128,
            ByteVector.SPECIES_128);
    static final Species S256 = new Species(LongVector.SPECIES_256, FloatVector.SPECIES_256, IntVector.SPECIES_256,
            ByteVector.SPECIES_256);
    static final Species S512 = new Species(LongVector.SPECIES_512, FloatVector.SPECIES_512, IntVector.SPECIES_512,
            ByteVector.SPECIES_512);

    static final class W128 extends Width {
        Species species() {
            return S128;
        }
    }

    static final class W256 extends Width {
        Species species() {
            return S256;
        }
    }

    static final class W512 extends Width {
        Species species() {
            return S512;
        }
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
