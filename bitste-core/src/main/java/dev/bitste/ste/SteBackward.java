package dev.bitste.ste;

/**
 * Which derivative replaces the a.e.-zero derivative of the Heaviside in model A's coarse gradient.
 * {@link #RELU} is the model's STE (its mask equals the forward pattern); {@link #IDENTITY} is the
 * comparison the closed forms of docs/algorithms.md also cover.
 */
public enum SteBackward {
    /** {@code mu'(x) = 1{x > 0}}: every row with a positive pre-activation contributes. */
    RELU,
    /** {@code mu'(x) = 1}: every row contributes. */
    IDENTITY
}
