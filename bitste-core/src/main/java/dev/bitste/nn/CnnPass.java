package dev.bitste.nn;

import dev.bitste.kernels.FloatConvKernels;
import dev.bitste.util.Shards;

/**
 * What one forward or backward pass of a {@link Cnn} runs with: the shards the images are split into (a fixed
 * count, so results do not depend on the threads that run them), one scratch array per shard, the kernels, and
 * which batch-norm statistics to use.
 *
 * @param shards how the images of a pass are split and where the shards run
 * @param scratch per shard, room for the largest patch matrix of any layer
 * @param kernels the convolution kernels
 * @param batchStats normalize with the batch's statistics (training, calibration) instead of the population's
 */
record CnnPass(Shards shards, float[][] scratch, FloatConvKernels kernels, boolean batchStats) {

    /**
     * Per-unit sums over shards: {@code body} adds shard {@code s}'s images {@code [from, to)} into its own
     * {@code double[2][units]}; the shards' sums are then added in shard order.
     */
    double[][] sum(int images, int units, ShardSum body) {
        int count = shards.over(images);
        double[][][] partial = new double[count][2][units];
        shards.forEach(images, (s, from, to) -> body.add(from, to, partial[s][0], partial[s][1]));
        double[][] total = new double[2][units];
        for (double[][] p : partial) {
            for (int j = 0; j < units; j++) {
                total[0][j] += p[0][j];
                total[1][j] += p[1][j];
            }
        }
        return total;
    }

    /** Adds the sums of images {@code [from, to)} into {@code a} and {@code b}. */
    @FunctionalInterface
    interface ShardSum {
        void add(int from, int to, double[] a, double[] b);
    }
}
