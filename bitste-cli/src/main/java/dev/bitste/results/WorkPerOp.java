package dev.bitste.results;

import java.util.List;
import java.util.Map;

/**
 * How much work one benchmark operation does: {@code times} the product of the named parameters, in
 * {@code unit}. E.g. a GEMM of m x n by n x k bits is {@code BINARY_OPS per [m, k, n]}, a 784-512-512-10 MLP on a
 * batch is {@code IMAGES per [batch]}, a pass over {@code megabytes} is {@code BYTES per [megabytes] times 2^20}.
 */
public record WorkPerOp(WorkUnit unit, List<String> per, double times) {
    public WorkPerOp {
        per = List.copyOf(per);
        if (!(times > 0) || Double.isInfinite(times)) {
            throw new IllegalArgumentException("times must be positive, got " + times);
        }
    }

    /** The work of one operation at {@code params}; NaN when a named parameter is missing or not a number. */
    public double amount(Map<String, String> params) {
        double a = times;
        for (String p : per) {
            Double v = Convention.number(params.getOrDefault(p, ""));
            if (v == null) {
                return Double.NaN;
            }
            a *= v;
        }
        return a;
    }

    /** E.g. {@code MACs/ns of m x k x n}. */
    public String describe() {
        String of = String.join(" x ", per);
        String factor = times == 1 ? "" : (of.isEmpty() ? "" : " x ") + Report.number(times);
        return unit.label() + (of.isEmpty() && factor.isEmpty() ? "" : " of " + of + factor);
    }
}
