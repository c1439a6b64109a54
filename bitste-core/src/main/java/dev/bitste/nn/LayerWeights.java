package dev.bitste.nn;

import dev.bitste.kernels.TrainKernels;

/**
 * One layer's quantized weights in the layouts its products read, rebuilt from the latent weights at every pass
 * (the estimators evaluate perturbed copies). Levels are sums of ±1 planes, {@code sum_p alpha[p] * plane_p}:
 * binary weights one plane ({@code sign(w)}), 2-bit weights {@code b1 + b0 / 2} (PackedLayer's planes). With
 * packed products each plane is kept as sign rows ({@code out x in}: the XNOR forward and the backward pass) and,
 * for layers with float inputs, as sign rows of the transpose ({@code in x out}: the float x sign forward); with
 * float products as the float levels in both layouts.
 */
final class LayerWeights {
    final int in;
    final int out;
    final int inWords;
    final int outWords;
    final float[] alpha;
    private final WeightQuantizer quantizer;
    /** Sign rows of each plane, {@code out x inWords}. */
    final long[][] rows;
    /** Sign rows of each plane's transpose, {@code in x outWords}; null when no product reads them. */
    final long[][] cols;
    /** Float levels {@code out x in} and their transpose {@code in x out}; null with packed products. */
    final float[] floats;
    final float[] floatsT;
    /** Temporaries of the 2-bit packing: rows of {@code w >= 1} and {@code w >= -1}. */
    private final long[] atLeastOne;
    private final long[] atLeastMinusOne;
    /** The largest |latent weight| of each shard's rows in the last {@link #packRows}. */
    private final float[] maxAbs;

    LayerWeights(MlpSpec spec, int l, MlpCompute compute, boolean floatInput) {
        in = spec.in(l);
        out = spec.out(l);
        inWords = TrainKernels.words(in);
        outWords = TrainKernels.words(out);
        quantizer = spec.weights();
        alpha = quantizer == WeightQuantizer.BINARY ? new float[] {1f} : new float[] {1f, 0.5f};
        boolean signs = compute.products() == MlpCompute.Products.SIGNS;
        rows = new long[alpha.length][out * inWords];
        cols = signs && floatInput ? new long[alpha.length][in * outWords] : null;
        floats = signs ? null : new float[out * in];
        floatsT = signs ? null : new float[in * out];
        boolean twoBit = quantizer == WeightQuantizer.TWO_BIT;
        atLeastOne = twoBit ? new long[out * inWords] : null;
        atLeastMinusOne = twoBit ? new long[out * inWords] : null;
        maxAbs = new float[compute.threads()];
    }

    int planes() {
        return alpha.length;
    }

    /** Shard {@code s} of the first step: sign rows (and float levels) of this shard's rows of W. */
    void packRows(float[] latent, int off, MlpCompute compute, int s) {
        int r0 = compute.start(s, out, 1);
        int r1 = compute.start(s + 1, out, 1);
        maxAbs[s] = 0f;
        if (r0 >= r1) {
            return;
        }
        TrainKernels k = compute.kernels();
        int from = off + r0 * in;
        int n = r1 - r0;
        int w0 = r0 * inWords;
        maxAbs[s] = k.packAtLeast(latent, from, n, in, in, 0f, rows[0], w0, inWords);
        if (quantizer == WeightQuantizer.TWO_BIT) {
            // level floor(w) + 1/2 clipped to +-3/2 = b1 + b0/2: b1 = w >= 0, b0 = w >= 1 or -1 <= w < 0
            k.packAtLeast(latent, from, n, in, in, 1f, atLeastOne, w0, inWords);
            k.packAtLeast(latent, from, n, in, in, -1f, atLeastMinusOne, w0, inWords);
            for (int i = w0; i < w0 + n * inWords; i++) {
                rows[1][i] = atLeastOne[i] | (atLeastMinusOne[i] & ~rows[0][i]);
            }
        }
        if (floats != null) {
            for (int i = r0 * in; i < r1 * in; i++) {
                floats[i] = quantizer.quantize(latent[off + i]);
            }
        }
    }

    /** Shard {@code s} of the second step (after every row is packed): the transposed layouts of this shard's columns. */
    void packTransposes(MlpCompute compute, int s) {
        int c0 = compute.start(s, in, 64);
        int c1 = compute.start(s + 1, in, 64);
        if (c0 >= c1) {
            return;
        }
        if (cols != null) {
            for (int p = 0; p < alpha.length; p++) {
                compute.kernels().transposeBits(rows[p], out, in, inWords, c0, c1, cols[p], outWords);
            }
        }
        if (floatsT != null) {
            for (int i = c0; i < c1; i++) {
                for (int o = 0; o < out; o++) {
                    floatsT[i * out + o] = floats[o * in + i];
                }
            }
        }
    }

    /** The largest |latent weight| of the last packing (NaN if one was NaN). */
    float maxAbs() {
        float max = 0f;
        for (float m : maxAbs) {
            max = Math.max(max, m);
        }
        return max;
    }
}
