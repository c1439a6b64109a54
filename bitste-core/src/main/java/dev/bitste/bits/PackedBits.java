package dev.bitste.bits;

import dev.bitste.util.Checks;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Rows of packed bits in one 64-byte-aligned native segment (see docs/algorithms.md section 1).
 *
 * <p>Element {@code i} of a row is bit {@code i % 64} of word {@code i / 64}, least significant bit
 * first. Each row is padded to a whole number of 512-bit blocks ({@link #STRIDE_ALIGN_WORDS} words),
 * so every row starts 64-byte aligned and a SIMD loop of any width up to 512 bits needs no tail
 * handling inside a row. Padding bits are always zero: packers guarantee it, {@link BitMatrix#adopt} checks
 * it, and the kernels rely on it. Instances are immutable: {@link #segment()} is read-only.
 */
public abstract sealed class PackedBits permits BitVector, BitMatrix {
    /** Row stride granularity in words: 8 longs = 512 bits = 64 bytes. */
    public static final int STRIDE_ALIGN_WORDS = 8;
    /** Alignment of the storage and of every row, in bytes. */
    public static final long ALIGNMENT_BYTES = 64;

    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG;

    final int rows;
    final int cols;
    final int strideWords;
    final MemorySegment segment;

    PackedBits(int rows, int cols, MemorySegment writable) {
        this.rows = rows;
        this.cols = cols;
        this.strideWords = strideWords(cols);
        this.segment = writable.asReadOnly();
    }

    /** Words needed for {@code cols} bits, before padding. */
    public static int wordsFor(int cols) {
        return (cols + 63) >>> 6;
    }

    /** Padded row length in words for rows of {@code cols} bits. */
    public static int strideWords(int cols) {
        int w = wordsFor(cols);
        return Math.max(STRIDE_ALIGN_WORDS, (w + STRIDE_ALIGN_WORDS - 1) / STRIDE_ALIGN_WORDS * STRIDE_ALIGN_WORDS);
    }

    /** Mask of the real bits of a row's last word (all ones when cols is a multiple of 64). */
    public static long lastWordMask(int cols) {
        int r = cols & 63;
        return r == 0 ? -1L : (1L << r) - 1;
    }

    /**
     * Zeroed, writable, 64-byte-aligned storage for {@code rows x cols} bits, to fill and then hand to
     * {@link BitMatrix#adopt} or {@link BitVector#adopt}. Freed by the garbage collector.
     */
    public static MemorySegment allocate(int rows, int cols) {
        Checks.positive("rows", rows);
        Checks.positive("cols", cols);
        long bytes = (long) rows * strideWords(cols) * Long.BYTES;
        return Arena.ofAuto().allocate(bytes, ALIGNMENT_BYTES);
    }

    static void checkPadding(MemorySegment seg, int rows, int cols, String what) {
        int words = wordsFor(cols);
        int stride = strideWords(cols);
        long mask = lastWordMask(cols);
        for (int r = 0; r < rows; r++) {
            long base = (long) r * stride;
            long last = seg.getAtIndex(WORD, base + words - 1);
            boolean bad = (last & ~mask) != 0;
            for (int w = words; w < stride && !bad; w++) {
                bad = seg.getAtIndex(WORD, base + w) != 0;
            }
            if (bad) {
                throw new IllegalArgumentException(what + ": padding bits past column " + cols + " are set in row " + r
                        + " (padding must be zero)");
            }
        }
    }

    /** Number of bits per row (n). */
    public int cols() {
        return cols;
    }

    /** Number of rows. */
    public int rows() {
        return rows;
    }

    /** Words holding real bits in each row: ceil(cols / 64). */
    public int wordsPerRow() {
        return wordsFor(cols);
    }

    /** Padded row length in words (a multiple of 8). */
    public int strideWords() {
        return strideWords;
    }

    /** Byte offset of row {@code r} in {@link #segment()}. */
    public long rowOffset(int r) {
        return (long) r * strideWords * Long.BYTES;
    }

    /** The read-only backing storage. */
    public MemorySegment segment() {
        return segment;
    }

    /** Word {@code w} of row {@code r}. */
    public long word(int r, int w) {
        return segment.getAtIndex(WORD, (long) r * strideWords + w);
    }

    /** Element {@code c} of row {@code r} as a bit: true means +1 (or 1 in a {0,1} pattern). */
    public boolean bit(int r, int c) {
        Checks.index("row", r, rows);
        Checks.index("column", c, cols);
        return (word(r, c >>> 6) >>> (c & 63) & 1L) != 0;
    }

    /** Element {@code c} of row {@code r} as +1 or -1. */
    public int sign(int r, int c) {
        return bit(r, c) ? 1 : -1;
    }

    /** Row {@code r} unpacked to {@code ±scale}. */
    public float[] rowToFloats(int r, float scale) {
        Checks.index("row", r, rows);
        float[] out = new float[cols];
        for (int c = 0; c < cols; c++) {
            out[c] = (word(r, c >>> 6) >>> (c & 63) & 1L) != 0 ? scale : -scale;
        }
        return out;
    }

    /** The real words of row {@code r} (no padding words), as a copy. */
    public long[] rowWords(int r) {
        Checks.index("row", r, rows);
        long[] out = new long[wordsPerRow()];
        MemorySegment.copy(segment, WORD, rowOffset(r), out, 0, out.length);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PackedBits p) || p.getClass() != getClass() || p.rows != rows || p.cols != cols) {
            return false;
        }
        // padding is zero on both sides, so the whole rows compare equal iff the bits do
        return segment.mismatch(p.segment) < 0;
    }

    @Override
    public int hashCode() {
        int h = 31 * rows + cols;
        for (int r = 0; r < rows; r++) {
            for (int w = 0; w < wordsPerRow(); w++) {
                h = 31 * h + Long.hashCode(word(r, w));
            }
        }
        return h;
    }

    /** Rows as strings of '+' and '-', abbreviated past 64 columns or 16 rows. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('[');
        sb.append(rows).append('x').append(cols).append(']');
        int shownRows = Math.min(rows, 16);
        int shownCols = Math.min(cols, 64);
        for (int r = 0; r < shownRows; r++) {
            sb.append(r == 0 ? " " : " / ");
            for (int c = 0; c < shownCols; c++) {
                sb.append(bit(r, c) ? '+' : '-');
            }
            if (shownCols < cols) {
                sb.append("...");
            }
        }
        if (shownRows < rows) {
            sb.append(" / ...");
        }
        return sb.toString();
    }
}
