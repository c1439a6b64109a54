package dev.bitste.nn;

import dev.bitste.bits.BitPlanes;
import dev.bitste.kernels.QuantKernels;
import dev.bitste.kernels.ScalarQuantKernels;
import dev.bitste.kernels.Surrogate;
import dev.bitste.ste.GaussianQuantizerStep;
import dev.bitste.util.Checks;

/**
 * An activation of the CNN (docs/algorithms.md section 6) and its straight-through backward pass:
 * <ul>
 * <li>{@link Kind#RELU}: {@code max(y, 0)} in float, exact derivative {@code 1{y > 0}};</li>
 * <li>{@link Kind#SIGN}: {@code +1} for {@code y >= 0} (also {@code -0.0}), else {@code -1}; hardtanh STE
 * {@code 1{|y| <= 1}} (as {@link Activation#BINARY});</li>
 * <li>{@link Kind#QUANTIZED}: the b-bit quantized ReLU of model C scaled by {@code step}:
 * {@code step * sigma_b(y / step)} (codes {@code 0..2^b-1}); backward {@code g'(y / step)} of the surrogate
 * {@code g} (the chain rule's {@code step} and {@code 1 / step} cancel).</li>
 * </ul>
 *
 * @param kind which function
 * @param bits bits of the quantized codes (1..8); 32 for RELU, 1 for SIGN
 * @param surrogate the STE surrogate of QUANTIZED (null otherwise)
 * @param step the quantizer step {@code tau} of QUANTIZED (1 otherwise)
 */
public record CnnActivation(Kind kind, int bits, Surrogate surrogate, float step) {
    /** Which activation function. */
    public enum Kind { RELU, SIGN, QUANTIZED }

    public CnnActivation {
        Checks.notNull("kind", kind);
        if (kind == Kind.QUANTIZED) {
            BitPlanes.checkBits(bits);
            Checks.notNull("surrogate", surrogate);
            if (!(step > 0) || !Float.isFinite(step)) {
                throw new IllegalArgumentException("step must be positive and finite, got " + step);
            }
        }
    }

    /** Float ReLU. */
    public static CnnActivation relu() {
        return new CnnActivation(Kind.RELU, 32, null, 1f);
    }

    /** Sign with the hardtanh STE. */
    public static CnnActivation sign() {
        return new CnnActivation(Kind.SIGN, 1, null, 1f);
    }

    /** The b-bit quantized ReLU with surrogate {@code g}, its step fixed by Lloyd's algorithm on a unit Gaussian. */
    public static CnnActivation quantized(int bits, Surrogate g) {
        return new CnnActivation(Kind.QUANTIZED, bits, g, (float) GaussianQuantizerStep.lloyd(bits));
    }

    /** {@code bits} = 32: float ReLU; 1..8: the quantized ReLU with {@code g}. Other widths are rejected. */
    public static CnnActivation ofBits(int bits, Surrogate g) {
        if (bits == 32) {
            return relu();
        }
        if (bits < 1 || bits > BitPlanes.MAX_BITS) {
            throw new IllegalArgumentException("activation-bits must be 1.." + BitPlanes.MAX_BITS + " or 32 (float), got "
                    + bits);
        }
        return quantized(bits, g);
    }

    /** The code {@code sigma_b(y / step)} of a quantized activation (what packed inference stores). */
    public int code(float y) {
        return ScalarQuantKernels.sigma(y / step, bits);
    }

    /** The activation of one (batch-normalized) pre-activation. */
    public float apply(float y) {
        return switch (kind) {
            case RELU -> Activation.FLOAT.apply(y);
            case SIGN -> Activation.BINARY.apply(y);
            case QUANTIZED -> step * code(y);
        };
    }

    /** {@code dx[i] = dy[i] * f'(x[i])} (the STE derivative) for {@code i in [off, off + n)}; {@code dx} may be {@code dy}. */
    void backward(float[] x, float[] dy, float[] dx, int off, int n) {
        switch (kind) {
            case SIGN -> {
                for (int i = off; i < off + n; i++) {
                    dx[i] = Math.abs(x[i]) <= 1f ? dy[i] : 0f;
                }
            }
            case RELU -> {
                for (int i = off; i < off + n; i++) {
                    dx[i] = x[i] > 0f ? dy[i] : 0f;
                }
            }
            case QUANTIZED -> {
                float[] derivative = new float[n];
                for (int i = 0; i < n; i++) {
                    derivative[i] = x[off + i] / step;
                }
                QuantKernels.get().surrogateDerivative(surrogate, bits, derivative, 0, n, derivative, 0);
                for (int i = 0; i < n; i++) {
                    dx[off + i] = dy[off + i] * derivative[i];
                }
            }
        }
    }

    @Override
    public String toString() {
        return switch (kind) {
            case RELU -> "relu";
            case SIGN -> "sign";
            case QUANTIZED -> bits + "-bit relu (" + surrogate.cliName() + " STE, step " + step + ")";
        };
    }
}
