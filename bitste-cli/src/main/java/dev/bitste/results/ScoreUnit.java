package dev.bitste.results;

import java.util.Map;

/**
 * A JMH score unit such as {@code ops/us} or {@code ns/op}: which direction is better (operations per
 * time: higher; time per operation: lower) and the factor that brings scores in different time units
 * to a common scale (per second, or seconds).
 */
public record ScoreUnit(String text, boolean higherIsBetter, double toCommonScale) {
    private static final Map<String, Double> SECONDS = Map.of("ns", 1e-9, "us", 1e-6, "ms", 1e-3, "s", 1.0,
            "min", 60.0, "hr", 3600.0, "day", 86400.0);

    /** Parses a JMH unit; throws {@link IllegalArgumentException} for a unit with no known direction. */
    public static ScoreUnit of(String text) {
        if (text != null && text.startsWith("ops/") && SECONDS.containsKey(text.substring(4))) {
            return new ScoreUnit(text, true, 1.0 / SECONDS.get(text.substring(4)));
        }
        if (text != null && text.endsWith("/op") && SECONDS.containsKey(text.substring(0, text.length() - 3))) {
            return new ScoreUnit(text, false, SECONDS.get(text.substring(0, text.length() - 3)));
        }
        throw new IllegalArgumentException("unknown score unit '" + text
                + "' (expected ops/<time> or <time>/op with time in " + SECONDS.keySet() + ")");
    }

    /** {@code score} in this unit expressed on the common scale (ops/s or s/op). */
    public double common(double score) {
        return score * toCommonScale;
    }

    /**
     * How much better {@code candidate} is than {@code reference} (both in this unit): above 1 means
     * faster, whatever the direction of the unit.
     */
    public double speedup(double candidate, double reference) {
        return higherIsBetter ? candidate / reference : reference / candidate;
    }
}
