package dev.bitste.nn;

import dev.bitste.bits.BitMatrix;
import dev.bitste.bits.BitTensor;
import dev.bitste.bits.ConvFilters;
import dev.bitste.bits.PackedBits;
import dev.bitste.kernels.ConvShape;
import dev.bitste.kernels.PadValue;
import dev.bitste.util.Checks;

/**
 * One block of a packed CNN as the model file stores it (docs/model-format.md, version 2): a convolution or a dense
 * layer with binary weights {@code scale * (±1)}, the batch norm that follows it, an optional max pool, and a sign
 * activation unless it is the last block (whose batch norm gives the class scores). The first block is a convolution
 * reading the 8-bit pixels ({@code x = pixel / 255}, zero padding); the others read ±1 activations.
 *
 * @param kind what the block reads and how
 * @param in the shape of one input image
 * @param kernel kernel side (1 for dense)
 * @param stride convolution stride (1 for dense)
 * @param padding convolution padding (valid for dense)
 * @param pad the value of same padding for ±1 inputs (zero as the float layer trains with; pixels pad with 0)
 * @param out output channels (units of a dense layer)
 * @param scale the weights' scale
 * @param norm the batch norm (population statistics)
 * @param signs the weights as ±1, OHWI ({@code out x kernel x kernel x channels}; dense: {@code out x in.size()})
 * @param poolKernel max-pool window side, 0 for none
 * @param poolStride max-pool stride, 0 for none
 * @param sign whether a sign activation follows (false only for the last block)
 */
record CnnStage(Kind kind, FeatureShape in, int kernel, int stride, ConvShape.Padding padding, PadValue pad, int out,
        float scale, BatchNorm norm, int[] signs, int poolKernel, int poolStride, boolean sign) {

    /** What a block reads. */
    enum Kind {
        /** A convolution of the 8-bit pixels (the first block). */
        PIXELS,
        /** A convolution of ±1 activations. */
        BINARY,
        /** A dense layer over the flattened ±1 activations (row, column, channel). */
        DENSE
    }

    CnnStage {
        Checks.notNull("kind", kind);
        Checks.notNull("in", in);
        Checks.notNull("padding", padding);
        Checks.notNull("pad", pad);
        Checks.positive("out", out);
        Checks.notNull("norm", norm);
        Checks.sameLength("norm", out, norm.units());
        Checks.sameLength("signs", Math.multiplyExact(out, kind == Kind.DENSE ? in.size()
                : kernel * kernel * in.channels()), Checks.notNull("signs", signs).length);
        String invalid = PackedLayer.invalidParameter(scale, norm);
        if (invalid != null) {
            throw new IllegalArgumentException(invalid);
        }
        if (kind == Kind.DENSE && (kernel != 1 || stride != 1 || padding != ConvShape.Padding.VALID)) {
            throw new IllegalArgumentException("a dense layer has kernel 1, stride 1 and valid padding");
        }
        if ((poolKernel == 0) != (poolStride == 0) || poolKernel < 0 || poolStride < 0) {
            throw new IllegalArgumentException("pool " + poolKernel + "/" + poolStride + ": both positive, or both 0");
        }
        if (kind == Kind.DENSE && poolKernel != 0) {
            throw new IllegalArgumentException("a dense layer has no max pool");
        }
        if (kind != Kind.DENSE) {
            new ConvShape(in.height(), in.width(), in.channels(), kernel, stride, padding); // checks the geometry
        }
    }

    /** The convolution over one input image (a dense layer's: {@code 1 x 1 x in.size()}, 1 x 1 kernel). */
    ConvShape conv() {
        return kind == Kind.DENSE ? ConvShape.dense(in.size())
                : new ConvShape(in.height(), in.width(), in.channels(), kernel, stride, padding);
    }

    /** The shape after the convolution (dense: {@code 1 x 1 x out}). */
    FeatureShape convolved() {
        ConvShape c = conv();
        return new FeatureShape(c.outHeight(), c.outWidth(), out);
    }

    /** The max pool over the convolved maps, or null. */
    ConvShape pool() {
        FeatureShape c = convolved();
        return poolKernel == 0 ? null
                : new ConvShape(c.height(), c.width(), c.channels(), poolKernel, poolStride, ConvShape.Padding.VALID);
    }

    /** The shape of one output image. */
    FeatureShape output() {
        ConvShape p = pool();
        return p == null ? convolved() : new FeatureShape(p.outHeight(), p.outWidth(), out);
    }

    /** The weights the kernels multiply by: ±1 filters, or the dense rows (see {@link #denseRows}). */
    ConvFilters filters() {
        return ConvFilters.ofSigns(signs, out, kernel, in.channels());
    }

    /**
     * The dense weights laid out as the flattened words of a {@link BitTensor} image: row j holds, for every pixel,
     * {@code channelWords} words with the channels' weights (padding bits zero), so the XNOR GEMM reads the tensor's
     * words as they are.
     */
    BitMatrix denseRows() {
        return denseRows(signs, out, in);
    }

    /** {@link #denseRows()} of the given ±1 weights ({@code out x in.size()}, flattened row, column, channel). */
    static BitMatrix denseRows(int[] signs, int out, FeatureShape in) {
        int cw = BitTensor.channelWords(in.channels());
        int pixels = in.height() * in.width();
        int bits = pixels * cw * 64;
        long[] words = new long[out * PackedBits.wordsFor(bits)];
        int perRow = PackedBits.wordsFor(bits);
        for (int j = 0; j < out; j++) {
            for (int i = 0; i < in.size(); i++) {
                if (signs[j * in.size() + i] > 0) {
                    int pixel = i / in.channels();
                    int c = i % in.channels();
                    words[j * perRow + pixel * cw + (c >>> 6)] |= 1L << c;
                }
            }
        }
        return BitMatrix.ofWords(words, out, bits);
    }

    /** Weights per output (the window or the whole input). */
    int fanIn() {
        return signs.length / out;
    }

    /** E.g. {@code conv3x3x32+pool2}, {@code dense10}. */
    String label() {
        return (kind == Kind.DENSE ? "dense" + out : "conv" + kernel + "x" + kernel + "x" + out
                + (stride > 1 ? "/" + stride : "") + (padding == ConvShape.Padding.VALID ? "v" : ""))
                + (poolKernel == 0 ? "" : "+pool" + poolKernel + (poolStride != poolKernel ? "/" + poolStride : ""));
    }
}
