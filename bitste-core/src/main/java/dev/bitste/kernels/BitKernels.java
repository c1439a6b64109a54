package dev.bitste.kernels;

import dev.bitste.bits.BitMatrix;
import dev.bitste.bits.BitVector;
import dev.bitste.bits.PackedBits;
import dev.bitste.util.Checks;
import dev.bitste.util.Shards;
import java.lang.foreign.MemorySegment;

/**
 * The public door to the packed-bit kernels: checks every argument (nulls, shapes, lengths, NaN)
 * with a message naming the bad value, then calls the chosen implementation. Padding bits need no
 * check here: {@link PackedBits} guarantees they are zero.
 */
public final class BitKernels extends CheckedKernels<BitKernelSupport> {
    private static final ThreadLocal<int[]> ROW_TILE = ThreadLocal.withInitial(() -> new int[0]);

    BitKernels(KernelChoice choice, BitKernelSupport impl) {
        super(choice, impl);
    }

    /** The kernels chosen at start-up from {@code -Dbitste.kernels} and {@code -Dbitste.vectorBits}. */
    public static BitKernels get() {
        return KernelProvider.get().bits();
    }

    /** The kernels of a given implementation. */
    public static BitKernels of(KernelChoice choice) {
        return KernelProvider.of(choice).bits();
    }

    /** ±1 dot product {@code n - 2 popcount(a XOR b)}. */
    public int dot(BitVector a, BitVector b) {
        Checks.notNull("a", a);
        Checks.notNull("b", b);
        sameCols("b", a.cols(), b.cols());
        return impl.dot(a, b);
    }

    /** {@code w (k x n) . x (n)} → {@code int[k]}. */
    public int[] gemv(BitMatrix w, BitVector x) {
        Checks.notNull("w", w);
        Checks.notNull("x", x);
        sameCols("x", w.cols(), x.cols());
        int[] out = new int[w.rows()];
        impl.gemv(w, x, out);
        return out;
    }

    /** The batched forward pass: {@code x (m x n)} against {@code w (k x n)} → {@code int[m * k]}, row-major. */
    public int[] gemm(BitMatrix x, BitMatrix w) {
        int[] out = new int[Checks.product("x.rows() * w.rows()", checkGemm(x, w).rows(), w.rows())];
        impl.gemm(x, w, out);
        return out;
    }

    /** {@link #gemm} into a caller's array of length m * k. */
    public void gemm(BitMatrix x, BitMatrix w, int[] out) {
        checkGemm(x, w);
        Checks.notNull("out", out);
        Checks.sameLength("out", Checks.product("x.rows() * w.rows()", x.rows(), w.rows()), out.length);
        impl.gemm(x, w, out);
    }

    /**
     * {@link #gemm(BitMatrix, BitMatrix, int[])} on {@code shards.count()} threads: the output is split into tiles of
     * contiguous rows of x, one per shard; each shard reads its rows of x and the whole of w (its interleaved copy
     * is kept on w: shards that race to make it make the same one) and writes only its own rows of {@code out}
     * (through a buffer of its thread's), so nothing mutable is shared and the result is the same for any shard
     * count.
     */
    public void parallelGemm(BitMatrix x, BitMatrix w, int[] out, Shards shards) {
        checkGemm(x, w);
        Checks.notNull("out", out);
        Checks.notNull("shards", shards);
        int k = w.rows();
        Checks.sameLength("out", Checks.product("x.rows() * w.rows()", x.rows(), k), out.length);
        if (shards.over(x.rows()) == 1) {
            impl.gemm(x, w, out);
            return;
        }
        shards.forEach(x.rows(), (s, from, to) -> {
            int[] rows = rowTile((to - from) * k);
            impl.gemm(x.rows(from, to), w, rows);
            System.arraycopy(rows, 0, out, from * k, (to - from) * k);
        });
    }

    /** This thread's buffer for a row tile of {@link #parallelGemm}, grown to {@code length} (gemm writes its start). */
    private static int[] rowTile(int length) {
        int[] b = ROW_TILE.get();
        if (b.length < length) {
            b = new int[length];
            ROW_TILE.set(b);
        }
        return b;
    }

    /** A binary layer: bit (i, j) = {@code dot(x_i, w_j) >= t[j]}, an m x k matrix (the next layer's input). */
    public BitMatrix gemmThreshold(BitMatrix x, BitMatrix w, int[] t) {
        checkGemm(x, w);
        Checks.notNull("t", t);
        Checks.sameLength("t", w.rows(), t.length);
        MemorySegment out = PackedBits.allocate(x.rows(), w.rows());
        impl.gemmThreshold(x, w, t, out);
        return BitMatrix.adopt(out, x.rows(), w.rows());
    }

    /** Binary activation of integer pre-activations: bit i = {@code values[i] >= t}. */
    public BitVector threshold(int[] values, int t) {
        Checks.notNull("values", values);
        Checks.positive("values.length", values.length);
        MemorySegment out = PackedBits.allocate(1, values.length);
        impl.threshold(values, 0, values.length, t, out, 0);
        return BitVector.adopt(out, values.length);
    }

    /** Binary activation of float pre-activations: bit i = {@code values[i] >= t}; NaN rejected with its index. */
    public BitVector threshold(float[] values, float t) {
        if (Float.isNaN(t)) {
            throw new IllegalArgumentException("t is NaN");
        }
        return packAtLeast("values", values, t);
    }

    /** Sign projection of latent weights: bit = 1 iff {@code x >= 0} (so -0.0 → +1); NaN → error naming the index. */
    public BitVector signProject(float[] latent) {
        return packAtLeast("latent", latent, 0f);
    }

    private BitVector packAtLeast(String name, float[] values, float t) {
        Checks.notNull(name, values);
        Checks.positive(name + ".length", values.length);
        MemorySegment out = PackedBits.allocate(1, values.length);
        rejectNaN(name, 0, impl.threshold(values, 0, values.length, t, out, 0));
        return BitVector.adopt(out, values.length);
    }

    /** Row-wise sign projection of a row-major {@code rows x cols} float matrix. */
    public BitMatrix signProject(float[] latent, int rows, int cols) {
        Checks.notNull("latent", latent);
        Checks.positive("rows", rows);
        Checks.positive("cols", cols);
        Checks.sameLength("latent", Math.multiplyExact(rows, cols), latent.length);
        MemorySegment out = PackedBits.allocate(rows, cols);
        long stride = (long) PackedBits.strideWords(cols) * Long.BYTES;
        for (int r = 0; r < rows; r++) {
            rejectNaN("latent", r * cols, impl.threshold(latent, r * cols, cols, 0f, out, r * stride));
        }
        return BitMatrix.adopt(out, rows, cols);
    }

    private static void rejectNaN(String name, int base, int nanIndex) {
        if (nanIndex >= 0) {
            throw new IllegalArgumentException(name + "[" + (base + nanIndex) + "] is NaN (cannot take its sign)");
        }
    }

    private static BitMatrix checkGemm(BitMatrix x, BitMatrix w) {
        Checks.notNull("x", x);
        Checks.notNull("w", w);
        sameCols("w", x.cols(), w.cols());
        return x;
    }

    private static void sameCols(String name, int expected, int actual) {
        if (expected != actual) {
            throw new IllegalArgumentException(name + " has " + actual + " columns (bits per row), expected " + expected);
        }
    }
}
