package dev.bitste.ste;

import dev.bitste.bits.BitMatrix;
import dev.bitste.bits.BitVector;
import dev.bitste.kernels.BitKernels;
import dev.bitste.kernels.KernelProvider;
import dev.bitste.kernels.SteKernelSupport;
import dev.bitste.kernels.SteKernels;
import dev.bitste.util.Checks;
import dev.bitste.util.Shards;
import java.util.Arrays;

/**
 * Model A of docs/algorithms.md section 2: a sample is {@code k} rows of {@code n} floats sharing a binary
 * filter {@code w in Q1 = {±1/sqrt(n)}^n}; {@code h = Z w}, {@code s = 1{h > 0}} (Heaviside),
 * {@code f = v . s} with a fixed, known {@code v}; squared loss.
 *
 * @param n input dimension
 * @param k rows per sample (hidden units)
 * @param v the fixed second layer, length {@code k}
 */
public record ModelA(int n, int k, float[] v) {

    /** Default number of rows per sample. */
    public static final int DEFAULT_K = 4;

    public ModelA {
        Checks.positive("n", n);
        Checks.positive("k", k);
        Checks.notNull("v", v);
        Checks.sameLength("v", k, v.length);
        for (int q = 0; q < k; q++) {
            Checks.finite("v", q, v[q]);
        }
        v = v.clone();
    }

    /** The default second layer: all ones. */
    public static ModelA withUnitV(int n, int k) {
        float[] v = new float[Checks.positive("k", k)];
        Arrays.fill(v, 1f);
        return new ModelA(n, k, v);
    }

    @Override
    public float[] v() {
        return v.clone();
    }

    /** The magnitude of every weight in Q1: {@code 1/sqrt(n)}. */
    public float scale() {
        return (float) (1 / Math.sqrt(n));
    }

    /** Noise-free outputs {@code f(Z_j; w) = v . 1{Z_j w > 0}} of {@code m} samples. */
    public float[] outputs(float[] z, int m, BitVector w, SteKernels kernels) {
        float[] h = kernels.forward(z, Math.multiplyExact(m, k), w, scale());
        float[] f = new float[m];
        for (int j = 0; j < m; j++) {
            f[j] = output(h, j * k);
        }
        return f;
    }

    /** {@code v . 1{h > 0}} for the sample whose k pre-activations start at {@code h[off]}, summed in row order. */
    float output(float[] h, int off) {
        float f = 0f;
        for (int q = 0; q < k; q++) {
            if (h[off + q] > 0f) {
                f += v[q];
            }
        }
        return f;
    }

    /**
     * Adds the unaveraged coarse gradient {@code sum_j Z_j^T (mu'(h_j) ⊙ v) r_j} of samples
     * {@code [from, from + count)} to {@code g} and returns {@code sum_j r_j^2}, split into {@code shards}
     * (the result does not depend on how many threads run them), on the kernels of {@code kernels}.
     *
     * <p>When the batch carries packed ±1 inputs, the forward pass is an XNOR-popcount over all rows
     * ({@link BitKernels#gemv}), then the masked accumulation runs on the float rows. Otherwise
     * {@code fused} selects the single-pass kernel (ReLU STE only) over a forward pass followed by the
     * masked accumulation. Every path gives the same bits.
     */
    public double coarseGradient(Batch batch, BitVector w, SteBackward backward, boolean fused, KernelProvider kernels,
            Shards shards, float[] g) {
        Checks.sameLength("w", n, w.cols());
        Checks.sameLength("g", n, g.length);
        Checks.range("batch", batch.y.length, batch.from, batch.count);
        Checks.positive("batch.count", batch.count);
        Checks.sameLength("batch.z", Math.multiplyExact(batch.y.length, k * n), batch.z.length);
        SteKernelSupport impl = kernels.ste().support();
        float[] z = batch.z;
        float[] y = batch.y;
        long[] words = w.words();
        float scale = scale();
        if (fused && backward == SteBackward.RELU && batch.binaryInputs == null) {
            return shards.sum(batch.count, g, (a, b, partial) ->
                    impl.fusedStep(z, batch.from + a, b - a, k, n, words, scale, v, y, partial));
        }
        float[] h = new float[batch.count * k];
        if (batch.binaryInputs != null) {
            int[] dots = kernels.bits().gemv(batch.binaryInputs, w);
            for (int r = 0; r < h.length; r++) {
                h[r] = scale * (float) dots[batch.from * k + r];
            }
        } else {
            impl.forward(z, batch.from * k * n, batch.count * k, n, words, scale, h, 0);
        }
        return shards.sum(batch.count, g, (a, b, partial) -> {
            float[] coef = new float[(b - a) * k];
            double loss = 0;
            for (int j = a; j < b; j++) {
                float res = output(h, j * k) - y[batch.from + j];
                loss += (double) res * res;
                for (int q = 0; q < k; q++) {
                    boolean pass = backward == SteBackward.IDENTITY || h[j * k + q] > 0f;
                    coef[(j - a) * k + q] = pass ? res * v[q] : 0f;
                }
            }
            impl.accumulate(z, (batch.from + a) * k * n, (b - a) * k, n, coef, 0, partial);
            return loss;
        });
    }

    /**
     * Samples {@code [from, from + count)} of a data set: {@code z} holds all samples' rows, {@code y} all
     * labels; {@code binaryInputs} (may be null) the same rows packed, when they are exactly ±1.
     */
    public record Batch(float[] z, float[] y, int from, int count, BitMatrix binaryInputs) {
    }
}
