package dev.bitste.kernels;

import dev.bitste.bits.BitPlanes;
import dev.bitste.bits.PackedBits;
import dev.bitste.ste.Surrogate;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The multi-bit kernels on the Vector API, loaded by reflection like {@link VectorKernels}: each method
 * switches on the width to small static kernels called with {@code static final} species.
 *
 * <p>The bit-serial GEMM treats the {@code m * b} plane rows of the activations as one packed matrix
 * and computes {@code popcount(plane AND w)} for 4 plane rows x 4 weight rows at a time (16
 * accumulators: every loaded weight vector serves 4 planes, every plane vector 4 weight rows), then
 * folds each count into its output with the plane's weight {@code 2^(p+1)}, starting from
 * {@code -sum(codes)} of the row (the {@code -popcount(plane_p)} terms of all planes at once).
 */
final class VectorQuantKernels implements QuantKernelSupport {
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
    private static final VectorSpecies<Byte> B128 = ByteVector.SPECIES_128;
    private static final VectorSpecies<Byte> B256 = ByteVector.SPECIES_256;
    private static final VectorSpecies<Byte> B512 = ByteVector.SPECIES_512;

    private final int bits;

    VectorQuantKernels(int bits) {
        this.bits = bits == 0 ? VectorKernels.preferredBits() : bits;
    }

    @Override
    public String name() {
        return "vector-" + bits;
    }

    @Override
    public int quantize(float[] src, int off, int n, int b, MemorySegment dst, long dstOffset, long planeStride) {
        return switch (bits) {
            case 128 -> quantize(F128, I128, src, off, n, b, dst, dstOffset, planeStride);
            case 256 -> quantize(F256, I256, src, off, n, b, dst, dstOffset, planeStride);
            default -> quantize(F512, I512, src, off, n, b, dst, dstOffset, planeStride);
        };
    }

    @Override
    public int packCodes(byte[] codes, int off, int n, int b, MemorySegment dst, long dstOffset, long planeStride) {
        return switch (bits) {
            case 128 -> packCodes(B128, codes, off, n, b, dst, dstOffset, planeStride);
            case 256 -> packCodes(B256, codes, off, n, b, dst, dstOffset, planeStride);
            default -> packCodes(B512, codes, off, n, b, dst, dstOffset, planeStride);
        };
    }

    @Override
    public void gemm(BitPlanes x, PackedBits w, int[] out) {
        switch (bits) {
            case 128 -> gemm(L128, x, w, out);
            case 256 -> gemm(L256, x, w, out);
            default -> gemm(L512, x, w, out);
        }
    }

    @Override
    public int surrogateDerivative(Surrogate g, int b, float[] src, int off, int n, float[] dst, int dstOff) {
        return switch (bits) {
            case 128 -> surrogateDerivative(F128, g, b, src, off, n, dst, dstOff);
            case 256 -> surrogateDerivative(F256, g, b, src, off, n, dst, dstOff);
            default -> surrogateDerivative(F512, g, b, src, off, n, dst, dstOff);
        };
    }

    // ---- quantized ReLU and packing ----

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

    static int quantize(VectorSpecies<Float> s, VectorSpecies<Integer> is, float[] src, int off, int n, int bits,
            MemorySegment dst, long dstOffset, long planeStride) {
        float q = (1 << bits) - 1;
        int lanes = s.length();
        long[] words = new long[bits];
        for (int w = 0; w * 64 < n; w++) {
            Arrays.fill(words, 0L);
            long nan = 0;
            int end = Math.min(64, n - w * 64);
            int b = 0;
            for (; b + lanes <= end; b += lanes) {
                FloatVector v = FloatVector.fromArray(s, src, off + w * 64 + b);
                nan |= v.test(VectorOperators.IS_NAN).toLong();
                IntVector code = codes(is, v, q);
                for (int p = 0; p < bits; p++) {
                    words[p] |= code.and(1 << p).compare(VectorOperators.NE, 0).toLong() << b;
                }
            }
            for (; b < end; b++) {
                float x = src[off + w * 64 + b];
                nan |= Float.isNaN(x) ? 1L : 0L;
                int code = ScalarQuantKernels.sigma(x, bits);
                for (int p = 0; p < bits; p++) {
                    words[p] |= (long) (code >>> p & 1) << b;
                }
            }
            if (nan != 0) {
                return firstNaN(src, off, n);
            }
            for (int p = 0; p < bits; p++) {
                dst.set(ValueLayout.JAVA_LONG, dstOffset + p * planeStride + (long) w * Long.BYTES, words[p]);
            }
        }
        return -1;
    }

