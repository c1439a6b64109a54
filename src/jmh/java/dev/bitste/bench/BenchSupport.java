package dev.bitste.bench;

import dev.bitste.kernels.BitKernels;
import dev.bitste.kernels.KernelChoice;
import java.util.Arrays;
import java.util.Objects;

/**
 * Shared pieces of the benchmarks.
 *
 * <p>Naming convention (the report relies on it): in each benchmark class the method {@code vector}
 * runs the Vector API kernels (parameter {@code vectorBits}), {@code scalar} the scalar reference as
 * written (which HotSpot may auto-vectorize), {@code trulyScalar} the same in a fork with
 * {@code -XX:-UseSuperWord}, {@code float32} a float kernel of the same shape, and {@code peer_<name>}
 * what a Java user would otherwise use (e.g. {@code peer_bitset}, {@code peer_lucene}).
 */
public final class BenchSupport {
    /** JVM flag that turns off HotSpot's auto-vectorization, for the truly scalar baseline. */
    public static final String NO_SUPERWORD = "-XX:-UseSuperWord";

    private BenchSupport() {
    }

    /** The vector kernels at {@code preferred}, {@code 128}, {@code 256} or {@code 512} bits. */
    public static BitKernels vector(String vectorBits) {
        return BitKernels.of(KernelChoice.vector(vectorBits.equals("preferred") ? 0 : Integer.parseInt(vectorBits)));
    }

    /** The scalar reference kernels. */
    public static BitKernels scalar() {
        return BitKernels.of(KernelChoice.scalar());
    }

    /** Throws unless {@code actual} equals {@code expected}: a fast wrong kernel must not post a number. */
    public static void check(String what, Object expected, Object actual) {
        boolean same = expected instanceof int[] e && actual instanceof int[] a ? Arrays.equals(e, a)
                : expected instanceof float[] e && actual instanceof float[] a ? Arrays.equals(e, a)
                : Objects.equals(expected, actual);
        if (!same) {
            throw new IllegalStateException(what + " disagrees with the scalar reference");
        }
    }
}
