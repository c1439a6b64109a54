package dev.bitste.ste;

/**
 * A loss {@code L^(theta)} computed with quantized parameters in the forward pass (e.g. a network on one
 * mini-batch), as the gradient estimators see it: they may only evaluate it (one forward pass) or evaluate it
 * with its straight-through gradient (one forward and one backward pass).
 */
public interface QuantizedObjective {
    /** Number of latent (quantized) parameters. */
    int dimension();

    /** The quantizer step {@code alpha} in the units of {@code theta}: the smoothing radius is {@code alpha * epsBar}. */
    double quantizerStep();

    /** {@code eps_bar} of the STE in use (1/sqrt 3 for sign/hardtanh, 1/(2 sqrt 3) for round/identity). */
    double epsBar();

    /** {@code L^(theta)}: one forward pass. */
    double loss(float[] theta);

    /** {@code L^(theta)} and its STE gradient written into {@code gradient}: one forward and one backward pass. */
    double lossAndSteGradient(float[] theta, float[] gradient);
}
