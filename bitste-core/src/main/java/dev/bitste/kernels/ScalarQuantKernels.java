package dev.bitste.kernels;

import dev.bitste.bits.BitPlanes;
import dev.bitste.bits.PackedBits;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** The reference multi-bit kernels: the definitions of docs/algorithms.md section 3 as plain loops. */
public final class ScalarQuantKernels implements QuantKernelSupport {
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG;

    @Override
    public String name() {
        return "scalar";
    }

    /**
     * The b-bit quantized ReLU: 0 for {@code x <= 0} (and -0.0), {@code ceil(x)} on {@code (0, 2^b - 1)},
     * {@code 2^b - 1} from there on; that is {@code ceil(x)} clamped to {@code [0, 2^b - 1]} (branch-free,
     * as training calls it for every unit of every sample). NaN is the caller's to reject.
     */
    public static int sigma(float x, int bits) {
        return (int) Math.min(Math.max((float) Math.ceil(x), 0f), (float) ((1 << bits) - 1));
    }

    @Override
    public int quantize(float[] src, int off, int n, int bits, MemorySegment dst, long dstOffset,
            long planeStrideBytes) {
        byte[] codes = new byte[n];
        for (int i = 0; i < n; i++) {
            if (Float.isNaN(src[off + i])) {
                return i;
            }
            codes[i] = (byte) sigma(src[off + i], bits);
        }
        packCodes(codes, 0, n, bits, dst, dstOffset, planeStrideBytes);
        return -1;
    }

    @Override
    public int packCodes(byte[] codes, int off, int n, int bits, MemorySegment dst, long dstOffset,
            long planeStrideBytes) {
        for (int i = 0; i < n; i++) {
            if (Byte.toUnsignedInt(codes[off + i]) >>> bits != 0) {
                return i;
            }
        }
        for (int p = 0; p < bits; p++) {
            for (int w = 0; w * 64 < n; w++) {
                long word = 0;
                int end = Math.min(64, n - w * 64);
                for (int b = 0; b < end; b++) {
                    word |= (long) (codes[off + w * 64 + b] >>> p & 1) << b;
                }
                dst.set(WORD, dstOffset + p * planeStrideBytes + (long) w * Long.BYTES, word);
            }
        }
        return -1;
    }

    @Override
    public void gemm(BitPlanes x, PackedBits w, int[] out) {
        PackedBits planes = x.planes();
        int bits = x.bits();
        int k = w.rows();
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < k; j++) {
                int sum = 0;
                for (int p = 0; p < bits; p++) {
                    int both = 0;
                    int ones = 0;
                    for (int word = 0; word < w.wordsPerRow(); word++) {
                        long plane = planes.word(i * bits + p, word);
                        both += Long.bitCount(plane & w.word(j, word));
                        ones += Long.bitCount(plane);
                    }
                    sum += (2 * both - ones) << p;
                }
                out[i * k + j] = sum;
            }
        }
    }

    @Override
    public int surrogateDerivative(Surrogate g, int bits, float[] src, int off, int n, float[] dst, int dstOff) {
        for (int i = 0; i < n; i++) {
            if (Float.isNaN(src[off + i])) {
                return i;
            }
            dst[dstOff + i] = g.derivative(src[off + i], bits);
        }
        return -1;
    }
}
