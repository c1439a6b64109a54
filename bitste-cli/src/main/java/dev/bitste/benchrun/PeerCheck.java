package dev.bitste.benchrun;

import dev.bitste.peers.CPeerBuild;
import dev.bitste.peers.OpenBlas;
import dev.bitste.results.MachineInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The native peers a plan needs, made ready once before any fork starts: the C peer compiled into its cache (so
 * the forks find it there), OpenBLAS loaded to learn its version and core. A peer that is not available here (no
 * C compiler, no OpenBLAS natives for this platform) is not an error: its benchmarks are left out of the plan,
 * and the reason goes into {@code machine.json}, the console and the report.
 */
final class PeerCheck {
    /** Full benchmark names that need the C peer's library (the {@code peer_c} methods and their variants). */
    static final Pattern C_BENCHMARKS = Pattern.compile("\\.peer_c(_\\w+)?$");
    /** Full benchmark names that need OpenBLAS. */
    static final Pattern OPENBLAS_BENCHMARKS = Pattern.compile("\\.peer_openblas(_\\w+)?$");

    private final Optional<CPeerBuild.Info> c;
    private final Optional<OpenBlas.Info> openblas;
    private final List<Pattern> unavailable;

    private PeerCheck(Optional<CPeerBuild.Info> c, Optional<OpenBlas.Info> openblas, List<Pattern> unavailable) {
        this.c = c;
        this.openblas = openblas;
        this.unavailable = List.copyOf(unavailable);
    }

    /** Builds or loads the peers whose benchmarks {@code plan} has. */
    static PeerCheck of(BenchPlan plan) {
        List<Pattern> unavailable = new ArrayList<>();
        Optional<CPeerBuild.Info> c = Optional.empty();
        if (plan.has(C_BENCHMARKS)) {
            CPeerBuild.Status s = CPeerBuild.build();
            c = Optional.of(s.info());
            if (!s.available()) {
                unavailable.add(C_BENCHMARKS);
            }
        }
        Optional<OpenBlas.Info> blas = Optional.empty();
        if (plan.has(OPENBLAS_BENCHMARKS)) {
            blas = Optional.of(OpenBlas.info());
            if (!blas.get().available()) {
                unavailable.add(OPENBLAS_BENCHMARKS);
            }
        }
        return new PeerCheck(c, blas, unavailable);
    }

    /** {@code exclude} widened by the benchmarks of the peers that are not available (null: nothing to leave out). */
    Pattern exclude(Pattern exclude) {
        List<String> parts = new ArrayList<>();
        if (exclude != null) {
            parts.add(exclude.pattern());
        }
        unavailable.forEach(p -> parts.add(p.pattern()));
        return parts.isEmpty() ? null : Pattern.compile(String.join("|", parts.stream().map(p -> "(?:" + p + ")")
                .toList()));
    }

    boolean leavesOut() {
        return !unavailable.isEmpty();
    }

    /** {@code machine} with the peers recorded. */
    MachineInfo record(MachineInfo machine) {
        return machine.withPeers(c.orElse(null), openblas.orElse(null));
    }

    /** One console line per peer the plan has. */
    String describe() {
        StringBuilder out = new StringBuilder();
        c.ifPresent(i -> out.append("  C peer (peer_c): ").append(i.describe()).append('\n'));
        openblas.ifPresent(i -> out.append("  OpenBLAS (peer_openblas): ").append(i.describe()).append('\n'));
        return out.toString();
    }
}
