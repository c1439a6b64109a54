package dev.bitste.kernels;

import dev.bitste.bits.BitPlanes;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The straight-through surrogates {@code g} of the b-bit quantized ReLU (docs/algorithms.md section 3), with
 * {@code q_b = 2^b - 1}. The coarse gradient uses {@code g'} in place of the a.e.-zero derivative of
 * {@code sigma_b}. At a breakpoint the derivative takes the value the definition gives there:
 * {@code g'(0) = 0} (except identity) and the left value at {@code q_b} ({@code 1} for log-tailed,
 * {@code 0} for clipped, whose interval is open).
 */
public enum Surrogate {
    /** {@code g(x) = max(x, 0)}, {@code g'(x) = 1{x > 0}}. */
    RELU("relu"),
    /** {@code g(x) = max(0, q (1 - exp(-x/q)))}, {@code g'(x) = exp(-x/q)} for x > 0. */
    REVEXP("revexp"),
    /** {@code g(x) = x} on (0, q], {@code q + log(x - q + 1)} beyond; {@code g'} = 1, then {@code 1/(x - q + 1)}. */
    LOGTAIL("logtail"),
    /** {@code g(x) = x}, {@code g'(x) = 1} everywhere (the identity STE; not zero below 0). */
    IDENTITY("identity"),
    /** {@code g(x) = min(max(x, 0), q)}, {@code g'(x) = 1{0 < x < q}}. */
    CLIPPED("clipped");

    private final String cliName;

    Surrogate(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line and in result files. */
    public String cliName() {
        return cliName;
    }

    /** Parses a command-line name (case-insensitive); the message lists the valid ones. */
    public static Surrogate parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (Surrogate s : values()) {
            if (s.cliName.equals(n)) {
                return s;
            }
        }
        throw new IllegalArgumentException("surrogate '" + name + "' is unknown (use one of "
                + Arrays.stream(values()).map(Surrogate::cliName).collect(Collectors.joining(", ")) + ")");
    }

    /** The surrogate's value {@code g(x)} for {@code bits}-bit activations. */
    public float value(float x, int bits) {
        float q = BitPlanes.maxCode(bits);
        return switch (this) {
            case RELU -> Math.max(x, 0f);
            case REVEXP -> x > 0 ? (float) (q * -Math.expm1(-x / (double) q)) : 0f;
            case LOGTAIL -> x <= 0 ? 0f : x <= q ? x : (float) (q + Math.log1p(x - (double) q));
            case IDENTITY -> x;
            case CLIPPED -> Math.min(Math.max(x, 0f), q);
        };
    }

    /** The derivative {@code g'(x)} for {@code bits}-bit activations (the reference for the vector kernel). */
    public float derivative(float x, int bits) {
        float q = BitPlanes.maxCode(bits);
        return switch (this) {
            case RELU -> x > 0 ? 1f : 0f;
            case REVEXP -> x > 0 ? (float) Math.exp(-x / q) : 0f;
            case LOGTAIL -> x <= 0 ? 0f : x <= q ? 1f : 1f / (x - q + 1f);
            case IDENTITY -> 1f;
            case CLIPPED -> x > 0 && x < q ? 1f : 0f;
        };
    }

    @Override
    public String toString() {
        return cliName;
    }
}
