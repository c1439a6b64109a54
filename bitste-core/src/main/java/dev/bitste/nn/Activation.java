package dev.bitste.nn;

/** Hidden-layer activation. */
public enum Activation {
    /** {@code +1} if the (batch-normalized) pre-activation is {@code >= 0}, else {@code -1}; hardtanh STE. */
    BINARY,
    /** {@code max(0, x)} in float. */
    FLOAT;

    /** The activation of one (batch-normalized) pre-activation. */
    public float apply(float y) {
        return this == BINARY ? (y >= 0f ? 1f : -1f) : Math.max(0f, y);
    }

    /** Parses {@code binary} or {@code float}. */
    public static Activation parse(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "binary", "sign" -> BINARY;
            case "float", "relu" -> FLOAT;
            default -> throw new IllegalArgumentException("activations '" + s + "' unknown (use binary or float)");
        };
    }
}