    static int packCodes(VectorSpecies<Byte> s, byte[] codes, int off, int n, int bits, MemorySegment dst,
            long dstOffset, long planeStride) {
        byte q = (byte) ((1 << bits) - 1);
        int lanes = s.length();
        long[] words = new long[bits];
        for (int w = 0; w * 64 < n; w++) {
            Arrays.fill(words, 0L);
            long bad = 0;
            int end = Math.min(64, n - w * 64);
            int b = 0;
            for (; b + lanes <= end; b += lanes) {
                ByteVector v = ByteVector.fromArray(s, codes, off + w * 64 + b);
                bad |= v.and((byte) ~q).compare(VectorOperators.NE, 0).toLong();
                for (int p = 0; p < bits; p++) {
                    words[p] |= v.and((byte) (1 << p)).compare(VectorOperators.NE, 0).toLong() << b;
                }
            }
            for (; b < end; b++) {
                int code = Byte.toUnsignedInt(codes[off + w * 64 + b]);
                bad |= code >>> bits;
                for (int p = 0; p < bits; p++) {
                    words[p] |= (long) (code >>> p & 1) << b;
                }
            }
            if (bad != 0) {
                return firstAbove(codes, off, n, bits);
            }
            for (int p = 0; p < bits; p++) {
                dst.set(ValueLayout.JAVA_LONG, dstOffset + p * planeStride + (long) w * Long.BYTES, words[p]);
            }
        }
        return -1;
    }

    // ---- bit-serial GEMM ----

    static void gemm(VectorSpecies<Long> s, BitPlanes x, PackedBits w, int[] out) {
        int bits = x.bits();
        int k = w.rows();
        int planeRows = x.rows() * bits;
        PackedBits planes = x.planes();
        for (int i = 0; i < x.rows(); i++) {
            Arrays.fill(out, i * k, (i + 1) * k, (int) -x.codeSum(i));
        }
        int[] block = new int[16];
        int r = 0;
        for (; r + 4 <= planeRows; r += 4) {
            int j = 0;
            for (; j + 4 <= k; j += 4) {
                andPopCount4x4(s, planes, r, w, j, block);
                for (int a = 0; a < 4; a++) {
                    int base = (r + a) / bits * k + j;
                    int shift = (r + a) % bits + 1;
                    for (int c = 0; c < 4; c++) {
                        out[base + c] += block[a * 4 + c] << shift;
                    }
                }
            }
            for (; j < k; j++) {
                for (int a = 0; a < 4; a++) {
                    out[(r + a) / bits * k + j] += andPopCount(s, planes, r + a, w, j) << ((r + a) % bits + 1);
                }
            }
        }
        for (; r < planeRows; r++) {
            int base = r / bits * k;
            int shift = r % bits + 1;
            int j = 0;
            for (; j + 4 <= k; j += 4) {
                andPopCount1x4(s, planes, r, w, j, block);
                for (int c = 0; c < 4; c++) {
                    out[base + j + c] += block[c] << shift;
                }
            }
            for (; j < k; j++) {
                out[base + j] += andPopCount(s, planes, r, w, j) << shift;
            }
        }
    }

