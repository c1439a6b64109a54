package dev.bitste.nn;

import dev.bitste.kernels.ConvShape;
import dev.bitste.kernels.FloatConvKernels;
import dev.bitste.util.Checks;

/**
 * The float32 reference of a packed CNN: the same network in the float math of the training model's evaluation
 * ({@link Cnn}): weights {@code scale * (±1)}, pixels / 255, the float convolution and max-pool kernels of training
 * (zero padding), {@link BatchNorm#apply} with the population statistics, {@link CnnActivation#sign()}.
 * Single-threaded.
 */
public final class Float32Cnn {
    private final PackedCnn net;
    /** Per block, the weights transposed for the float kernels ({@code patch x out}, HWIO). */
    private final float[][] hwio;
    /** The float kernels' convolution (zero padding), the default {@link ConvProduct}. */
    private final ConvProduct kernels = this::convolve;

    /**
     * The convolution (or dense layer) of one block, so that a peer can do it another way (e.g. im2col + a BLAS GEMM):
     * {@code z = conv(x)} for {@code count} NHWC images, {@code x} of shape {@link #shape(int)}, {@code z} of
     * {@code outHeight x outWidth x outChannels(block)} per image, weights {@link #weights(int)}.
     */
    public interface ConvProduct {
        void convolve(int block, float[] x, int count, float[] z);
    }

    private Float32Cnn(PackedCnn net) {
        this.net = net;
        hwio = new float[net.blocks()][];
        for (int b = 0; b < net.blocks(); b++) {
            CnnStage s = net.stage(b);
            int patch = s.fanIn();
            float[] t = new float[s.signs().length];
            for (int o = 0; o < s.out(); o++) {
                for (int i = 0; i < patch; i++) {
                    t[i * s.out() + o] = s.scale() * s.signs()[o * patch + i];
                }
            }
            hwio[b] = t;
        }
    }

    /** The float32 form of {@code net}. */
    public static Float32Cnn of(PackedCnn net) {
        return new Float32Cnn(Checks.notNull("net", net));
    }

    /** Number of blocks (convolutions and dense layers). */
    public int blocks() {
        return net.blocks();
    }

    /** The convolution of block {@code b} over one input image (a dense layer: {@code 1 x 1 x inputs}, kernel 1). */
    public ConvShape shape(int b) {
        return net.stage(b).conv();
    }

    /** Output channels (units) of block {@code b}. */
    public int outChannels(int b) {
        return net.stage(b).out();
    }

    /** Whether block {@code b} is a dense layer over the flattened NHWC activations. */
    public boolean dense(int b) {
        return net.stage(b).kind() == CnnStage.Kind.DENSE;
    }

    /** The float weights of block {@code b}, {@code scale * (±1)}, OHWI ({@code outChannels x patch}); a copy. */
    public float[] weights(int b) {
        CnnStage s = net.stage(b);
        float[] w = new float[s.signs().length];
        for (int i = 0; i < w.length; i++) {
            w[i] = s.scale() * s.signs()[i];
        }
        return w;
    }

    /** Class scores of {@code count} images (8-bit pixels, NHWC). */
    public float[] logits(byte[] images, int count) {
        return logits(images, count, kernels);
    }

    /** Class scores with each block's convolution done by {@code product}; the rest as {@link #logits(byte[], int)}. */
    public float[] logits(byte[] images, int count, ConvProduct product) {
        Checks.notNull("product", product);
        Checks.notNull("images", images);
        Checks.positive("count", count);
        Checks.sameLength("images", Math.multiplyExact(count, net.pixels()), images.length);
        FloatConvKernels k = FloatConvKernels.get();
        float[] x = new float[images.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (images[i] & 0xff) * (1f / 255f);
        }
        for (int b = 0; b < net.blocks(); b++) {
            CnnStage s = net.stage(b);
            ConvShape c = s.conv();
            float[] z = new float[count * s.convolved().size()];
            product.convolve(b, x, count, z);
            s.norm().apply(z, count * c.outPositions(), s.norm().invStd(), null, z);
            if (s.pool() != null) {
                float[] p = new float[count * s.output().size()];
                k.maxPool(s.pool(), z, 0, count, p, 0);
                z = p;
            }
            if (s.sign()) {
                for (int i = 0; i < z.length; i++) {
                    z[i] = CnnActivation.sign().apply(z[i]);
                }
            }
            x = z;
        }
        return x;
    }

    /** Predicted classes. */
    public int[] predict(byte[] images, int count) {
        return predict(images, count, kernels);
    }

    /** Predicted classes, the convolutions done by {@code product}. */
    public int[] predict(byte[] images, int count, ConvProduct product) {
        return PackedMlp.argmaxRows(logits(images, count, product), count, net.classes());
    }

    private void convolve(int b, float[] x, int count, float[] z) {
        ConvShape c = shape(b);
        int out = outChannels(b);
        FloatConvKernels.get().conv2d(c, out, x, 0, count, hwio[b], z, 0, new float[FloatConvKernels.scratchSize(c, out)]);
    }
}
