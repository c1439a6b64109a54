package dev.bitste.bits;

import dev.bitste.util.Checks;
import java.lang.foreign.MemorySegment;

/**
 * A rows x cols matrix of b-bit unsigned codes (0 .. 2^b - 1, e.g. quantized ReLU activations),
 * stored as b bit-planes: plane p of row r holds bit p of every code of that row, in the packed
 * layout of {@link PackedBits} (LSB first, padding zero).
 *
 * <p>The planes live in one {@link BitMatrix} of {@code rows * bits} rows, plane p of row r being
 * matrix row {@code r * bits + p}: the b planes of a row are adjacent, so a bit-serial kernel streams
 * them next to each other, and every plane row shares the stride of a weight matrix with the same cols.
 */
public final class BitPlanes {
    /** Widest code supported: 8 bits (a byte, e.g. a pixel). */
    public static final int MAX_BITS = 8;

    private final int rows;
    private final int bits;
    private final BitMatrix planes;

    private BitPlanes(int rows, int bits, BitMatrix planes) {
        this.rows = rows;
        this.bits = bits;
        this.planes = planes;
    }

    /** Checks that {@code bits} is in 1..8 and returns it. */
    public static int checkBits(int bits) {
        if (bits < 1 || bits > MAX_BITS) {
            throw new IllegalArgumentException("bits must be in 1.." + MAX_BITS + ", got " + bits);
        }
        return bits;
    }

    /** Largest code of {@code bits} bits: {@code 2^bits - 1} (q_b in docs/algorithms.md). */
    public static int maxCode(int bits) {
        return (1 << checkBits(bits)) - 1;
    }

    /** Zeroed writable storage for the planes of {@code rows x cols} codes of {@code bits} bits. */
    public static MemorySegment allocate(int rows, int cols, int bits) {
        Checks.positive("rows", rows);
        checkBits(bits);
        return PackedBits.allocate(Math.multiplyExact(rows, bits), cols);
    }

    /** Byte offset of plane {@code p} of row {@code r} in storage for codes of {@code cols} columns. */
    public static long planeOffset(int r, int p, int cols, int bits) {
        return ((long) r * bits + p) * PackedBits.strideWords(cols) * Long.BYTES;
    }

    /** Takes ownership of storage from {@link #allocate}, checking its size and that padding is zero. */
    public static BitPlanes adopt(MemorySegment storage, int rows, int cols, int bits) {
        Checks.positive("rows", rows);
        checkBits(bits);
        return new BitPlanes(rows, bits, BitMatrix.adopt(storage, Math.multiplyExact(rows, bits), cols));
    }

    /** Packs row-major codes; a code outside 0 .. 2^bits - 1 is rejected with its index. */
    public static BitPlanes ofCodes(int[] codes, int rows, int cols, int bits) {
        Checks.notNull("codes", codes);
        Checks.positive("rows", rows);
        Checks.positive("cols", cols);
        int max = maxCode(bits);
        Checks.sameLength("codes", Math.multiplyExact(rows, cols), codes.length);
        for (int i = 0; i < codes.length; i++) {
            if (codes[i] < 0 || codes[i] > max) {
                throw new IllegalArgumentException("codes[" + i + "] is " + codes[i] + " (must be in 0.." + max
                        + " for " + bits + " bits)");
            }
        }
        boolean[][] planeBits = new boolean[rows * bits][cols];
        for (int r = 0; r < rows; r++) {
            for (int p = 0; p < bits; p++) {
                for (int c = 0; c < cols; c++) {
                    planeBits[r * bits + p][c] = (codes[r * cols + c] >>> p & 1) != 0;
                }
            }
        }
        return new BitPlanes(rows, bits, BitMatrix.of(planeBits));
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return planes.cols();
    }

    /** Bits per code (the number of planes per row). */
    public int bits() {
        return bits;
    }

    /** All planes as one matrix of {@code rows * bits} rows; plane p of row r is row {@code r * bits + p}. */
    public BitMatrix planes() {
        return planes;
    }

    /** Plane {@code p} of row {@code r} as a {0,1} vector (a copy). */
    public BitVector plane(int r, int p) {
        Checks.index("row", r, rows);
        Checks.index("plane", p, bits);
        return planes.row(r * bits + p);
    }

    /** The code at row {@code r}, column {@code c}. */
    public int code(int r, int c) {
        Checks.index("row", r, rows);
        int code = 0;
        for (int p = 0; p < bits; p++) {
            code |= (planes.bit(r * bits + p, c) ? 1 : 0) << p;
        }
        return code;
    }

    /** All codes, row-major. */
    public int[] codes() {
        int[] out = new int[rows * cols()];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols(); c++) {
                out[r * cols() + c] = code(r, c);
            }
        }
        return out;
    }

    /** Sum of the codes of row {@code r}: {@code sum_p 2^p popcount(plane_p)}. */
    public long codeSum(int r) {
        Checks.index("row", r, rows);
        long sum = 0;
        for (int p = 0; p < bits; p++) {
            int pop = 0;
            for (int w = 0; w < planes.wordsPerRow(); w++) {
                pop += Long.bitCount(planes.word(r * bits + p, w));
            }
            sum += (long) pop << p;
        }
        return sum;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BitPlanes b && b.bits == bits && b.rows == rows && b.planes.equals(planes);
    }

    @Override
    public int hashCode() {
        return 31 * bits + planes.hashCode();
    }

    @Override
    public String toString() {
        return "BitPlanes[" + rows + "x" + cols() + ", " + bits + " bits]";
    }
}
