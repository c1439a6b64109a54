package dev.bitste.nn;

import dev.bitste.kernels.ConvShape;

/**
 * Max-pool over {@code kernel x kernel} windows moved by {@code stride}, valid padding (rows and columns past the
 * last whole window are dropped). Put before a monotone activation it gives the same outputs as after it
 * ({@code f(max) = max(f)}), and on sign activations it is the OR of the packed bits.
 */
public final class MaxPoolLayer extends CnnLayer {
    private final ConvShape shape;

    private MaxPoolLayer(FeatureShape in, ConvShape shape) {
        super(in, new FeatureShape(shape.outHeight(), shape.outWidth(), in.channels()));
        this.shape = shape;
    }

    static MaxPoolLayer of(FeatureShape in, int kernel, int stride) {
        return new MaxPoolLayer(in, new ConvShape(in.height(), in.width(), in.channels(), kernel, stride,
                ConvShape.Padding.VALID));
    }

    /** The pooling geometry over one input image. */
    public ConvShape shape() {
        return shape;
    }

    @Override
    void forward(CnnPass pass, float[] x, float[] y, int images) {
        int inSize = in().size();
        int outSize = out().size();
        pass.shards().forEach(images, (s, from, to) -> pass.kernels().maxPool(shape, x, from * inSize, to - from, y,
                from * outSize));
    }

    @Override
    void backward(CnnPass pass, float[] x, float[] y, float[] dy, float[] dx, float[] grad, int images) {
        if (dx != null) {
            int inSize = in().size();
            int outSize = out().size();
            pass.shards().forEach(images, (s, from, to) -> pass.kernels().maxPoolBackward(shape, x, from * inSize, y,
                    from * outSize, dy, from * outSize, to - from, dx, from * inSize));
        }
    }

    @Override
    public String toString() {
        return "max-pool " + shape.kernel() + "x" + shape.kernel() + " stride " + shape.stride();
    }
}
