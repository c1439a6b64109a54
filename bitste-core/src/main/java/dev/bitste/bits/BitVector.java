package dev.bitste.bits;

import dev.bitste.util.Checks;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** A packed vector of n values in {-1,+1} (or a {0,1} pattern): one row of {@link PackedBits}. */
public final class BitVector extends PackedBits {

    private BitVector(int n, MemorySegment writable) {
        super(1, n, writable);
    }

    /** Takes ownership of storage from {@link #allocate(int, int) allocate(1, n)} after checking its padding. */
    public static BitVector adopt(MemorySegment storage, int n) {
        Checks.notNull("storage", storage);
        Checks.positive("n", n);
        checkSize(storage, 1, n);
        checkPadding(storage, 1, n, "storage");
        return new BitVector(n, storage);
    }

    static void checkSize(MemorySegment storage, int rows, int cols) {
        long need = (long) rows * strideWords(cols) * Long.BYTES;
        if (storage.byteSize() != need) {
            throw new IllegalArgumentException("storage has " + storage.byteSize() + " bytes, expected " + need
                    + " for " + rows + " x " + cols + " bits");
        }
        if (storage.address() % ALIGNMENT_BYTES != 0 && storage.isNative()) {
            throw new IllegalArgumentException("storage address " + storage.address() + " is not "
                    + ALIGNMENT_BYTES + "-byte aligned");
        }
    }

    /**
     * Sign projection: bit = 1 iff {@code x >= 0} (-0.0 gives +1); NaN is rejected with its index. A plain
     * loop: {@code BitKernels.signProject} is the SIMD version for hot paths.
     */
    public static BitVector ofSigns(float[] latent) {
        Checks.notNull("latent", latent);
        return pack(latent.length, i -> atLeastZero(latent, i));
    }

    /** {@code latent[i] >= 0}, rejecting NaN with its index (the message of the sign-projection kernels). */
    static boolean atLeastZero(float[] latent, int i) {
        if (Float.isNaN(latent[i])) {
            throw new IllegalArgumentException("latent[" + i + "] is NaN (cannot take its sign)");
        }
        return latent[i] >= 0f;
    }

    /** Packs ±1 ints; any other value is rejected with its index. */
    public static BitVector ofSigns(int[] plusMinusOne) {
        Checks.notNull("plusMinusOne", plusMinusOne);
        return pack(plusMinusOne.length, i -> isPlusOne("plusMinusOne", plusMinusOne, i));
    }

    /** {@code values[i] == 1}, rejecting anything but ±1 with the array's name and the index. */
    static boolean isPlusOne(String name, int[] values, int i) {
        int v = values[i];
        if (v != 1 && v != -1) {
            throw new IllegalArgumentException(name + "[" + i + "] is " + v + " (must be -1 or +1)");
        }
        return v == 1;
    }

    /** Packs a {0,1} pattern; any other value is rejected with its index. */
    public static BitVector ofIndicators(int[] zeroOne) {
        Checks.notNull("zeroOne", zeroOne);
        return pack(zeroOne.length, i -> {
            int v = zeroOne[i];
            if (v != 0 && v != 1) {
                throw new IllegalArgumentException("zeroOne[" + i + "] is " + v + " (must be 0 or 1)");
            }
            return v == 1;
        });
    }

    /** Packs booleans: true is +1 (bit 1). */
    public static BitVector of(boolean[] bits) {
        Checks.notNull("bits", bits);
        return pack(bits.length, i -> bits[i]);
    }

    /** Wraps raw words (LSB first); bits past {@code n} must be zero. */
    public static BitVector ofWords(long[] words, int n) {
        Checks.notNull("words", words);
        Checks.positive("n", n);
        Checks.sameLength("words", wordsFor(n), words.length);
        MemorySegment seg = allocate(1, n);
        MemorySegment.copy(words, 0, seg, ValueLayout.JAVA_LONG, 0, words.length);
        return adopt(seg, n);
    }

    /** Function from an element index to its bit. */
    @FunctionalInterface
    interface BitSource {
        boolean bit(int index);
    }

    static BitVector pack(int n, BitSource source) {
        Checks.positive("length", n);
        MemorySegment seg = allocate(1, n);
        fillRow(seg, 0, n, source);
        return new BitVector(n, seg);
    }

    static void fillRow(MemorySegment seg, long wordBase, int n, BitSource source) {
        for (int w = 0; w < wordsFor(n); w++) {
            long word = 0;
            int end = Math.min(64, n - w * 64);
            for (int b = 0; b < end; b++) {
                if (source.bit(w * 64 + b)) {
                    word |= 1L << b;
                }
            }
            seg.setAtIndex(ValueLayout.JAVA_LONG, wordBase + w, word);
        }
    }

    /** Number of elements. */
    public int size() {
        return cols;
    }

    /** Element {@code i} as a bit. */
    public boolean bit(int i) {
        return bit(0, i);
    }

    /** Unpacked to {@code ±scale}, e.g. {@code 1/sqrt(n)} for weights in Q1. */
    public float[] toFloats(float scale) {
        return rowToFloats(0, scale);
    }

    /** The real words (no padding words), as a copy. */
    public long[] words() {
        return rowWords(0);
    }

    /** Number of positions where this and {@code other} differ. */
    public int hammingDistance(BitVector other) {
        Checks.notNull("other", other);
        Checks.sameLength("other", cols, other.cols);
        int d = 0;
        for (int w = 0; w < wordsPerRow(); w++) {
            d += Long.bitCount(word(0, w) ^ other.word(0, w));
        }
        return d;
    }
}
