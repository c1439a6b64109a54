package dev.bitste.benchrun;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameter values of a benchmark class in the quick grid: those of its {@link QuickParams}
 * annotation (unlisted parameters keep their declared values), or, without the annotation, the first
 * declared value of each parameter.
 */
final class QuickGrid {
    private QuickGrid() {
    }

    /** Overrides for {@code className} given its declared {@code @Param} values. */
    static Map<String, String[]> of(String className, Map<String, String[]> declared) {
        QuickParams quick = annotation(className);
        Map<String, String[]> overrides = new LinkedHashMap<>();
        if (quick == null) {
            declared.forEach((k, v) -> {
                if (v.length > 0) {
                    overrides.put(k, new String[] {v[0]});
                }
            });
            return overrides;
        }
        for (String entry : quick.value()) {
            int eq = entry.indexOf('=');
            String name = eq < 0 ? "" : entry.substring(0, eq).trim();
            String[] values = eq < 0 ? new String[0] : Arrays.stream(entry.substring(eq + 1).split(","))
                    .map(String::trim).filter(s -> !s.isEmpty()).toArray(String[]::new);
            if (name.isEmpty() || values.length == 0) {
                throw new IllegalArgumentException(className + ": @QuickParams entry '" + entry
                        + "' is not of the form name=v1,v2,...");
            }
            if (!declared.containsKey(name)) {
                throw new IllegalArgumentException(className + ": @QuickParams names parameter '" + name
                        + "', which no benchmark of the class declares (declared: " + declared.keySet() + ")");
            }
            overrides.put(name, values);
        }
        return overrides;
    }

    private static QuickParams annotation(String className) {
        try {
            return Class.forName(className, false, QuickGrid.class.getClassLoader()).getAnnotation(QuickParams.class);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("benchmark class " + className + " is listed by JMH but not on the class path", e);
        }
    }
}
