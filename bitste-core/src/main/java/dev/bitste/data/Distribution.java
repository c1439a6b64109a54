package dev.bitste.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/** Distributions of the i.i.d. entries of model A inputs (docs/algorithms.md section 2). */
public enum Distribution {
    /** N(0, 1): the setting of the papers' theory. */
    GAUSSIAN {
        @Override
        public float sample(RandomGenerator rnd) {
            return (float) rnd.nextGaussian();
        }
    },
    /** ±1 with equal probability: centred but not Gaussian; binary, so the forward pass is an XNOR-popcount. */
    RADEMACHER {
        @Override
        public float sample(RandomGenerator rnd) {
            return rnd.nextBoolean() ? 1f : -1f;
        }
    },
    /** U[0, 1): not centred. */
    UNIFORM01 {
        @Override
        public float sample(RandomGenerator rnd) {
            return rnd.nextFloat();
        }
    },
    /** Exp(1): not centred and skewed. */
    EXPONENTIAL {
        @Override
        public float sample(RandomGenerator rnd) {
            return (float) rnd.nextExponential();
        }
    };

    /** One draw. */
    public abstract float sample(RandomGenerator rnd);

    /** {@code len} i.i.d. draws. */
    public float[] sample(RandomGenerator rnd, int len) {
        float[] out = new float[len];
        for (int i = 0; i < len; i++) {
            out[i] = sample(rnd);
        }
        return out;
    }

    /** The lower-case name used on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a command-line name (case-insensitive); unknown names fail with the list of known ones. */
    public static Distribution parse(String name) {
        for (Distribution d : values()) {
            if (d.label().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown distribution '" + name + "' (expected one of "
                + Arrays.stream(values()).map(Distribution::label).collect(Collectors.joining(", ")) + ")");
    }
}
