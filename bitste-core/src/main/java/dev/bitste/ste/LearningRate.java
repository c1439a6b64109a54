package dev.bitste.ste;

/**
 * Learning-rate schedules of the STE-gradient method (docs/algorithms.md section 2): bounded, and for
 * {@code invsqrt} and {@code power} non-summable and slowly decaying. Step {@code t} counts from 0.
 */
public sealed interface LearningRate {

    /** The rate at step {@code t >= 0}. */
    double at(int t);

    /** A short description, e.g. {@code invsqrt(eta0=1.0)}. */
    String describe();

    /** {@code eta0} at every step. */
    record Constant(double eta0) implements LearningRate {
        public Constant {
            positive(eta0);
        }

        @Override
        public double at(int t) {
            return eta0;
        }

        @Override
        public String describe() {
            return "constant(eta0=" + eta0 + ")";
        }
    }

    /** {@code eta0 / sqrt(t + 1)}: the default, with {@code eta0 = 1}. */
    record InvSqrt(double eta0) implements LearningRate {
        public InvSqrt {
            positive(eta0);
        }

        @Override
        public double at(int t) {
            return eta0 / Math.sqrt(t + 1.0);
        }

        @Override
        public String describe() {
            return "invsqrt(eta0=" + eta0 + ")";
        }
    }

    /** {@code eta0 / (t + 1)^a} with {@code 0 < a <= 1}. */
    record Power(double eta0, double a) implements LearningRate {
        public Power {
            positive(eta0);
            if (!(a > 0 && a <= 1)) {
                throw new IllegalArgumentException("power schedule exponent a must be in (0, 1], got " + a);
            }
        }

        @Override
        public double at(int t) {
            return eta0 / Math.pow(t + 1.0, a);
        }

        @Override
        public String describe() {
            return "power(eta0=" + eta0 + ", a=" + a + ")";
        }
    }

    /**
     * {@code eta0 * factor^floor(t / every)}: the rate multiplied by {@code factor} every {@code every} steps (paper
     * 003 trains LeNet-5 with 0.1, divided by 10 every 20 epochs).
     */
    record StepDecay(double eta0, double factor, int every) implements LearningRate {
        public StepDecay {
            positive(eta0);
            if (!(factor > 0 && factor <= 1)) {
                throw new IllegalArgumentException("step decay factor must be in (0, 1], got " + factor);
            }
            if (every < 1) {
                throw new IllegalArgumentException("step decay interval must be >= 1 step, got " + every);
            }
        }

        @Override
        public double at(int t) {
            return eta0 * Math.pow(factor, t / every);
        }

        @Override
        public String describe() {
            return "step(eta0=" + eta0 + ", x" + factor + " every " + every + " steps)";
        }
    }

    /** Cosine decay from {@code eta0} at step 0 to {@code floor * eta0} at step {@code steps - 1}. */
    record Cosine(double eta0, long steps, double floor) implements LearningRate {
        public Cosine {
            positive(eta0);
            if (steps < 1) {
                throw new IllegalArgumentException("cosine schedule needs at least 1 step, got " + steps);
            }
            if (!(floor >= 0 && floor <= 1)) {
                throw new IllegalArgumentException("cosine floor must be in [0, 1], got " + floor);
            }
        }

        @Override
        public double at(int t) {
            double progress = (double) t / Math.max(1, steps - 1);
            return eta0 * (floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * progress)));
        }

        @Override
        public String describe() {
            return "cosine(eta0=" + eta0 + ", " + steps + " steps, floor " + floor + ")";
        }
    }

    /** The default schedule: {@code invsqrt} with {@code eta0 = 1}. */
    static LearningRate defaultSchedule() {
        return new InvSqrt(1.0);
    }

    /** Parses {@code constant[:eta0]}, {@code invsqrt[:eta0]} or {@code power[:eta0[:a]]} (defaults eta0 = 1, a = 0.5). */
    static LearningRate parse(String text) {
        String[] parts = text == null ? new String[] {""} : text.trim().split(":");
        try {
            double eta0 = parts.length > 1 ? Double.parseDouble(parts[1]) : 1.0;
            return switch (parts[0]) {
                case "constant" -> new Constant(eta0);
                case "invsqrt" -> new InvSqrt(eta0);
                case "power" -> new Power(eta0, parts.length > 2 ? Double.parseDouble(parts[2]) : 0.5);
                default -> throw new IllegalArgumentException("unknown learning-rate schedule '" + text
                        + "' (expected constant[:eta0], invsqrt[:eta0] or power[:eta0[:a]])");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number in learning-rate schedule '" + text + "'");
        }
    }

    private static void positive(double eta0) {
        if (!(eta0 > 0) || Double.isInfinite(eta0)) {
            throw new IllegalArgumentException("eta0 must be positive and finite, got " + eta0);
        }
    }
}
