package dev.bitste.ste;

import dev.bitste.bits.BitPlanes;

/**
 * The step {@code tau} of a b-bit quantized ReLU whose input is a unit Gaussian (a batch-normalized
 * pre-activation), found as paper 003 (section 8.2, after Cai et al.'s half-wave Gaussian quantization) does:
 * k-means, i.e. Lloyd's algorithm, on {@code N(0, 1)} with the {@code 2^b} levels {@code 0, tau, .., q_b tau}
 * (docs/algorithms.md section 6). Each iteration assigns every {@code x} to its nearest level and refits
 * {@code tau} by least squares, {@code tau = E[x c(x)] / E[c(x)^2]} with {@code c(x)} the code; the
 * expectations are Gaussian integrals over the cells, computed here, not sampled, so the step is the same
 * on every machine.
 */
public final class GaussianQuantizerStep {
    /** Table spacing of the normal distribution function. */
    private static final double H = 1.0 / 64;
    /** Past this, {@code Phi(x) = 1} in double. */
    private static final double X_MAX = 10;
    private static final double[] PHI_TABLE = table();

    private GaussianQuantizerStep() {
    }

    /** Lloyd's step for {@code bits} bits (1..8), converged to 1e-12. */
    public static double lloyd(int bits) {
        int q = BitPlanes.maxCode(BitPlanes.checkBits(bits));
        double tau = 1;
        for (int it = 0; it < 1_000_000; it++) {
            double num = 0;
            double den = 0;
            for (int c = 1; c <= q; c++) {
                // nearest level: code c takes ((c - 1/2) tau, (c + 1/2) tau], the top code everything above
                double a = (c - 0.5) * tau;
                double b = c == q ? Double.POSITIVE_INFINITY : (c + 0.5) * tau;
                num += c * (density(a) - density(b));     // integral of x phi(x) over the cell
                den += (double) c * c * (cdf(b) - cdf(a)); // integral of phi(x) over the cell
            }
            double next = num / den;
            if (Math.abs(next - tau) < 1e-12) {
                return next;
            }
            tau = next;
        }
        throw new IllegalStateException("Lloyd's algorithm did not converge for " + bits + " bits");
    }

    /** The standard normal density (0 at infinity). */
    static double density(double x) {
        return Double.isInfinite(x) ? 0 : Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
    }

    /** The standard normal distribution function for {@code x >= 0}: table value plus Simpson's rule on the rest. */
    static double cdf(double x) {
        if (x >= X_MAX) {
            return 1;
        }
        int k = (int) (x / H);
        return PHI_TABLE[k] + simpson(k * H, x);
    }

    private static double[] table() {
        double[] t = new double[(int) (X_MAX / H) + 1];
        t[0] = 0.5;
        for (int k = 1; k < t.length; k++) {
            t[k] = t[k - 1] + simpson((k - 1) * H, k * H);
        }
        return t;
    }

    /** Simpson's rule for the density over {@code [a, b]}, {@code b - a <= H}. */
    private static double simpson(double a, double b) {
        double m = (a + b) / 2;
        double h = (b - a) / 2;
        double s = 0;
        // two panels: ((b - a) / 2)^5 / 90 * max |phi''''| < 1e-16 for b - a <= 1/64
        s += h / 6 * (density(a) + 4 * density((a + m) / 2) + density(m));
        s += h / 6 * (density(m) + 4 * density((m + b) / 2) + density(b));
        return s;
    }
}
