package dev.bitste.results;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Whether two runs can gate each other: the same profile, JMH settings, JDK and JVM flags ({@link #mismatches()}),
 * on the same machine ({@link #crossMachine()}). A comparison across machines, or with a mismatch the user accepted,
 * is a labelled ratio report and never fails the gate. {@link #notes()} says what is unknown or incomplete.
 */
public record Compatibility(List<String> mismatches, Optional<String> crossMachine, List<String> notes) {
    /** JVM options that do not change what is measured (JMH's lock file on a shared machine). */
    private static final List<String> IGNORED_JVM_ARGS = List.of("-Djmh.ignoreLock=");

    /** Describes one side: its results, machine and run description where known, and whether it is partial. */
    public record Side(String name, JmhJson.Loaded loaded, Optional<MachineInfo> machine, Optional<RunInfo> run) {
    }

    /** True when a regression found between the two runs may fail the gate. */
    public boolean gates() {
        return mismatches.isEmpty() && crossMachine.isEmpty();
    }

    /** Checks {@code base} against {@code current} over the benchmarks both have. */
    public static Compatibility of(Side base, Side current) {
        List<String> mismatches = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (base.run().isPresent() && current.run().isPresent()
                && !base.run().get().profile().equals(current.run().get().profile())) {
            mismatches.add("profile: " + base.run().get().profile() + " (base) vs " + current.run().get().profile()
                    + " (new)");
        }
        List<JmhResult[]> pairs = new ArrayList<>();
        for (JmhResult b : base.loaded().results()) {
            current.loaded().results().stream().filter(n -> n.key().equals(b.key())).findFirst()
                    .ifPresent(n -> pairs.add(new JmhResult[] {b, n}));
        }
        differs(pairs, "JMH settings", JmhResult::settingsWithoutForks, mismatches);
        differs(pairs, "JDK", r -> r.jdkVersion() + " (VM " + r.vmVersion() + ")", mismatches);
        differs(pairs, "JVM flags", r -> String.join(" ", relevantJvmArgs(r.jvmArgs())), mismatches);
        Optional<String> cross = Optional.empty();
        if (base.machine().isPresent() && current.machine().isPresent()) {
            String b = base.machine().get().id();
            String n = current.machine().get().id();
            if (!b.equals(n)) {
                cross = Optional.of(b + " -> " + n);
            }
        } else {
            notes.add("machine unknown for " + (base.machine().isEmpty() ? "base" : "new")
                    + " (no machine.json beside it): a comparison across machines cannot be told apart");
        }
        for (Side s : List.of(base, current)) {
            s.loaded().note().ifPresent(n -> notes.add(s.name() + " is PARTIAL: " + n));
            if (s.run().isEmpty()) {
                notes.add(s.name() + " has no run.json (an older run): its profile is judged by its JMH settings only");
            }
        }
        return new Compatibility(List.copyOf(mismatches), cross, List.copyOf(notes));
    }

    /** Adds a mismatch when {@code what} differs in a matched pair, naming the first such benchmark. */
    private static void differs(List<JmhResult[]> pairs, String label, Function<JmhResult, String> what,
            List<String> mismatches) {
        Set<String> seen = new LinkedHashSet<>();
        for (JmhResult[] p : pairs) {
            String b = what.apply(p[0]);
            String n = what.apply(p[1]);
            if (!Objects.equals(b, n) && seen.add(b + "|" + n)) {
                mismatches.add(label + ": " + b + " (base) vs " + n + " (new), e.g. " + p[0].shortName());
                return;
            }
        }
    }

    /** The JVM flags that matter to the measurement. */
    static List<String> relevantJvmArgs(List<String> args) {
        return args.stream().filter(a -> IGNORED_JVM_ARGS.stream().noneMatch(a::startsWith)).toList();
    }
}