    /** popcount(a.row(ra) AND w.row(j)) over whole vectors (padding words are zero). */
    static int andPopCount(VectorSpecies<Long> s, PackedBits a, int ra, PackedBits w, int j) {
        MemorySegment as = a.segment();
        MemorySegment ws = w.segment();
        long aOff = a.rowOffset(ra);
        long wOff = w.rowOffset(j);
        long bytes = (long) a.wordsPerRow() * Long.BYTES;
        LongVector acc = LongVector.zero(s);
        for (long o = 0; o < bytes; o += s.vectorByteSize()) {
            acc = acc.add(LongVector.fromMemorySegment(s, as, aOff + o, ORDER)
                    .and(LongVector.fromMemorySegment(s, ws, wOff + o, ORDER)).lanewise(VectorOperators.BIT_COUNT));
        }
        return (int) acc.reduceLanes(VectorOperators.ADD);
    }

    /** One plane row against weight rows j..j+3: each plane vector is loaded once for four weight rows. */
    static void andPopCount1x4(VectorSpecies<Long> s, PackedBits a, int ra, PackedBits w, int j, int[] res) {
        MemorySegment as = a.segment();
        MemorySegment ws = w.segment();
        long aOff = a.rowOffset(ra);
        long wOff = w.rowOffset(j);
        long ws1 = w.strideWords() * (long) Long.BYTES;
        long bytes = (long) a.wordsPerRow() * Long.BYTES;
        LongVector c0 = LongVector.zero(s), c1 = c0, c2 = c0, c3 = c0;
        for (long o = 0; o < bytes; o += s.vectorByteSize()) {
            LongVector av = LongVector.fromMemorySegment(s, as, aOff + o, ORDER);
            c0 = c0.add(av.and(LongVector.fromMemorySegment(s, ws, wOff + o, ORDER)).lanewise(VectorOperators.BIT_COUNT));
            c1 = c1.add(av.and(LongVector.fromMemorySegment(s, ws, wOff + ws1 + o, ORDER))
                    .lanewise(VectorOperators.BIT_COUNT));
            c2 = c2.add(av.and(LongVector.fromMemorySegment(s, ws, wOff + 2 * ws1 + o, ORDER))
                    .lanewise(VectorOperators.BIT_COUNT));
            c3 = c3.add(av.and(LongVector.fromMemorySegment(s, ws, wOff + 3 * ws1 + o, ORDER))
                    .lanewise(VectorOperators.BIT_COUNT));
        }
        res[0] = (int) c0.reduceLanes(VectorOperators.ADD);
        res[1] = (int) c1.reduceLanes(VectorOperators.ADD);
        res[2] = (int) c2.reduceLanes(VectorOperators.ADD);
        res[3] = (int) c3.reduceLanes(VectorOperators.ADD);
    }

