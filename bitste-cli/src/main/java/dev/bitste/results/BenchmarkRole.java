package dev.bitste.results;

import java.util.List;

/**
 * What a benchmark method measures, as the report reads it from the method's name (JMH results carry no more).
 * Each {@code @Benchmark} method declares its role with {@code @Role} (package {@code dev.bitste.benchrun}), and a
 * test checks that the declared role is the one its name gives, so a misnamed method cannot silently drop out of
 * the speedup tables.
 *
 * <p>The report computes the speedup of {@link #VECTOR} over each baseline ({@link #SCALAR},
 * {@link #TRULY_SCALAR}, {@link #PEER}, {@link #FLOAT32}) measured at the same parameters; {@link #VARIANT}s and
 * {@link #STANDALONE} measurements appear in the score tables and charts only.
 */
public enum BenchmarkRole {
    /** {@code vector}: the Vector API kernel (parameter {@code vectorBits}). */
    VECTOR,
    /** {@code scalar}: the scalar reference as written (HotSpot may auto-vectorize it). */
    SCALAR,
    /** {@code trulyScalar}: the scalar reference in a fork with {@code -XX:-UseSuperWord}. */
    TRULY_SCALAR,
    /** {@code peer_<name>}: what a Java user would otherwise reach for, e.g. {@code peer_lucene}. */
    PEER,
    /** {@code float32}: a float kernel of the same shape (what binarization buys). */
    FLOAT32,
    /**
     * A secondary form of one of the roles above, named after it: {@code vectorUnfused}, {@code vectorParallel},
     * {@code scalarUnfused}, {@code trulyScalarUnfused}, {@code float32_autovec}.
     */
    VARIANT,
    /** A measurement compared only with the others of its class (e.g. storage layouts): any other name. */
    STANDALONE;

    /** The roles a method name can start with, longest first (so {@code trulyScalar} is not read as a variant). */
    private static final List<BenchmarkRole> PRIMARY = List.of(TRULY_SCALAR, FLOAT32, VECTOR, SCALAR);

    /** The method name of this role ({@code peer_} is a prefix); empty for variants and standalone measurements. */
    public String methodName() {
        return switch (this) {
            case VECTOR -> "vector";
            case SCALAR -> "scalar";
            case TRULY_SCALAR -> "trulyScalar";
            case PEER -> "peer_";
            case FLOAT32 -> "float32";
            case VARIANT, STANDALONE -> "";
        };
    }

    /** The role of a benchmark method, from its name. */
    public static BenchmarkRole of(String method) {
        if (method.startsWith(PEER.methodName())) {
            return PEER;
        }
        for (BenchmarkRole r : PRIMARY) {
            if (method.equals(r.methodName())) {
                return r;
            }
        }
        for (BenchmarkRole r : PRIMARY) {
            String name = r.methodName();
            if (method.length() > name.length() && method.startsWith(name)) {
                char next = method.charAt(name.length());
                if (Character.isUpperCase(next) || next == '_') {
                    return VARIANT;
                }
            }
        }
        return STANDALONE;
    }

    /** True for what the vector kernel is compared against: scalar, trulyScalar, peers, float32. */
    public boolean isBaseline() {
        return this == SCALAR || this == TRULY_SCALAR || this == PEER || this == FLOAT32;
    }
}
