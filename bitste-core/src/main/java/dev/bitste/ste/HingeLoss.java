package dev.bitste.ste;

/**
 * The multi-class hinge loss of model C, {@code l = max(0, 1 - (o_y - max_{i != y} o_i))}, and its rival
 * class {@code xi = argmax_{i != y} o_i}. Ties go to the smallest index (so with equal scores the rival
 * is the first other class), which makes the coarse gradient deterministic.
 */
public final class HingeLoss {
    private HingeLoss() {
    }

    /** {@code argmax_{i != y} o[off + i]} over {@code classes >= 2} scores; ties → smallest index. */
    public static int rival(float[] o, int off, int classes, int y) {
        int best = -1;
        for (int i = 0; i < classes; i++) {
            if (i != y && (best < 0 || o[off + i] > o[off + best])) {
                best = i;
            }
        }
        return best;
    }

    /** The hinge loss of the scores {@code o[off .. off + classes)} for label {@code y}. */
    public static float loss(float[] o, int off, int classes, int y) {
        return Math.max(0f, 1f - (o[off + y] - o[off + rival(o, off, classes, y)]));
    }

    /** {@code argmax_i o[off + i]} (the prediction); ties → smallest index. */
    public static int argmax(float[] o, int off, int classes) {
        int best = 0;
        for (int i = 1; i < classes; i++) {
            if (o[off + i] > o[off + best]) {
                best = i;
            }
        }
        return best;
    }
}
