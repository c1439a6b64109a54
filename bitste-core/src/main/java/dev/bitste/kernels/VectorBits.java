package dev.bitste.kernels;

import java.util.List;
import java.util.Locale;

/**
 * Vector widths, in bits, as the kernels, the system property {@code -Dbitste.vectorBits} and the benchmarks'
 * {@code vectorBits} parameter spell them: {@code 128}, {@code 256}, {@code 512}, or {@value #PREFERRED_NAME}
 * for the CPU's preferred width (held as {@link #PREFERRED}, i.e. 0, in an {@code int}). The one place that
 * parses and prints them.
 */
public final class VectorBits {
    /** The system property that picks the width of the Vector API kernels. */
    public static final String PROPERTY = "bitste.vectorBits";
    /** The CPU's preferred width (capped at 512 bits), as an {@code int}. */
    public static final int PREFERRED = 0;
    /** The CPU's preferred width, as text. */
    public static final String PREFERRED_NAME = "preferred";
    /** The explicit widths the kernels run at. */
    public static final List<Integer> WIDTHS = List.of(128, 256, 512);

    private VectorBits() {
    }

    /**
     * {@code preferred} (any case, surrounding blanks ignored) or one of {@link #WIDTHS}; {@code name} says where
     * the text came from in the error message (e.g. {@code -Dbitste.vectorBits}).
     */
    public static int parse(String name, String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.equals(PREFERRED_NAME)) {
            return PREFERRED;
        }
        try {
            return check(Integer.parseInt(t));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be " + PREFERRED_NAME + ", 128, 256 or 512, got '"
                    + text + "'");
        }
    }

    /** {@code bits} if it is {@link #PREFERRED} or one of {@link #WIDTHS}, else an error naming the value. */
    public static int check(int bits) {
        if (bits != PREFERRED && !WIDTHS.contains(bits)) {
            throw new IllegalArgumentException("vectorBits must be one of " + WIDTHS + " or " + PREFERRED + " ("
                    + PREFERRED_NAME + "), got " + bits);
        }
        return bits;
    }

    /** The text of a width: {@value #PREFERRED_NAME} or its number of bits. */
    public static String name(int bits) {
        return bits == PREFERRED ? PREFERRED_NAME : Integer.toString(bits);
    }
}
