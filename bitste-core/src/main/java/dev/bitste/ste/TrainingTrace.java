package dev.bitste.ste;

/**
 * What a training run recorded.
 *
 * @param loss loss of the batch at {@code w_t}, for steps {@code t = 0 .. T-1}
 * @param distance Hamming distance of {@code w_t} to the teacher, for {@code t = 0 .. T} (the last is the final iterate)
 * @param finalDistance {@code distance[T]}; 0 means exact recovery
 * @param firstHit first {@code t} with {@code distance[t] == 0}, or -1 if never
 * @param fractionAtTarget fraction of the iterates {@code w_1 .. w_T} equal to the teacher (the ergodic view)
 */
public record TrainingTrace(double[] loss, int[] distance, int finalDistance, int firstHit, double fractionAtTarget) {

    static TrainingTrace of(double[] loss, int[] distance) {
        int steps = distance.length - 1;
        int firstHit = -1;
        int at = 0;
        for (int t = 0; t <= steps; t++) {
            if (distance[t] == 0) {
                if (firstHit < 0) {
                    firstHit = t;
                }
                if (t > 0) {
                    at++;
                }
            }
        }
        return new TrainingTrace(loss, distance, distance[steps], firstHit, (double) at / steps);
    }

    /** Whether {@code w_t} equals the teacher. */
    public boolean atTarget(int t) {
        return distance[t] == 0;
    }

    /** Exact recovery by the last iterate. */
    public boolean recovered() {
        return finalDistance == 0;
    }
}
