package dev.bitste.kernels;

import dev.bitste.bits.BitMatrix;
import dev.bitste.bits.BitPlanes;
import dev.bitste.bits.BitVector;
import dev.bitste.bits.PackedBits;
import dev.bitste.util.Checks;
import java.lang.foreign.MemorySegment;
import java.util.function.IntFunction;

/**
 * The public door to the multi-bit activation kernels (docs/algorithms.md section 3): b-bit quantized ReLU
 * into bit-planes, packing of byte codes (e.g. 8-bit pixels), the bit-serial dot / GEMV / GEMM of
 * b-bit activations with ±1 weights, and the STE surrogate derivatives. Checks every argument, then
 * calls the chosen implementation ({@link KernelChoice}).
 */
public final class QuantKernels extends CheckedKernels<QuantKernelSupport> {
    QuantKernels(KernelChoice choice, QuantKernelSupport impl) {
        super(choice, impl);
    }

    /** The kernels chosen at start-up from {@code -Dbitste.kernels} and {@code -Dbitste.vectorBits}. */
    public static QuantKernels get() {
        return KernelProvider.get().quant();
    }

    /** The kernels of a given implementation. */
    public static QuantKernels of(KernelChoice choice) {
        return KernelProvider.of(choice).quant();
    }

    /** {@code sigma_b} of one value (the scalar definition); NaN is rejected. */
    public static int sigma(float x, int bits) {
        BitPlanes.checkBits(bits);
        if (Float.isNaN(x)) {
            throw new IllegalArgumentException("x is NaN (cannot quantize it)");
        }
        return ScalarQuantKernels.sigma(x, bits);
    }

    /** The b-bit quantized ReLU of a vector, as one row of bit-planes; NaN rejected with its index. */
    public BitPlanes quantize(float[] values, int bits) {
        Checks.notNull("values", values);
        return quantize(values, 1, values.length, bits);
    }

    /** The b-bit quantized ReLU of a row-major {@code rows x cols} matrix; NaN rejected with its index. */
    public BitPlanes quantize(float[] rowMajor, int rows, int cols, int bits) {
        Checks.notNull("rowMajor", rowMajor);
        return planes("rowMajor", rowMajor.length, rows, cols, bits, (r, out, offset, planeStride) -> impl.quantize(rowMajor, r * cols, cols, bits,
                out, offset, planeStride), at -> "rowMajor[" + at + "] is NaN (cannot quantize it)");
    }

    /**
     * Bit-planes of row-major unsigned byte codes (e.g. 8-bit pixels with {@code bits = 8}); a code above
     * {@code 2^bits - 1} is rejected with its index.
     */
    public BitPlanes pack(byte[] codes, int rows, int cols, int bits) {
        Checks.notNull("codes", codes);
        return planes("codes", codes.length, rows, cols, bits, (r, out, offset, planeStride) -> impl.packCodes(codes, r * cols, cols, bits,
                out, offset, planeStride), at -> "codes[" + at + "] is " + Byte.toUnsignedInt(codes[at])
                + " (must be in 0.." + BitPlanes.maxCode(bits) + " for " + bits + " bits)");
    }

    /** Writes the planes of one row; returns the column of its first bad input, or -1. */
    @FunctionalInterface
    private interface RowPacker {
        int pack(int row, MemorySegment out, long offset, long planeStride);
    }

    /** Checks the shape, fills fresh planes row by row, rejecting the first bad input with a message about its flat index. */
    private static BitPlanes planes(String name, int length, int rows, int cols, int bits, RowPacker packer,
            IntFunction<String> badInput) {
        Checks.positive("rows", rows);
        Checks.positive("cols", cols);
        Checks.sameLength(name, Math.multiplyExact(rows, cols), length);
        MemorySegment out = BitPlanes.allocate(rows, cols, bits);
        long planeStride = BitPlanes.planeOffset(0, 1, cols, bits);
        for (int r = 0; r < rows; r++) {
            int bad = packer.pack(r, out, BitPlanes.planeOffset(r, 0, cols, bits), planeStride);
            if (bad >= 0) {
                throw new IllegalArgumentException(badInput.apply(r * cols + bad));
            }
        }
        return BitPlanes.adopt(out, rows, cols, bits);
    }