    /** Plane rows ra..ra+3 against weight rows j..j+3 (row-major counts in {@code res[16]}). */
    static void andPopCount4x4(VectorSpecies<Long> s, PackedBits a, int ra, PackedBits w, int j, int[] res) {
        MemorySegment as = a.segment();
        MemorySegment ws = w.segment();
        long a0 = a.rowOffset(ra);
        long w0 = w.rowOffset(j);
        long as1 = a.strideWords() * (long) Long.BYTES;
        long ws1 = w.strideWords() * (long) Long.BYTES;
        long bytes = (long) a.wordsPerRow() * Long.BYTES;
        LongVector c00 = LongVector.zero(s), c01 = c00, c02 = c00, c03 = c00;
        LongVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        LongVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        LongVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        for (long o = 0; o < bytes; o += s.vectorByteSize()) {
            LongVector x0 = LongVector.fromMemorySegment(s, as, a0 + o, ORDER);
            LongVector x1 = LongVector.fromMemorySegment(s, as, a0 + as1 + o, ORDER);
            LongVector x2 = LongVector.fromMemorySegment(s, as, a0 + 2 * as1 + o, ORDER);
            LongVector x3 = LongVector.fromMemorySegment(s, as, a0 + 3 * as1 + o, ORDER);
            LongVector v = LongVector.fromMemorySegment(s, ws, w0 + o, ORDER);
            c00 = c00.add(x0.and(v).lanewise(VectorOperators.BIT_COUNT));
            c10 = c10.add(x1.and(v).lanewise(VectorOperators.BIT_COUNT));
            c20 = c20.add(x2.and(v).lanewise(VectorOperators.BIT_COUNT));
            c30 = c30.add(x3.and(v).lanewise(VectorOperators.BIT_COUNT));
            v = LongVector.fromMemorySegment(s, ws, w0 + ws1 + o, ORDER);
            c01 = c01.add(x0.and(v).lanewise(VectorOperators.BIT_COUNT));
            c11 = c11.add(x1.and(v).lanewise(VectorOperators.BIT_COUNT));
            c21 = c21.add(x2.and(v).lanewise(VectorOperators.BIT_COUNT));
            c31 = c31.add(x3.and(v).lanewise(VectorOperators.BIT_COUNT));
            v = LongVector.fromMemorySegment(s, ws, w0 + 2 * ws1 + o, ORDER);
            c02 = c02.add(x0.and(v).lanewise(VectorOperators.BIT_COUNT));
            c12 = c12.add(x1.and(v).lanewise(VectorOperators.BIT_COUNT));
            c22 = c22.add(x2.and(v).lanewise(VectorOperators.BIT_COUNT));
            c32 = c32.add(x3.and(v).lanewise(VectorOperators.BIT_COUNT));
            v = LongVector.fromMemorySegment(s, ws, w0 + 3 * ws1 + o, ORDER);
            c03 = c03.add(x0.and(v).lanewise(VectorOperators.BIT_COUNT));
            c13 = c13.add(x1.and(v).lanewise(VectorOperators.BIT_COUNT));
            c23 = c23.add(x2.and(v).lanewise(VectorOperators.BIT_COUNT));
            c33 = c33.add(x3.and(v).lanewise(VectorOperators.BIT_COUNT));
        }
        res[0] = (int) c00.reduceLanes(VectorOperators.ADD);
        res[1] = (int) c01.reduceLanes(VectorOperators.ADD);
        res[2] = (int) c02.reduceLanes(VectorOperators.ADD);
        res[3] = (int) c03.reduceLanes(VectorOperators.ADD);
        res[4] = (int) c10.reduceLanes(VectorOperators.ADD);
        res[5] = (int) c11.reduceLanes(VectorOperators.ADD);
        res[6] = (int) c12.reduceLanes(VectorOperators.ADD);
        res[7] = (int) c13.reduceLanes(VectorOperators.ADD);
        res[8] = (int) c20.reduceLanes(VectorOperators.ADD);
        res[9] = (int) c21.reduceLanes(VectorOperators.ADD);
        res[10] = (int) c22.reduceLanes(VectorOperators.ADD);
        res[11] = (int) c23.reduceLanes(VectorOperators.ADD);
        res[12] = (int) c30.reduceLanes(VectorOperators.ADD);
        res[13] = (int) c31.reduceLanes(VectorOperators.ADD);
        res[14] = (int) c32.reduceLanes(VectorOperators.ADD);
        res[15] = (int) c33.reduceLanes(VectorOperators.ADD);
    }

    // ---- surrogate derivatives ----

    static int surrogateDerivative(VectorSpecies<Float> s, Surrogate g, int bits, float[] src, int off, int n,
            float[] dst, int dstOff) {
        float q = (1 << bits) - 1;
        int lanes = s.length();
        int i = 0;
        for (; i + lanes <= n; i += lanes) {
            FloatVector x = FloatVector.fromArray(s, src, off + i);
            if (x.test(VectorOperators.IS_NAN).anyTrue()) {
                return firstNaN(src, off, n);
            }
            FloatVector zero = FloatVector.zero(s);
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
        for (; i < n; i++) {
            if (Float.isNaN(src[off + i])) {
                return i;
            }
            dst[dstOff + i] = g.derivative(src[off + i], bits);
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

    private static int firstAbove(byte[] codes, int off, int n, int bits) {
        for (int i = 0; i < n; i++) {
            if (Byte.toUnsignedInt(codes[off + i]) >>> bits != 0) {
                return i;
            }
        }
        throw new AssertionError("a code above 2^bits - 1 was seen but not found again");
    }
}
