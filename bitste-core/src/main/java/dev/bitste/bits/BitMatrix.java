package dev.bitste.bits;

import dev.bitste.util.Checks;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.Function;

/** A row-major matrix of packed ±1 values (rows x cols), each row padded and 64-byte aligned. */
public final class BitMatrix extends PackedBits {
    /** The last derived layout ({@link #derived}): one entry, so memory stays bounded. */
    private volatile Derived derived;

    private record Derived(Object key, Object value) {
    }

    private BitMatrix(int rows, int cols, MemorySegment writable) {
        super(rows, cols, writable);
    }

    /** Takes ownership of storage from {@link #allocate(int, int)} after checking its size and padding. */
    public static BitMatrix adopt(MemorySegment storage, int rows, int cols) {
        Checks.notNull("storage", storage);
        Checks.positive("rows", rows);
        Checks.positive("cols", cols);
        BitVector.checkSize(storage, rows, cols);
        checkPadding(storage, rows, cols, "storage");
        return new BitMatrix(rows, cols, storage);
    }

    /** Rows {@code [from, to)} as a matrix sharing this one's storage (no copy; rows stay 64-byte aligned). */
    public BitMatrix rows(int from, int to) {
        if (from < 0 || to > rows || to <= from) {
            throw new IllegalArgumentException("rows [" + from + ", " + to + ") is not a non-empty range of the "
                    + rows + " rows");
        }
        if (from == 0 && to == rows) {
            return this;
        }
        long stride = (long) strideWords * Long.BYTES;
        return new BitMatrix(to - from, cols, segment.asSlice(from * stride, (to - from) * stride));
    }

    /**
     * Sign projection of a row-major float matrix: bit = 1 iff {@code x >= 0}; NaN rejected with its index. A
     * plain loop: {@code BitKernels.signProject} is the SIMD version for hot paths.
     */
    public static BitMatrix ofSigns(float[] rowMajor, int rows, int cols) {
        checkRowMajor(Checks.notNull("rowMajor", rowMajor).length, rows, cols);
        return packRowMajor(rows, cols, i -> BitVector.atLeastZero(rowMajor, i));
    }

    /** Packs rows of booleans (true is +1); every row must have the same length. */
    public static BitMatrix of(boolean[][] bits) {
        Checks.notNull("bits", bits);
        Checks.positive("rows", bits.length);
        int cols = Checks.notNull("bits[0]", bits[0]).length;
        Checks.positive("cols", cols);
        MemorySegment seg = allocate(bits.length, cols);
        for (int r = 0; r < bits.length; r++) {
            boolean[] row = Checks.notNull("bits[" + r + "]", bits[r]);
            Checks.sameLength("bits[" + r + "]", cols, row.length);
            BitVector.fillRow(seg, (long) r * strideWords(cols), cols, i -> row[i]);
        }
        return new BitMatrix(bits.length, cols, seg);
    }

    /** Packs a row-major matrix of ±1 ints; any other value is rejected with its index. */
    public static BitMatrix ofSigns(int[] rowMajor, int rows, int cols) {
        checkRowMajor(Checks.notNull("rowMajor", rowMajor).length, rows, cols);
        return packRowMajor(rows, cols, i -> BitVector.isPlusOne("rowMajor", rowMajor, i));
    }

    private static void checkRowMajor(int length, int rows, int cols) {
        Checks.positive("rows", rows);
        Checks.positive("cols", cols);
        Checks.sameLength("rowMajor", Math.multiplyExact(rows, cols), length);
    }

    /** Packs {@code rows x cols} bits, bit (r, c) taken from {@code source} at the row-major index. */
    private static BitMatrix packRowMajor(int rows, int cols, BitVector.BitSource source) {
        MemorySegment seg = allocate(rows, cols);
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            BitVector.fillRow(seg, (long) r * strideWords(cols), cols, i -> source.bit(base + i));
        }
        return new BitMatrix(rows, cols, seg);
    }

    /** Wraps raw row-major words ({@code wordsFor(cols)} per row, LSB first); padding bits must be zero. */
    public static BitMatrix ofWords(long[] words, int rows, int cols) {
        Checks.notNull("words", words);
        Checks.positive("rows", rows);
        Checks.positive("cols", cols);
        int perRow = wordsFor(cols);
        Checks.sameLength("words", Math.multiplyExact(rows, perRow), words.length);
        MemorySegment seg = allocate(rows, cols);
        for (int r = 0; r < rows; r++) {
            MemorySegment.copy(words, r * perRow, seg, ValueLayout.JAVA_LONG, (long) r * strideWords(cols) * Long.BYTES,
                    perRow);
        }
        return adopt(seg, rows, cols);
    }

    /**
     * A layout derived from this matrix, computed on first use and kept while the key stays the same
     * (the matrix is immutable, so it never goes stale). The vector GEMM keeps its interleaved copy of
     * a weight matrix here, so a layer applied to many batches reorders its weights once. The value
     * must be treated as read-only.
     */
    @SuppressWarnings("unchecked")
    public <T> T derived(Object key, Function<? super BitMatrix, ? extends T> compute) {
        Checks.notNull("key", key);
        Derived d = derived;
        if (d == null || !d.key().equals(key)) {
            d = new Derived(key, Checks.notNull("derived value", compute.apply(this)));
            derived = d;
        }
        return (T) d.value();
    }

    /** Row {@code r} as a vector (a copy). */
    public BitVector row(int r) {
        return BitVector.ofWords(rowWords(r), cols);
    }

    /** The whole matrix unpacked to {@code ±scale}, row-major. */
    public float[] toFloats(float scale) {
        float[] out = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(rowToFloats(r, scale), 0, out, r * cols, cols);
        }
        return out;
    }
}
