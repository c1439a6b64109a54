package dev.bitste.nn;

/**
 * How a latent weight {@code w} (in units of the quantizer step, so the step is 1) becomes a quantized level,
 * which the layer multiplies by its scale. The STE passes the gradient through unchanged inside the clip range
 * and the latent weights are kept in that range. {@code epsBar} and the uniform noise of docs/algorithms.md
 * section 4 make the noise-averaged quantizer equal to the STE's surrogate.
 */
public enum WeightQuantizer {
    /** {@code sign(w)} in {-1, +1} (1 bit); hardtanh STE on {@code [-1, 1]}. */
    BINARY(1, 1f, 1 / Math.sqrt(3)),
    /** {@code floor(w) + 1/2} clipped to {-3/2, -1/2, 1/2, 3/2} (2 bits, = b1 + b0 / 2 with ±1 bit-planes); identity STE on {@code [-2, 2]}. */
    TWO_BIT(2, 2f, 1 / (2 * Math.sqrt(3)));

    private final int bits;
    private final float clip;
    private final double epsBar;

    WeightQuantizer(int bits, float clip, double epsBar) {
        this.bits = bits;
        this.clip = clip;
        this.epsBar = epsBar;
    }

    /** Bits per weight. */
    public int bits() {
        return bits;
    }

    /** Latent weights live in {@code [-clip, clip]}; the STE gradient is zero outside. */
    public float clip() {
        return clip;
    }

    /** The smoothing radius in quantizer steps (docs/algorithms.md: 1/sqrt 3 for sign, 1/(2 sqrt 3) for round). */
    public double epsBar() {
        return epsBar;
    }

    /** The quantized level of latent weight {@code w}. */
    public float quantize(float w) {
        return switch (this) {
            case BINARY -> w >= 0f ? 1f : -1f;
            case TWO_BIT -> Math.max(-1.5f, Math.min(1.5f, (float) Math.floor(w) + 0.5f));
        };
    }

    /** The STE derivative: 1 inside the clip range, 0 outside. */
    public float steDerivative(float w) {
        return Math.abs(w) <= clip ? 1f : 0f;
    }

    /** The quantizer of {@code bits} bits per weight: 1 or 2. */
    public static WeightQuantizer ofBits(int bits) {
        return switch (bits) {
            case 1 -> BINARY;
            case 2 -> TWO_BIT;
            default -> throw new IllegalArgumentException("weight-bits must be 1 or 2, got " + bits);
        };
    }

    /** Parses {@code binary} / {@code 1} or {@code 2bit} / {@code 2}. */
    public static WeightQuantizer parse(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "binary", "1", "1bit" -> BINARY;
            case "2bit", "2", "2-bit", "ternary+" -> TWO_BIT;
            default -> throw new IllegalArgumentException("weights '" + s + "' unknown (use binary or 2bit)");
        };
    }
}
