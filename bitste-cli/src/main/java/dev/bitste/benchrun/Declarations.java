package dev.bitste.benchrun;

import dev.bitste.results.BenchmarkCatalog;
import dev.bitste.results.BenchmarkRole;
import dev.bitste.results.WorkPerOp;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * What the benchmark methods declare about themselves ({@link Role}, {@link Work}), read from their classes into
 * the {@link BenchmarkCatalog} a run keeps beside its results: JMH's JSON carries only names.
 */
public final class Declarations {
    private Declarations() {
    }

    /** The catalog of the benchmarks named {@code pkg.Class.method}; names whose class or method is gone are left out. */
    public static BenchmarkCatalog of(Collection<String> benchmarks) {
        Map<String, BenchmarkCatalog.Entry> entries = new TreeMap<>();
        for (String name : benchmarks) {
            int dot = name.lastIndexOf('.');
            Class<?> c;
            try {
                c = Class.forName(name.substring(0, dot), false, Declarations.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                continue;
            }
            String methodName = name.substring(dot + 1);
            Arrays.stream(c.getMethods())
                    .filter(m -> m.getName().equals(methodName) && m.isAnnotationPresent(Benchmark.class))
                    .findFirst().ifPresent(m -> entries.put(name, entry(c, m)));
        }
        return new BenchmarkCatalog(entries);
    }

    private static BenchmarkCatalog.Entry entry(Class<?> c, Method m) {
        Role role = m.getAnnotation(Role.class);
        List<WorkPerOp> problem = work(c);
        List<WorkPerOp> own = work(m);
        return new BenchmarkCatalog.Entry(role == null ? BenchmarkRole.of(m.getName()) : role.value(),
                role != null && role.float32(), own.isEmpty() ? problem : own, problem);
    }

    /** The {@link Work} declared on {@code element}, in declaration order. */
    static List<WorkPerOp> work(AnnotatedElement element) {
        return Arrays.stream(element.getAnnotationsByType(Work.class))
                .map(w -> new WorkPerOp(w.unit(), List.of(w.per()), w.times())).toList();
    }
}
