package dev.bitste.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converters that check a numeric option's range while the command line is parsed, so a bad value is rejected
 * before any work, in picocli's words with the option as the user typed it:
 * {@code bitste: Invalid value for option '--init-std': '-1' is not a positive, finite number}. Attach one with
 * {@code @Option(..., converter = OptionValues.PositiveInt.class)}; the checks of the parameter records behind
 * the commands stay, for callers of the library.
 */
final class OptionValues {
    private OptionValues() {
    }

    /** An int >= 1. */
    static final class PositiveInt implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int v = parseInt(value);
            if (v < 1) {
                throw new TypeConversionException("'" + value + "' is not a positive integer");
            }
            return v;
        }
    }

    /** An int >= 0. */
    static final class NonNegativeInt implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int v = parseInt(value);
            if (v < 0) {
                throw new TypeConversionException("'" + value + "' is not an integer >= 0");
            }
            return v;
        }
    }

    /** A long >= 1. */
    static final class PositiveLong implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            long v;
            try {
                v = Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not an integer");
            }
            if (v < 1) {
                throw new TypeConversionException("'" + value + "' is not a positive integer");
            }
            return v;
        }
    }

    /** A finite double > 0 (not NaN, not Infinity). */
    static final class PositiveFinite implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double v = parseDouble(value);
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new TypeConversionException("'" + value + "' is not a positive, finite number");
            }
            return v;
        }
    }

    /** A finite double >= 0. */
    static final class NonNegativeFinite implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double v = parseDouble(value);
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new TypeConversionException("'" + value + "' is not a finite number >= 0");
            }
            return v;
        }
    }

    /** A double in [0, 1]. */
    static final class UnitInterval implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double v = parseDouble(value);
            if (!(v >= 0 && v <= 1)) {
                throw new TypeConversionException("'" + value + "' is not a number in [0, 1]");
            }
            return v;
        }
    }

    private static int parseInt(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not an integer (at most " + Integer.MAX_VALUE + ")");
        }
    }

    private static double parseDouble(String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a number");
        }
    }
}
