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

    /** Class scores of {@code count} images (8-bit pixels, NHWC). */
    public float[] logits(byte[] images, int count) {
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
            k.conv2d(c, s.out(), x, 0, count, hwio[b], z, 0, new float[FloatConvKernels.scratchSize(c, s.out())]);
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
        return PackedMlp.argmaxRows(logits(images, count), count, net.classes());
    }
}
