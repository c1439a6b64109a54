package dev.bitste.cli;

import java.util.function.Function;
import java.util.function.Predicate;
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

    /** A value parsed by {@code parse} and accepted when {@code valid}; else "'value' is not {@code what}". */
    private abstract static class Checked<T> implements ITypeConverter<T> {
        private final Function<String, T> parse;
        private final Predicate<T> valid;
        private final String what;

        Checked(Function<String, T> parse, Predicate<T> valid, String what) {
            this.parse = parse;
            this.valid = valid;
            this.what = what;
        }

        @Override
        public T convert(String value) {
            T v;
            try {
                v = parse.apply(value.trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not " + what);
            }
            if (!valid.test(v)) {
                throw new TypeConversionException("'" + value + "' is not " + what);
            }
            return v;
        }
    }

    /** An int >= 1. */
    static final class PositiveInt extends Checked<Integer> {
        PositiveInt() {
            super(Integer::valueOf, v -> v >= 1, "a positive integer (at most " + Integer.MAX_VALUE + ")");
        }
    }

    /** An int >= 0. */
    static final class NonNegativeInt extends Checked<Integer> {
        NonNegativeInt() {
            super(Integer::valueOf, v -> v >= 0, "an integer >= 0 (at most " + Integer.MAX_VALUE + ")");
        }
    }

    /** A long >= 1. */
    static final class PositiveLong extends Checked<Long> {
        PositiveLong() {
            super(Long::valueOf, v -> v >= 1, "a positive integer");
        }
    }

    /** A finite double > 0 (not NaN, not Infinity). */
    static final class PositiveFinite extends Checked<Double> {
        PositiveFinite() {
            super(Double::valueOf, v -> v > 0 && !v.isInfinite(), "a positive, finite number");
        }
    }

    /** A finite double >= 0. */
    static final class NonNegativeFinite extends Checked<Double> {
        NonNegativeFinite() {
            super(Double::valueOf, v -> v >= 0 && !v.isInfinite(), "a finite number >= 0");
        }
    }

    /** A double in [0, 1]. */
    static final class UnitInterval extends Checked<Double> {
        UnitInterval() {
            super(Double::valueOf, v -> v >= 0 && v <= 1, "a number in [0, 1]");
        }
    }
}
