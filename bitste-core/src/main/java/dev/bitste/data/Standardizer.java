package dev.bitste.data;

import dev.bitste.util.Checks;

/**
 * The per-coordinate standardization layer {@code z -> (z - mean) / std} of docs/algorithms.md section 2,
 * with statistics taken over all rows of the training set. It belongs to the network: teacher and
 * student both see standardized inputs, so the student can still represent the teacher exactly.
 * A coordinate with zero spread is only centred (its std is taken as 1).
 */
public record Standardizer(float[] mean, float[] std) {

    public Standardizer {
        Checks.notNull("mean", mean);
        Checks.notNull("std", std);
        Checks.sameLength("std", mean.length, std.length);
    }

    /** Statistics of the {@code rows x n} row-major matrix {@code z} (population std, over all rows). */
    public static Standardizer fit(float[] z, int rows, int n) {
        Checks.notNull("z", z);
        Checks.positive("rows", rows);
        Checks.positive("n", n);
        Checks.sameLength("z", Math.multiplyExact(rows, n), z.length);
        double[] sum = new double[n];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < n; i++) {
                sum[i] += z[r * n + i];
            }
        }
        float[] mean = new float[n];
        for (int i = 0; i < n; i++) {
            mean[i] = (float) (sum[i] / rows);
        }
        double[] sq = new double[n];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < n; i++) {
                double d = z[r * n + i] - (double) mean[i];
                sq[i] += d * d;
            }
        }
        float[] std = new float[n];
        for (int i = 0; i < n; i++) {
            double s = Math.sqrt(sq[i] / rows);
            std[i] = s > 0 ? (float) s : 1f;
        }
        return new Standardizer(mean, std);
    }

    /** A standardized copy of {@code z} (rows of {@code n = mean.length} floats). */
    public float[] apply(float[] z) {
        Checks.notNull("z", z);
        int n = mean.length;
        if (z.length % n != 0) {
            throw new IllegalArgumentException("z has length " + z.length + ", not a multiple of n = " + n);
        }
        float[] out = new float[z.length];
        for (int j = 0; j < z.length; j++) {
            int i = j % n;
            out[j] = (z[j] - mean[i]) / std[i];
        }
        return out;
    }
}
