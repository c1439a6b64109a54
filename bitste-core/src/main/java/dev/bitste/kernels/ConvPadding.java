package dev.bitste.kernels;

import java.util.Locale;

/**
 * How a convolution treats its borders. {@code VALID}: windows only where they fit, no padding. The two
 * {@code SAME} modes pad as TensorFlow's "same" (output side {@code ceil(in / stride)}, the padding split with the
 * odd pixel at the bottom / right, see {@link ConvGeometry}) and differ in the value of the padding of a ±1 input:
 * <ul>
 * <li>{@code SAME_ONE}: the padding is +1. Cheapest (the windows at the border are computed like the others) and the
 * usual choice for binary networks trained for it (Larq's {@code pad_values=1});</li>
 * <li>{@code SAME_ZERO}: true zero padding, as a float convolution of the ±1 values with zeros around them: the taps
 * outside the input contribute nothing. Computed as the +1-padded result minus, at each border position, the
 * filter's weight sums over the taps that fall outside (a correction term per position, as Larq Compute Engine does).
 * The zero is never binarized: it is not a ±1 value (LCE issue #132, where sign(0) = +1 turned zero padding into +1
 * padding, is the bug this avoids).</li>
 * </ul>
 * For b-bit codes and 8-bit pixels the padding is the code 0 (value 0), so only {@code VALID} and
 * {@code SAME_ZERO} apply.
 */
public enum ConvPadding {
    VALID,
    SAME_ONE,
    SAME_ZERO;

    /** True for the two "same" modes. */
    public boolean same() {
        return this != VALID;
    }

    /** The name on the command line and in files: {@code valid}, {@code same-one}, {@code same-zero}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses {@link #label()}. */
    public static ConvPadding parse(String s) {
        for (ConvPadding p : values()) {
            if (p.label().equals(s)) {
                return p;
            }
        }
        throw new IllegalArgumentException("padding '" + s + "' unknown (use valid, same-one or same-zero)");
    }
}
