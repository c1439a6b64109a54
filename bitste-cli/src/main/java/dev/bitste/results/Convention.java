package dev.bitste.results;

import dev.bitste.kernels.VectorBits;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.stream.Collectors;

/**
 * The benchmark naming convention ({@link BenchmarkRole}): method {@code vector} (parameter
 * {@code vectorBits}), {@code scalar}, {@code trulyScalar}, {@code float32}, {@code peer_<name>} and their
 * variants. Parameters that pick an implementation rather than a problem shape are
 * {@link #IMPL_PARAMS}; results with equal shape parameters are compared with each other.
 */
final class Convention {
    static final String VECTOR = BenchmarkRole.VECTOR.methodName();
    static final String SCALAR = BenchmarkRole.SCALAR.methodName();
    static final String TRULY_SCALAR = BenchmarkRole.TRULY_SCALAR.methodName();
    static final String FLOAT32 = BenchmarkRole.FLOAT32.methodName();
    static final String PEER_PREFIX = BenchmarkRole.PEER.methodName();
    static final String VECTOR_BITS = "vectorBits";
    static final Set<String> IMPL_PARAMS = Set.of(VECTOR_BITS, "impl");
    static final String PREFERRED = VectorBits.PREFERRED_NAME;

    private Convention() {
    }

    /** Parameters describing the problem (n, m, k, ...), not the implementation. */
    static SortedMap<String, String> shape(JmhResult r) {
        return r.paramsWithout(IMPL_PARAMS);
    }

    /** Mode, threads and shape: results with equal keys measure the same problem. */
    static String shapeKey(JmhResult r) {
        return r.mode() + " " + r.threads() + " " + shape(r);
    }

    /** The implementation a result measures: method plus implementation parameters, e.g. {@code vector@256}. */
    static String implLabel(JmhResult r) {
        String bits = r.params().get(VECTOR_BITS);
        String others = r.params().entrySet().stream()
                .filter(e -> IMPL_PARAMS.contains(e.getKey()) && !e.getKey().equals(VECTOR_BITS))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
        return r.method() + (bits == null ? "" : "@" + bits) + (others.isEmpty() ? "" : "[" + others + "]");
    }

    /** What the vector kernel is compared against, in this order: scalar, trulyScalar, peers, float32. */
    static boolean isBaseline(String method) {
        return BenchmarkRole.of(method).isBaseline();
    }

    /** Display order of methods: vector, scalar, trulyScalar, peers, float32, then the rest by name. */
    static final Comparator<String> METHOD_ORDER = Comparator.comparingInt(Convention::rank)
            .thenComparing(Comparator.naturalOrder());

    private static int rank(String method) {
        return switch (BenchmarkRole.of(method)) {
            case VECTOR -> 0;
            case SCALAR -> 1;
            case TRULY_SCALAR -> 2;
            case PEER -> 3;
            case FLOAT32 -> 4;
            case VARIANT, STANDALONE -> 5;
        };
    }

    /** Orders parameter values numerically when both are numbers, else as text. */
    static int compareValues(String a, String b) {
        Double x = number(a);
        Double y = number(b);
        return x != null && y != null ? Double.compare(x, y) : a.compareTo(b);
    }

    static Double number(String s) {
        try {
            return Double.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Vector widths: preferred first, then widest first. */
    static int compareWidths(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        if (a.equals(PREFERRED) || b.equals(PREFERRED)) {
            return a.equals(PREFERRED) ? -1 : 1;
        }
        return -compareValues(a, b);
    }

    /** Implementation parameters in display order (widths: preferred, then widest first). */
    static int compareImplParams(JmhResult a, JmhResult b) {
        int c = compareWidths(a.params().getOrDefault(VECTOR_BITS, ""), b.params().getOrDefault(VECTOR_BITS, ""));
        return c != 0 ? c : implLabel(a).compareTo(implLabel(b));
    }

    /** Implementations in display order: by method, then by implementation parameters. */
    static final Comparator<JmhResult> IMPL_ORDER = Comparator.comparing(JmhResult::method, METHOD_ORDER)
            .thenComparing(Convention::compareImplParams);

    /** Compares two shape maps with the same keys value by value (numbers numerically). */
    static int compareShapes(SortedMap<String, String> a, SortedMap<String, String> b) {
        List<String> keys = a.keySet().stream().toList();
        for (String k : keys) {
            int c = compareValues(a.get(k), b.getOrDefault(k, ""));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
