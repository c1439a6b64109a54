package dev.bitste.data;

import java.util.SplittableRandom;

/**
 * The two-class data of paper 003's section 8.1 (docs/algorithms.md section 3): in {@code R^4} with basis e1..e4,
 * {@code v1 = e1}, {@code v2 = sin(theta) e2 + cos(theta) e3}, {@code v3 = e3}, {@code v4 = e4}; class 0 is
 * {@code r (cos(phi) v1 + sin(phi) v2)}, class 1 is {@code r (cos(phi) v3 + sin(phi) v4)}, for the 11 radii
 * {@code r = 1.0, 1.1, ..., 2.0} and the 80 angles {@code phi = j pi / 40, j = 1..80}: 880 points per class,
 * the two planes at angle theta. Optional Gaussian noise of standard deviation {@code noise} is added to
 * every coordinate.
 */
public record SubspaceData(float[] x, int[] y) {
    public static final int DIM = 4;
    public static final int RADII = 11;
    public static final int ANGLES = 80;

    /** The data at angle {@code thetaDegrees}, with noise drawn from {@code seed} (unused when noise is 0). */
    public static SubspaceData generate(double thetaDegrees, double noise, long seed) {
        if (!(thetaDegrees > 0 && thetaDegrees <= 90)) {
            throw new IllegalArgumentException("theta must be in (0, 90] degrees, got " + thetaDegrees);
        }
        if (!(noise >= 0) || !Double.isFinite(noise)) {
            throw new IllegalArgumentException("noise must be >= 0 and finite, got " + noise);
        }
        double th = Math.toRadians(thetaDegrees);
        double[][] basis = {
            {1, 0, 0, 0}, {0, Math.sin(th), Math.cos(th), 0},   // class 0: span(v1, v2)
            {0, 0, 1, 0}, {0, 0, 0, 1},                          // class 1: span(v3, v4)
        };
        int perClass = RADII * ANGLES;
        float[] x = new float[2 * perClass * DIM];
        int[] y = new int[2 * perClass];
        SplittableRandom rnd = new SplittableRandom(seed);
        int row = 0;
        for (int c = 0; c < 2; c++) {
            double[] a = basis[2 * c];
            double[] b = basis[2 * c + 1];
            for (int ri = 0; ri < RADII; ri++) {
                double r = 1.0 + ri / 10.0;
                for (int j = 1; j <= ANGLES; j++) {
                    double phi = j * Math.PI / 40;
                    for (int t = 0; t < DIM; t++) {
                        double value = r * (Math.cos(phi) * a[t] + Math.sin(phi) * b[t]);
                        x[row * DIM + t] = (float) (noise == 0 ? value : value + noise * rnd.nextGaussian());
                    }
                    y[row] = c;
                    row++;
                }
            }
        }
        return new SubspaceData(x, y);
    }

    /** Number of samples (1760). */
    public int size() {
        return y.length;
    }
}
