package dev.bitste.benchrun;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.eclipse.collections.impl.factory.Lists;
import org.eclipse.collections.api.list.MutableList;
import org.eclipse.collections.api.multimap.list.ListMultimap;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.options.Options;

/**
 * What a bench run executes: one JMH run per benchmark class (parameter overrides differ between
 * classes), each with its selected methods, its parameter values for the profile, and the number of
 * benchmarks (method x parameter combination x mode) it will measure, for the progress display.
 */
public final class BenchPlan {
    /**
     * One JMH run: a class, the full names of its selected benchmarks, the parameter values that
     * replace the declared ones (profile, then the expert's {@code -p}), and the benchmark count.
     */
    public record ClassRun(String className, List<String> benchmarks, Map<String, String[]> params, int count) {
    }

    private final List<ClassRun> runs;

    private BenchPlan(List<ClassRun> runs) {
        this.runs = runs;
    }

    /**
     * Plans {@code entries} (JMH's benchmark list) filtered by {@code include}/{@code exclude} (regexes
     * found anywhere in the full benchmark name; exclude may be null) for {@code profile}.
     */
    public static BenchPlan of(Collection<BenchmarkListEntry> entries, BenchProfile profile, Pattern include,
            Pattern exclude, Options expert) {
        MutableList<BenchmarkListEntry> selected = Lists.adapt(new ArrayList<>(entries))
                .select(e -> profile.grid() != BenchProfile.Grid.GATE || gated(e))
                .select(e -> include.matcher(e.getUsername()).find())
                .reject(e -> exclude != null && exclude.matcher(e.getUsername()).find())
                .sortThisBy(BenchmarkListEntry::getUsername);
        ListMultimap<String, BenchmarkListEntry> byClass = selected.groupBy(BenchmarkListEntry::getUserClassQName);
        List<ClassRun> runs = new ArrayList<>();
        for (String className : byClass.keysView().toSortedList()) {
            MutableList<BenchmarkListEntry> classEntries = byClass.get(className).toList();
            Map<String, String[]> declared = new TreeMap<>();
            classEntries.forEach(e -> e.getParams().orElse(Map.of()).forEach(declared::putIfAbsent));
            Map<String, String[]> overrides = new TreeMap<>(switch (profile.grid()) {
                case QUICK -> ParamGrid.quick(className, declared);
                case GATE -> ParamGrid.gate(className, declared);
                case FULL -> Map.<String, String[]>of();
            });
            for (String name : declared.keySet()) { // the expert's -p wins over the profile
                if (expert.getParameter(name).hasValue()) {
                    overrides.put(name, expert.getParameter(name).get().toArray(String[]::new));
                }
            }
            int count = (int) classEntries.sumOfInt(e -> combinations(e, overrides, expert));
            runs.add(new ClassRun(className, classEntries.collect(BenchmarkListEntry::getUsername).distinct(),
                    overrides, count));
        }
        return new BenchPlan(List.copyOf(runs));
    }

    private static boolean gated(BenchmarkListEntry e) {
        return ParamGrid.gatedMethods(e.getUserClassQName()).map(m -> m.contains(method(e))).orElse(false);
    }

    private static String method(BenchmarkListEntry e) {
        return e.getUsername().substring(e.getUsername().lastIndexOf('.') + 1);
    }

    private static int combinations(BenchmarkListEntry e, Map<String, String[]> overrides, Options expert) {
        int n = 1;
        for (Map.Entry<String, String[]> p : e.getParams().orElse(Map.of()).entrySet()) {
            n *= overrides.getOrDefault(p.getKey(), p.getValue()).length;
        }
        Collection<Mode> modes = expert.getBenchModes();
        int modeCount = modes.isEmpty() ? 1 : modes.contains(Mode.All) ? Mode.values().length - 1 : modes.size();
        return n * modeCount;
    }

    public List<ClassRun> runs() {
        return runs;
    }

    public boolean isEmpty() {
        return runs.isEmpty();
    }

    /** True if some selected benchmark's full name contains a match of {@code name}. */
    boolean has(Pattern name) {
        return runs.stream().flatMap(r -> r.benchmarks().stream()).anyMatch(b -> name.matcher(b).find());
    }

    /** The full names of the selected benchmarks. */
    public List<String> benchmarks() {
        return runs.stream().flatMap(r -> r.benchmarks().stream()).toList();
    }

    /** Benchmarks over all runs. */
    public int total() {
        return runs.stream().mapToInt(ClassRun::count).sum();
    }

    /** One line per class: name, benchmarks, parameter values. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        for (ClassRun r : runs) {
            Map<String, String> shown = new LinkedHashMap<>();
            r.params().forEach((k, v) -> shown.put(k, String.join(",", Arrays.asList(v))));
            out.append(String.format("  %-40s %3d benchmarks  %s%n", r.className(), r.count(),
                    shown.isEmpty() ? "" : shown));
        }
        return out.toString();
    }
}
