package dev.bitste.util;

/** Argument checks whose messages name the argument and the offending value. */
public final class Checks {
    private Checks() {
    }

    public static <T> T notNull(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }

    public static int positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
        return value;
    }

    public static int nonNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + value);
        }
        return value;
    }

    public static void index(String name, int index, int size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException(name + " index " + index + " out of range [0, " + size + ")");
        }
    }

    public static void sameLength(String name, int expected, int actual) {
        if (expected != actual) {
            throw new IllegalArgumentException(name + " has length " + actual + ", expected " + expected);
        }
    }

    /** Checks that {@code [offset, offset + length)} lies inside an array of {@code arrayLength}. */
    public static void range(String name, int arrayLength, int offset, int length) {
        if (offset < 0 || length < 0 || offset > arrayLength - length) {
            throw new IllegalArgumentException(name + ": range [" + offset + ", " + offset + " + " + length
                    + ") does not fit an array of length " + arrayLength);
        }
    }

    /**
     * {@code a * b} as an array length or index bound: rejected with both factors named when it exceeds
     * {@code Integer.MAX_VALUE} (rather than wrapping around, or an {@link ArithmeticException} naming nothing).
     */
    public static int product(String what, int a, int b) {
        long p = (long) a * b;
        if (p > Integer.MAX_VALUE || p < Integer.MIN_VALUE) {
            throw new IllegalArgumentException(what + " = " + a + " * " + b + " = " + p
                    + " exceeds the largest int, " + Integer.MAX_VALUE);
        }
        return (int) p;
    }

    public static float finite(String name, int index, float value) {
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException(name + "[" + index + "] is " + value + " (must be finite)");
        }
        return value;
    }
}
