package dev.bitste.benchrun;

import java.lang.annotation.Annotation;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parameter values a benchmark class runs with in a profile that does not run the declared grids: the quick
 * grid ({@link QuickParams}) and the gate ({@link GateParams}). Listed parameters take the listed values; every other
 * parameter keeps its declared values in the quick grid and takes its first declared value in the gate (and in the
 * quick grid of a class without {@code @QuickParams}).
 */
final class ParamGrid {
    private ParamGrid() {
    }

    /** Quick-grid overrides for {@code className} given its declared {@code @Param} values. */
    static Map<String, String[]> quick(String className, Map<String, String[]> declared) {
        QuickParams quick = annotation(className, QuickParams.class);
        return quick == null ? firstValues(declared, Map.of()) : listed(className, "@QuickParams", quick.value(), declared);
    }

    /** Gate overrides for a class with {@code @GateParams}: the listed values, the first declared value elsewhere. */
    static Map<String, String[]> gate(String className, Map<String, String[]> declared) {
        GateParams gate = annotation(className, GateParams.class);
        if (gate == null) {
            throw new IllegalArgumentException(className + " has no @GateParams");
        }
        return firstValues(declared, listed(className, "@GateParams", gate.value(), declared));
    }

    /** The methods the gate runs of {@code className}, or empty when the class is not gated. */
    static Optional<List<String>> gatedMethods(String className) {
        return Optional.ofNullable(annotation(className, GateParams.class)).map(g -> List.of(g.methods()));
    }

    private static Map<String, String[]> firstValues(Map<String, String[]> declared, Map<String, String[]> listed) {
        Map<String, String[]> overrides = new LinkedHashMap<>(listed);
        declared.forEach((k, v) -> {
            if (v.length > 0) {
                overrides.putIfAbsent(k, new String[] {v[0]});
            }
        });
        return overrides;
    }

    private static Map<String, String[]> listed(String className, String what, String[] entries,
            Map<String, String[]> declared) {
        Map<String, String[]> overrides = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            String name = eq < 0 ? "" : entry.substring(0, eq).trim();
            String[] values = eq < 0 ? new String[0] : Arrays.stream(entry.substring(eq + 1).split(","))
                    .map(String::trim).filter(s -> !s.isEmpty()).toArray(String[]::new);
            if (name.isEmpty() || values.length == 0) {
                throw new IllegalArgumentException(className + ": " + what + " entry '" + entry
                        + "' is not of the form name=v1,v2,...");
            }
            if (!declared.containsKey(name)) {
                throw new IllegalArgumentException(className + ": " + what + " names parameter '" + name
                        + "', which no benchmark of the class declares (declared: " + declared.keySet() + ")");
            }
            overrides.put(name, values);
        }
        return overrides;
    }

    private static <A extends Annotation> A annotation(String className, Class<A> type) {
        try {
            return Class.forName(className, false, ParamGrid.class.getClassLoader()).getAnnotation(type);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("benchmark class " + className + " is listed by JMH but not on the class path", e);
        }
    }
}
