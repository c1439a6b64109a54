package dev.bitste.nn;

import dev.bitste.util.Checks;

/**
 * Batch normalization of one layer's units: {@code y_j = gamma_j (z_j - mean_j) / sqrt(var_j + EPS) + beta_j}.
 * The same type serves training ({@link Mlp}, with a batch's statistics), evaluation (with the population's, see
 * {@link Mlp#calibrate}), the model file and the packed inference ({@link FoldedLayer} folds it into integer
 * thresholds). The arrays are held as given, not copied.
 *
 * @param gamma scale per unit
 * @param beta shift per unit
 * @param mean mean of the pre-activation per unit
 * @param var variance of the pre-activation per unit
 */
public record BatchNorm(float[] gamma, float[] beta, float[] mean, float[] var) {
    /** Added to the variance before the square root. */
    public static final float EPS = 1e-4f;

    public BatchNorm {
        int units = Checks.notNull("gamma", gamma).length;
        Checks.sameLength("beta", units, Checks.notNull("beta", beta).length);
        Checks.sameLength("mean", units, Checks.notNull("mean", mean).length);
        Checks.sameLength("var", units, Checks.notNull("var", var).length);
    }

    /** Number of units. */
    public int units() {
        return gamma.length;
    }

    /** {@code sqrt(var_j + EPS)}, the sum taken in float as everywhere the normalization is computed. */
    public double std(int j) {
        return Math.sqrt(var[j] + EPS);
    }

    /** {@code 1 / std(j)} of every unit, as floats: what the float forward passes multiply by. */
    public float[] invStd() {
        float[] inv = new float[units()];
        for (int j = 0; j < inv.length; j++) {
            inv[j] = (float) (1 / std(j));
        }
        return inv;
    }

    /**
     * Normalizes {@code rows x units} row-major pre-activations {@code z} into {@code y} (which may be {@code z}):
     * {@code zhat = (z - mean) * inv}, {@code y = gamma * zhat + beta}; {@code zhat} is kept in {@code zhat} unless
     * that is null. {@code inv} is {@link #invStd()}.
     */
    public void apply(float[] z, int rows, float[] inv, float[] zhat, float[] y) {
        apply(z, 0, rows, inv, zhat, y);
    }

    /** {@link #apply(float[], int, float[], float[], float[])} on the {@code rows} rows from element {@code off}. */
    public void apply(float[] z, int off, int rows, float[] inv, float[] zhat, float[] y) {
        int out = units();
        for (int b = 0; b < rows; b++) {
            for (int j = 0; j < out; j++) {
                int i = off + b * out + j;
                float v = (z[i] - mean[j]) * inv[j];
                if (zhat != null) {
                    zhat[i] = v;
                }
                y[i] = gamma[j] * v + beta[j];
            }
        }
    }

    /**
     * Adds, per unit {@code j}, the sum of {@code z} and of {@code z^2} over the {@code rows} rows of {@code units}
     * values from element {@code off} to {@code sum[j]} and {@code sumSq[j]} (in double, rows in order).
     */
    public static void addMoments(float[] z, int off, int rows, int units, double[] sum, double[] sumSq) {
        for (int b = 0; b < rows; b++) {
            for (int j = 0; j < units; j++) {
                double v = z[off + b * units + j];
                sum[j] += v;
                sumSq[j] += v * v;
            }
        }
    }

    /** Mean and (biased, non-negative) variance per unit from the sums of {@link #addMoments} over {@code n} rows. */
    public static void moments(double[] sum, double[] sumSq, long n, float[] mean, float[] var) {
        for (int j = 0; j < mean.length; j++) {
            double m = sum[j] / n;
            mean[j] = (float) m;
            var[j] = (float) Math.max(0, sumSq[j] / n - m * m);
        }
    }

    /**
     * Adds, per unit, the sums over rows of the output gradient {@code dy} ({@code dBeta}, the gradient of beta) and of
     * {@code dy * zhat} ({@code dGamma}, the gradient of gamma), rows in order.
     */
    public static void addGradientSums(float[] dy, float[] zhat, int off, int rows, int units, double[] dBeta,
            double[] dGamma) {
        for (int b = 0; b < rows; b++) {
            for (int j = 0; j < units; j++) {
                int i = off + b * units + j;
                dBeta[j] += dy[i];
                dGamma[j] += dy[i] * zhat[i];
            }
        }
    }

    /**
     * The gradient of the pre-activation under batch statistics,
     * {@code dz = gamma inv (dy - mean(dy) - zhat mean(dy zhat))}, for the rows from element {@code off};
     * {@code scale[j] = gamma_j inv_j}, {@code meanDy} and {@code meanDyZhat} the per-unit means over the whole batch
     * ({@link #addGradientSums} divided by the batch's rows). {@code dz} may be {@code dy}.
     */
    public static void backward(float[] dy, float[] zhat, int off, int rows, float[] scale, float[] meanDy,
            float[] meanDyZhat, float[] dz) {
        int units = scale.length;
        for (int b = 0; b < rows; b++) {
            for (int j = 0; j < units; j++) {
                int i = off + b * units + j;
                dz[i] = scale[j] * (dy[i] - meanDy[j] - zhat[i] * meanDyZhat[j]);
            }
        }
    }
}