    /**
     * Most columns a bit-serial product accepts at {@code bits} bits: a result reaches
     * {@code cols * (2^bits - 1)} in magnitude and must fit the {@code int} it is returned in
     * (8 421 504 columns at 8 bits). Wider products are rejected, not wrapped around.
     */
    public static int maxCols(int bits) {
        return Integer.MAX_VALUE / BitPlanes.maxCode(bits);
    }

    /** {@code sum_c code(c) * sign(w_c)} for a single row of codes and a ±1 vector. */
    public int dot(BitPlanes x, BitVector w) {
        checkShapes(x, w);
        singleRow(x);
        int[] out = new int[1];
        impl.gemm(x, w, out);
        return out[0];
    }

    /** One row of codes against every row of {@code w (k x n)} → {@code int[k]}. */
    public int[] gemv(BitPlanes x, BitMatrix w) {
        checkShapes(x, w);
        singleRow(x);
        int[] out = new int[w.rows()];
        impl.gemm(x, w, out);
        return out;
    }

    /** Codes {@code x (m x n)} against ±1 weights {@code w (k x n)} → {@code int[m * k]}, row-major. */
    public int[] gemm(BitPlanes x, BitMatrix w) {
        checkShapes(x, w);
        int[] out = new int[Checks.product("x.rows() * w.rows()", x.rows(), w.rows())];
        impl.gemm(x, w, out);
        return out;
    }

    /** {@link #gemm(BitPlanes, BitMatrix)} into a caller's array of length m * k. */
    public void gemm(BitPlanes x, BitMatrix w, int[] out) {
        checkShapes(x, w);
        Checks.notNull("out", out);
        Checks.sameLength("out", Checks.product("x.rows() * w.rows()", x.rows(), w.rows()), out.length);
        impl.gemm(x, w, out);
    }

    /** {@code g'} of every pre-activation, a new array; NaN rejected with its index. */
    public float[] surrogateDerivative(Surrogate g, int bits, float[] h) {
        Checks.notNull("h", h);
        float[] out = new float[h.length];
        surrogateDerivative(g, bits, h, 0, h.length, out, 0);
        return out;
    }

    /** {@code dst[dstOff + i] = g'(src[off + i])} for {@code i < n}; NaN rejected with its index. */
    public void surrogateDerivative(Surrogate g, int bits, float[] src, int off, int n, float[] dst, int dstOff) {
        Checks.notNull("g", g);
        BitPlanes.checkBits(bits);
        Checks.notNull("src", src);
        Checks.notNull("dst", dst);
        Checks.range("src", src.length, off, n);
        Checks.range("dst", dst.length, dstOff, n);
        int bad = impl.surrogateDerivative(g, bits, src, off, n, dst, dstOff);
        if (bad >= 0) {
            throw new IllegalArgumentException("src[" + (off + bad) + "] is NaN");
        }
    }

    private static void checkShapes(BitPlanes x, PackedBits w) {
        Checks.notNull("x", x);
        Checks.notNull("w", w);
        if (w.cols() != x.cols()) {
            throw new IllegalArgumentException("w has " + w.cols() + " columns, expected " + x.cols()
                    + " (the activations' columns)");
        }
        if (x.cols() > maxCols(x.bits())) {
            throw new IllegalArgumentException("x has " + x.cols() + " columns of " + x.bits() + "-bit codes: a product"
                    + " can reach " + x.cols() + " * " + BitPlanes.maxCode(x.bits()) + ", beyond an int result; at most "
                    + maxCols(x.bits()) + " columns at " + x.bits() + " bits (QuantKernels.maxCols)");
        }
    }

    private static void singleRow(BitPlanes x) {
        if (x.rows() != 1) {
            throw new IllegalArgumentException("x has " + x.rows() + " rows, expected 1 (use gemm for several)");
        }
    }
}
