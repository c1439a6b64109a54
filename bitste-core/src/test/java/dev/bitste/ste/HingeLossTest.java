package dev.bitste.ste;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HingeLossTest {

    /** Brute force: sort the other classes by (score descending, index ascending) and take the first. */
    static int bruteRival(float[] o, int y) {
        Integer[] idx = new Integer[o.length];
        for (int i = 0; i < o.length; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (a, b) -> o[a] != o[b] ? Float.compare(o[b], o[a]) : Integer.compare(a, b));
        for (int i : idx) {
            if (i != y) {
                return i;
            }
        }
        throw new AssertionError();
    }

    @Test
    void lossAndRivalMatchBruteForceIncludingTies() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int trial = 0; trial < 20_000; trial++) {
            int classes = rnd.nextInt(2, 8);
            float[] o = new float[classes + 2];
            for (int i = 0; i < o.length; i++) {
                o[i] = rnd.nextInt(5) / 2f; // multiples of 1/2 as in model C: ties are frequent
            }
            int y = rnd.nextInt(classes);
            float[] view = java.util.Arrays.copyOfRange(o, 1, 1 + classes);
            int rival = bruteRival(view, y);
            assertThat(HingeLoss.rival(o, 1, classes, y)).isEqualTo(rival);
            float others = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < classes; i++) {
                if (i != y) {
                    others = Math.max(others, view[i]);
                }
            }
            assertThat(HingeLoss.loss(o, 1, classes, y)).isEqualTo(Math.max(0f, 1f - (view[y] - others)));
            int best = 0;
            for (int i = 0; i < classes; i++) {
                best = view[i] > view[best] ? i : best;
            }
            assertThat(HingeLoss.argmax(o, 1, classes)).isEqualTo(best);
        }
    }

    @Test
    void marginOfExactlyOneIsZeroLoss() {
        assertThat(HingeLoss.loss(new float[] {2.5f, 1.5f}, 0, 2, 0)).isZero();
        assertThat(HingeLoss.loss(new float[] {2.0f, 1.5f}, 0, 2, 0)).isEqualTo(0.5f);
        assertThat(HingeLoss.loss(new float[] {1f, 1f, 1f}, 0, 3, 1)).isEqualTo(1f);
        assertThat(HingeLoss.rival(new float[] {1f, 1f, 1f}, 0, 3, 0)).isEqualTo(1);
    }
}
