package dev.bitste.nn;

import dev.bitste.bits.BitMatrix;

/**
 * A packed layer in inference form: its batch norm folded into the integer accumulators of the kernels.
 *
 * <p>A hidden unit's batch norm followed by sign becomes one integer threshold, {@code acc >= t}, on the layer's
 * integer accumulator ({@code acc = x . levels}, the real pre-activation being {@code unit * acc}); a unit with
 * negative gamma has its weight row negated so that the comparison keeps its direction, and a unit with zero gamma
 * is constant. The last layer's batch norm becomes a float affine map of its accumulators (the class scores), which
 * must be finite.
 *
 * @param planes the weight planes the kernels multiply by (rows negated where gamma is negative)
 * @param thresholds per unit of a hidden layer, else null
 * @param logitScale per unit of the last layer, else null
 * @param logitBias per unit of the last layer, else null
 */
record FoldedLayer(BitMatrix[] planes, int[] thresholds, float[] logitScale, float[] logitBias) {

    /**
     * Folds {@code layer}; {@code first} says it reads {@code inputBits}-bit pixel codes (else ±1 inputs), {@code last}
     * that it gives the class scores.
     */
    static FoldedLayer of(PackedLayer layer, boolean first, boolean last, int inputBits) {
        int out = layer.out();
        BatchNorm bn = layer.norm();
        // real pre-activation = unit * integer accumulator
        double unit = layer.scale() / (double) (layer.weightBits() == 2 ? 2 : 1)
                / (first ? (1 << inputBits) - 1 : 1.0);
        if (last) {
            float[][] affine = logits(bn, unit);
            return new FoldedLayer(layer.planes(), null, affine[0], affine[1]);
        }
        boolean[] negate = new boolean[out];
        int[] t = thresholds(bn, unit, negate);
        return new FoldedLayer(layer.planesNegated(negate), t, null, null);
    }

    /**
     * The batch norm and sign of units whose pre-activation is {@code unit} times an integer accumulator, as integer
     * thresholds {@code acc >= t[j]}, valid once the weights of the units with {@code negate[j]} set (here, those with
     * negative gamma) are negated; a unit with zero gamma is constant (a threshold no accumulator reaches, or every
     * one does).
     */
    static int[] thresholds(BatchNorm bn, double unit, boolean[] negate) {
        int[] t = new int[bn.units()];
        for (int j = 0; j < t.length; j++) {
            float gamma = bn.gamma()[j];
            float beta = bn.beta()[j];
            if (gamma == 0f) {
                t[j] = beta >= 0 ? Integer.MIN_VALUE / 2 : Integer.MAX_VALUE / 2;
                continue;
            }
            double v = (bn.mean()[j] - beta * bn.std(j) / gamma) / unit; // gamma > 0: acc >= v; gamma < 0: acc <= v
            negate[j] = gamma < 0;
            double bound = negate[j] ? Math.ceil(-v) : Math.ceil(v);
            t[j] = (int) Math.max(Integer.MIN_VALUE / 2, Math.min(Integer.MAX_VALUE / 2, bound));
        }
        return t;
    }

    /**
     * The batch norm of the class scores as {@code a[j] * acc + b[j]} on an integer accumulator of weight {@code unit},
     * which must be finite.
     */
    static float[][] logits(BatchNorm bn, double unit) {
        int out = bn.units();
        float[] a = new float[out];
        float[] b = new float[out];
        for (int j = 0; j < out; j++) {
            double inv = 1 / bn.std(j);
            a[j] = (float) (bn.gamma()[j] * unit * inv);
            b[j] = (float) (bn.beta()[j] - (double) bn.gamma()[j] * bn.mean()[j] * inv); // in double throughout
            if (!Float.isFinite(a[j]) || !Float.isFinite(b[j])) {
                throw new IllegalArgumentException("unit " + j + ": the class score " + a[j] + " * acc + " + b[j]
                        + " overflows float (gamma " + bn.gamma()[j] + ", beta " + bn.beta()[j] + ", mean "
                        + bn.mean()[j] + ", var " + bn.var()[j] + ", unit " + unit + ")");
            }
        }
        return new float[][] {a, b};
    }
}
