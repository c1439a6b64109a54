package dev.bitste.nn;

import dev.bitste.kernels.ConvShape;
import dev.bitste.kernels.FloatConvKernels;
import java.util.SplittableRandom;

/**
 * A convolution, or a dense layer (a 1 x 1 convolution over the flattened input, {@link #dense()}), without bias
 * (a batch norm follows). Weights are {@link #outChannels()} rows of one patch, OHWI (output channel, kernel
 * row, kernel column, input channel); the layer multiplies by the effective weights {@link #weights()}: the
 * latent float weights themselves, or, for binary weights, {@code scale * sign(latent)} with
 * {@code scale = 1 / sqrt(patch)} and the hardtanh STE on latent weights clipped to {@code [-1, 1]}
 * ({@link WeightQuantizer#BINARY}, as in the MLP). Padded positions hold 0.
 */
public final class ConvLayer extends CnnLayer {
    private final ConvShape shape;
    private final int outChannels;
    private final boolean binary;
    private final boolean dense;
    private final float scale;
    private float[] w;  // effective weights of the last forward pass, OHWI
    private float[] wt; // the same transposed, HWIO

    private ConvLayer(FeatureShape in, FeatureShape out, ConvShape shape, int outChannels, boolean binary,
            boolean dense) {
        super(in, out);
        this.shape = shape;
        this.outChannels = outChannels;
        this.binary = binary;
        this.dense = dense;
        this.scale = binary ? (float) (1 / Math.sqrt(shape.patch())) : 1f;
    }

    static ConvLayer conv(FeatureShape in, int outChannels, int kernel, int stride, ConvShape.Padding padding,
            boolean binary) {
        ConvShape s = new ConvShape(in.height(), in.width(), in.channels(), kernel, stride, padding);
        return new ConvLayer(in, new FeatureShape(s.outHeight(), s.outWidth(), outChannels), s, outChannels, binary,
                false);
    }

    static ConvLayer dense(FeatureShape in, int units, boolean binary) {
        return new ConvLayer(in, new FeatureShape(1, 1, units), ConvShape.dense(in.size()), units, binary, true);
    }

    /** The geometry over one input image; a dense layer's is {@code 1 x 1 x in().size()} with a 1 x 1 kernel. */
    public ConvShape shape() {
        return shape;
    }

    public int outChannels() {
        return outChannels;
    }

    /** True for binary weights ({@code scale * sign(latent)}), false for float weights. */
    public boolean binaryWeights() {
        return binary;
    }

    /** True for a dense layer reading its input flattened (row, column, channel). */
    public boolean dense() {
        return dense;
    }

    /** The factor of binary weights, {@code 1 / sqrt(patch)} (1 for float weights). */
    public float scale() {
        return scale;
    }

    @Override
    public int parameterCount() {
        return shape.patch() * outChannels;
    }

    @Override
    int scratchSize() {
        return FloatConvKernels.scratchSize(shape, outChannels);
    }

    /** The latent weights, OHWI (a copy). */
    public float[] latentWeights() {
        return java.util.Arrays.copyOfRange(params, offset, offset + parameterCount());
    }

    /** The weights the layer multiplies by, OHWI: latent, or {@code scale * sign(latent)} when binary (a new array). */
    public float[] weights() {
        float[] e = latentWeights();
        if (binary) {
            for (int i = 0; i < e.length; i++) {
                e[i] = scale * WeightQuantizer.BINARY.quantize(e[i]);
            }
        }
        return e;
    }

    @Override
    void bind(float[] parameters, int parameterOffset, SplittableRandom rnd) {
        super.bind(parameters, parameterOffset, rnd);
        // float: uniform in +-1/sqrt(fan-in) (PyTorch's default); binary: latent uniform in +-1/2 (as the MLP)
        double range = binary ? 0.5 : 1 / Math.sqrt(shape.patch());
        for (int i = 0; i < parameterCount(); i++) {
            parameters[parameterOffset + i] = (float) rnd.nextDouble(-range, range);
        }
    }

    /** Keeps binary latent weights in the STE's range {@code [-1, 1]}. */
    void clipLatent() {
        if (binary) {
            float c = WeightQuantizer.BINARY.clip();
            for (int i = offset; i < offset + parameterCount(); i++) {
                params[i] = Math.max(-c, Math.min(c, params[i]));
            }
        }
    }

    @Override
    void forward(CnnPass pass, float[] x, float[] y, int images) {
        w = weights();
        wt = new float[w.length];
        int q = shape.patch();
        for (int o = 0; o < outChannels; o++) {
            for (int i = 0; i < q; i++) {
                wt[i * outChannels + o] = w[o * q + i];
            }
        }
        int inSize = in().size();
        int outSize = out().size();
        pass.shards().forEach(images, (s, from, to) -> pass.kernels().conv2d(shape, outChannels, x, from * inSize,
                to - from, wt, y, from * outSize, pass.scratch()[s]));
    }

    @Override
    void backward(CnnPass pass, float[] x, float[] y, float[] dy, float[] dx, float[] grad, int images) {
        int inSize = in().size();
        int outSize = out().size();
        FloatConvKernels k = pass.kernels();
        if (dx != null) {
            pass.shards().forEach(images, (s, from, to) -> k.conv2dBackwardInput(shape, outChannels, dy, from * outSize,
                    to - from, w, dx, from * inSize, pass.scratch()[s]));
        }
        float[] dw = new float[parameterCount()];
        pass.shards().sum(images, dw, (s, from, to, partial) -> {
            k.conv2dBackwardWeights(shape, outChannels, x, from * inSize, dy, from * outSize, to - from, partial,
                    pass.scratch()[s]);
            return 0;
        });
        for (int i = 0; i < dw.length; i++) {
            float d = binary ? scale * dw[i] * WeightQuantizer.BINARY.steDerivative(params[offset + i]) : dw[i];
            grad[offset + i] = d;
        }
    }

    @Override
    public String toString() {
        return (dense ? "dense " + in().size() + " -> " + outChannels : "conv " + shape + " -> " + outChannels)
                + (binary ? " binary" : " float");
    }
}
