package dev.bitste.peers;

import dev.bitste.nn.Float32Cnn;
import dev.bitste.nn.PackedCnn;
import dev.bitste.util.Checks;
import java.lang.foreign.MemorySegment;

/**
 * The float32 form of a packed CNN the way a float framework runs it on a CPU: each convolution as im2col + an
 * OpenBLAS {@code sgemm} ({@link OpenBlasConv}), the dense layers as {@code sgemm} ({@code sgemv} for one image).
 * Pixel scaling, batch norm, max pool and sign are those of {@link Float32Cnn}, the float32 reference, so the two
 * differ only in the order of the float sums. OpenBLAS runs on one thread unless {@link OpenBlas#threads(int)}
 * (global to the process) says otherwise. Not thread-safe: the im2col buffers are the instance's, grown to the
 * largest batch seen.
 */
public final class OpenBlasCnn {
    private final Float32Cnn net;
    /** Per block, its weights (dense: {@code out x in} row-major for sgemv/sgemm). */
    private final float[][] weights;
    /** Per convolution block, the layer sized for {@link #capacity} images (null for dense blocks). */
    private final OpenBlasConv[] layers;
    private int capacity;
    private final Float32Cnn.ConvProduct product = this::convolve;

    private OpenBlasCnn(PackedCnn packed) {
        net = Float32Cnn.of(packed);
        weights = new float[net.blocks()][];
        for (int b = 0; b < weights.length; b++) {
            weights[b] = net.weights(b);
        }
        layers = new OpenBlasConv[net.blocks()];
    }

    /**
     * The float32 network of {@code packed} on OpenBLAS.
     *
     * @throws IllegalStateException when OpenBLAS is not available here ({@link OpenBlas#info()} says why)
     */
    public static OpenBlasCnn of(PackedCnn packed) {
        Checks.notNull("net", packed);
        if (!OpenBlas.available()) {
            throw new IllegalStateException("OpenBLAS is not available: " + OpenBlas.info().skipped());
        }
        return new OpenBlasCnn(packed);
    }

    /** Class scores of {@code count} images (8-bit pixels, NHWC), {@code count x classes}. */
    public float[] logits(byte[] images, int count) {
        return net.logits(images, count, product);
    }

    /** Predicted classes. */
    public int[] predict(byte[] images, int count) {
        return net.predict(images, count, product);
    }

    private void convolve(int b, float[] x, int count, float[] z) {
        int out = net.outChannels(b);
        if (net.dense(b)) {
            int in = net.shape(b).channels();
            if (count == 1) {
                OpenBlas.sgemv(false, out, in, 1f, weights[b], in, x, 0f, z);
            } else {
                OpenBlas.sgemm(false, true, count, out, in, 1f, x, in, weights[b], in, 0f, z, out);
            }
            return;
        }
        if (count > capacity) { // new buffers for the larger batch (the filters are copied again: rare)
            capacity = count;
            for (int i = 0; i < layers.length; i++) {
                layers[i] = net.dense(i) ? null : new OpenBlasConv(net.shape(i), weights[i], net.outChannels(i), count);
            }
        }
        layers[b].apply(MemorySegment.ofArray(x), count, MemorySegment.ofArray(z));
    }
}
