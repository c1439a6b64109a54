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
        int out = units();
        for (int b = 0; b < rows; b++) {
            for (int j = 0; j < out; j++) {
                int i = b * out + j;
                float v = (z[i] - mean[j]) * inv[j];
                if (zhat != null) {
                    zhat[i] = v;
                }
                y[i] = gamma[j] * v + beta[j];
            }
        }
    }
}
