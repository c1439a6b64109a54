package dev.bitste.nn;

import dev.bitste.bits.BitMatrix;
import dev.bitste.bits.PackedBits;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One layer of a packed network as the model file stores it (docs/model-format.md): the weight scale, the batch
 * norm and the weight bit-planes. Binary weights are one plane of ±1 levels; 2-bit weights are two planes
 * {@code b1, b0} whose integer level {@code 2 b1 + b0} in {-3, -1, 1, 3} is twice the training level.
 *
 * @param in inputs
 * @param out units
 * @param scale the weight scale {@code alpha}
 * @param norm the batch norm (population statistics)
 * @param planes {@code weightBits} matrices of {@code out x in} bits
 */
record PackedLayer(int in, int out, float scale, BatchNorm norm, BitMatrix[] planes) {

    int weightBits() {
        return planes.length;
    }

    /** The integer weight levels, row-major {@code out x in}: binary ±1, 2-bit {@code 2 b1 + b0}. */
    int[] levels() {
        int[] levels = new int[out * in];
        for (int j = 0; j < out; j++) {
            for (int i = 0; i < in; i++) {
                levels[j * in + i] = planes.length == 1 ? planes[0].sign(j, i)
                        : 2 * planes[0].sign(j, i) + planes[1].sign(j, i);
            }
        }
        return levels;
    }

    /**
     * The first parameter no trained layer has, described ({@code "gamma[3] is NaN (must be finite)"}), or null:
     * every parameter must be finite, the scale positive, the variances not negative.
     */
    String invalidParameter() {
        return invalidParameter(scale, norm);
    }

    /** {@link #invalidParameter()} of any layer's weight scale and batch norm (the CNN's blocks too). */
    static String invalidParameter(float scale, BatchNorm norm) {
        if (!(Float.isFinite(scale) && scale > 0)) {
            return "scale is " + scale + " (must be finite and > 0)";
        }
        String[] names = {"gamma", "beta", "mean", "var"};
        float[][] values = {norm.gamma(), norm.beta(), norm.mean(), norm.var()};
        for (int f = 0; f < names.length; f++) {
            for (int j = 0; j < values[f].length; j++) {
                float v = values[f][j];
                if (!Float.isFinite(v) || f == 3 && v < 0) {
                    return names[f] + "[" + j + "] is " + v + (f == 3 ? " (a variance must be finite and >= 0)"
                            : " (must be finite)");
                }
            }
        }
        return null;
    }

    /**
     * The weight planes with the rows in {@code negate} negated: every level changes sign when every plane's bits
     * of the row are flipped (binary: {@code -s}; 2-bit: {@code -(2 b1 + b0) = 2 (-b1) + (-b0)}).
     */
    BitMatrix[] planesNegated(boolean[] negate) {
        BitMatrix[] out = new BitMatrix[planes.length];
        int words = PackedBits.wordsFor(in);
        long last = PackedBits.lastWordMask(in);
        for (int p = 0; p < planes.length; p++) {
            MemorySegment seg = PackedBits.allocate(this.out, in);
            MemorySegment.copy(planes[p].segment(), 0, seg, 0, seg.byteSize());
            long stride = PackedBits.strideWords(in);
            for (int j = 0; j < this.out; j++) {
                if (negate[j]) {
                    for (int w = 0; w < words; w++) {
                        long flipped = ~seg.getAtIndex(ValueLayout.JAVA_LONG, j * stride + w);
                        seg.setAtIndex(ValueLayout.JAVA_LONG, j * stride + w, w == words - 1 ? flipped & last : flipped);
                    }
                }
            }
            out[p] = BitMatrix.adopt(seg, this.out, in);
        }
        return out;
    }

    /** Bit-planes of integer levels (binary: ±1; 2-bit: {@code 2 b1 + b0}), rows in {@code negate} flipped. */
    static BitMatrix[] planes(int[] levels, int out, int in, int bits, boolean[] negate) {
        BitMatrix[] planes = new BitMatrix[bits];
        for (int p = 0; p < bits; p++) {
            MemorySegment seg = PackedBits.allocate(out, in);
            long stride = PackedBits.strideWords(in);
            for (int j = 0; j < out; j++) {
                boolean flip = negate != null && negate[j];
                for (int w = 0; w < PackedBits.wordsFor(in); w++) {
                    long word = 0;
                    for (int b = 0; b < 64 && w * 64 + b < in; b++) {
                        int level = levels[j * in + w * 64 + b];
                        if (flip) {
                            level = -level;
                        }
                        boolean bit = bits == 1 ? level > 0 : p == 0 ? level > 0 : (level == 3 || level == -1);
                        word |= bit ? 1L << b : 0;
                    }
                    seg.setAtIndex(ValueLayout.JAVA_LONG, j * stride + w, word);
                }
            }
            planes[p] = BitMatrix.adopt(seg, out, in);
        }
        return planes;
    }
}
