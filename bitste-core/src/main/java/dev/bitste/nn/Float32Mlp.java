package dev.bitste.nn;

import dev.bitste.util.Checks;

/**
 * The float32 reference of a packed network: the same network as dense float math, what binarization is meant to
 * beat. Weights are {@code scale * level} floats, the first layer reads the pixel codes divided by
 * {@code 2^inputBits - 1}, and every layer is then normalized and activated by the code of the training model's
 * evaluation ({@link BatchNorm#apply}, {@link Activation#apply}) with the population statistics. Single-threaded.
 */
public final class Float32Mlp {
    private final int[] sizes;
    private final int inputBits;
    private final float[][] weightsTransposed;
    private final BatchNorm[] norms;
    private final float[][] inv;

    /** {@code z (m x out) = x (m x in) . W_l^T} for layer {@code l} of the forward pass. */
    @FunctionalInterface
    public interface LayerProduct {
        void multiply(float[] x, int m, int layer, float[] z);
    }

    private Float32Mlp(PackedMlp net) {
        sizes = net.sizes();
        inputBits = net.inputBits();
        int layers = sizes.length - 1;
        weightsTransposed = new float[layers][];
        norms = new BatchNorm[layers];
        inv = new float[layers][];
        for (int l = 0; l < layers; l++) {
            PackedLayer layer = net.layer(l);
            float s = layer.scale() / (layer.weightBits() == 2 ? 2 : 1);
            int[] levels = layer.levels();
            float[] t = new float[levels.length];
            for (int j = 0; j < layer.out(); j++) {
                for (int i = 0; i < layer.in(); i++) {
                    t[i * layer.out() + j] = levels[j * layer.in() + i] * s;
                }
            }
            weightsTransposed[l] = t;
            norms[l] = layer.norm();
            inv[l] = layer.norm().invStd();
        }
    }

    /** The float32 form of {@code net}. */
    public static Float32Mlp of(PackedMlp net) {
        return new Float32Mlp(Checks.notNull("net", net));
    }

    /** Layer {@code l}'s weights as floats {@code scale * level}, row-major {@code out x in}. */
    public float[] weights(int l) {
        return FloatMatrices.transpose(weightsTransposed[l], sizes[l], sizes[l + 1]);
    }

    /** Class scores of {@code count} images (8-bit pixels), the layer products as HotSpot-vectorized row updates. */
    public float[] logits(byte[] images, int count) {
        return logits(images, count, (x, m, l, z) -> FloatMatrices.multiplySequential(x, weightsTransposed[l], z, m,
                sizes[l], sizes[l + 1]));
    }

    /** Class scores with the layer products done by {@code product} (e.g. a Vector API GEMM). */
    public float[] logits(byte[] images, int count, LayerProduct product) {
        Checks.notNull("images", images);
        Checks.positive("count", count);
        Checks.notNull("product", product);
        Checks.sameLength("images", Math.multiplyExact(count, sizes[0]), images.length);
        float[] x = new float[count * sizes[0]];
        float unit = 1f / ((1 << inputBits) - 1);
        for (int i = 0; i < x.length; i++) {
            x[i] = ((images[i] & 0xff) >>> (8 - inputBits)) * unit;
        }
        int layers = norms.length;
        for (int l = 0; l < layers; l++) {
            float[] z = new float[count * sizes[l + 1]];
            product.multiply(x, count, l, z);
            norms[l].apply(z, count, inv[l], null, z);
            if (l < layers - 1) {
                for (int i = 0; i < z.length; i++) {
                    z[i] = Activation.BINARY.apply(z[i]);
                }
            }
            x = z;
        }
        return x;
    }

    /** Predicted classes. */
    public int[] predict(byte[] images, int count) {
        return PackedMlp.argmaxRows(logits(images, count), count, sizes[sizes.length - 1]);
    }

    /** Predicted classes with the layer products done by {@code product}. */
    public int[] predict(byte[] images, int count, LayerProduct product) {
        return PackedMlp.argmaxRows(logits(images, count, product), count, sizes[sizes.length - 1]);
    }
}
