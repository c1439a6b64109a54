package dev.bitste.kernels;

import java.util.Locale;

/**
 * The value a binary convolution with same padding ({@link ConvShape.Padding#SAME}) gives its ±1 input outside the
 * image:
 * <ul>
 * <li>{@code ZERO}: true zero padding, as the float convolution of the ±1 values with zeros around them that the
 * training model computes: the taps outside the input contribute nothing. The kernels compute every window with +1
 * padding and subtract, at each border position, the filter's weight sums over the taps that fall outside (a
 * correction per position, as Larq Compute Engine does). The zero is never binarized: it is not a ±1 value (LCE
 * issue #132, where sign(0) = +1 turned zero padding into +1 padding, is the bug this avoids).</li>
 * <li>{@code ONE}: the padding is +1. Cheapest (the border windows are computed like the others) and the usual
 * choice for binary networks trained for it (Larq's {@code pad_values=1}).</li>
 * </ul>
 * b-bit codes and 8-bit pixels are always padded with the code 0 (the value 0).
 */
public enum PadValue {
    ZERO,
    ONE;

    /** The name on the command line and in files: {@code zero}, {@code one}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@link #label()}. */
    public static PadValue parse(String s) {
        for (PadValue p : values()) {
            if (p.label().equals(s)) {
                return p;
            }
        }
        throw new IllegalArgumentException("pad value '" + s + "' unknown (use zero or one)");
    }
}
