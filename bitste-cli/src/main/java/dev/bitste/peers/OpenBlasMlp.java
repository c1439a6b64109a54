package dev.bitste.peers;

import dev.bitste.nn.Float32Mlp;
import dev.bitste.nn.PackedMlp;
import dev.bitste.util.Checks;

/**
 * The float32 form of a packed MLP with its layer products done by OpenBLAS: {@code sgemm} for a batch,
 * {@code sgemv} for one image (what NumPy calls for a matrix and for a vector). Input scaling, batch norm and
 * sign are those of {@link Float32Mlp}, the float32 reference, so the two differ only in the order of the float
 * sums. OpenBLAS runs on one thread unless {@link OpenBlas#threads(int)} (global to the process) says otherwise;
 * an instance holds no scratch, so threads may share it.
 */
public final class OpenBlasMlp {
    private final Float32Mlp net;
    private final int[] sizes;
    /** Layer weights, row-major {@code out x in}. */
    private final float[][] weights;
    private final Float32Mlp.LayerProduct product = this::multiply;

    private OpenBlasMlp(PackedMlp packed) {
        net = Float32Mlp.of(packed);
        sizes = packed.sizes();
        weights = new float[sizes.length - 1][];
        for (int l = 0; l < weights.length; l++) {
            weights[l] = net.weights(l);
        }
    }

    /**
     * The float32 network of {@code packed} on OpenBLAS.
     *
     * @throws IllegalStateException when OpenBLAS is not available here ({@link OpenBlas#info()} says why)
     */
    public static OpenBlasMlp of(PackedMlp packed) {
        Checks.notNull("net", packed);
        if (!OpenBlas.available()) {
            throw new IllegalStateException("OpenBLAS is not available: " + OpenBlas.info().skipped());
        }
        return new OpenBlasMlp(packed);
    }

    /** Class scores of {@code count} images (8-bit pixels, row-major), {@code count x classes}. */
    public float[] logits(byte[] images, int count) {
        return net.logits(images, count, product);
    }

    /** Predicted classes. */
    public int[] predict(byte[] images, int count) {
        return net.predict(images, count, product);
    }

    /** {@code z (m x out) = x (m x in) W^T}. */
    private void multiply(float[] x, int m, int l, float[] z) {
        int in = sizes[l];
        int out = sizes[l + 1];
        if (m == 1) {
            OpenBlas.sgemv(false, out, in, 1f, weights[l], in, x, 0f, z);
        } else {
            OpenBlas.sgemm(false, true, m, out, in, 1f, x, in, weights[l], in, 0f, z, out);
        }
    }
}
