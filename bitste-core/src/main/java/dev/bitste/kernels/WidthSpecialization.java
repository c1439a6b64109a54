package dev.bitste.kernels;

import java.io.IOException;
import java.io.InputStream;
import java.lang.constant.ConstantDescs;
import java.lang.invoke.MethodHandles;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One copy of a Vector API class per species width, defined as a hidden class whose class data is the
 * requested width ({@link VectorBits#PREFERRED} or a number of bits).
 *
 * <p>Why: C2 intrinsifies a vector operation only when its species is a compile-time constant. A kernel
 * that takes the species as a parameter is fast only while it is inlined into a caller passing a
 * constant; once it is compiled on its own (a long loop, or a method too big to inline) and two widths
 * have run through it, its profile is polluted and every vector op falls back to Java code: measured
 * 50-1000x slower here as soon as two widths were used in one JVM (as the cross-check tests and width
 * comparisons do). A per-width copy has its own code and profiles, and can hold its width in a
 * {@code static final} field ({@link #bits(MethodHandles.Lookup)}), so every method sees a constant
 * species however it is compiled.
 *
 * <p>Only top-level classes without nested classes or nestmates (lambdas, enum switch maps) can be copied
 * (a copy is not a nestmate of the original's nested classes); anything else is an error, never a silent
 * fall back to the shared, slow class. Frames of hidden classes are left out of stack traces unless the JVM
 * runs with {@code -XX:+ShowHiddenFrames}.
 */
final class WidthSpecialization {
    private static final Map<String, Class<?>> COPIES = new ConcurrentHashMap<>();

    private WidthSpecialization() {
    }

    /** The copy of {@code className} for {@code bits} (0 = preferred), defined once and then reused. */
    static Class<?> classFor(String className, int bits) {
        Class<?> original;
        try {
            // not initialized: the original class has no width and must never run
            original = Class.forName(className, false, WidthSpecialization.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("kernel class " + className + " not found", e);
        }
        if (original.getNestHost() != original || original.getNestMembers().length != 1
                || original.getDeclaredClasses().length != 0) {
            throw new IllegalStateException("cannot specialize " + className + " per vector width: it has nested"
                    + " classes or nestmates (lambdas, switches on enums); keep Vector API kernel classes flat");
        }
        return COPIES.computeIfAbsent(className + "@" + bits, key -> defineCopy(original, bits));
    }

    private static Class<?> defineCopy(Class<?> original, int bits) {
        String file = original.getSimpleName() + ".class";
        try (InputStream in = original.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("class file " + file + " not found next to " + original.getName());
            }
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(original, MethodHandles.lookup());
            return lookup.defineHiddenClassWithClassData(in.readAllBytes(), bits, true).lookupClass();
        } catch (IOException | IllegalAccessException e) {
            throw new IllegalStateException("cannot specialize " + original.getName() + " for " + bits + " bits", e);
        }
    }

    /**
     * The width, in bits, of the copy whose static initializer calls {@code bits(MethodHandles.lookup())}: the
     * requested width with {@link VectorBits#PREFERRED} resolved. Fails on the original, unspecialized class.
     */
    static int bits(MethodHandles.Lookup lookup) {
        Integer bits;
        try {
            bits = MethodHandles.classData(lookup, ConstantDescs.DEFAULT_NAME, Integer.class);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        if (bits == null) {
            throw new IllegalStateException(lookup.lookupClass().getName() + " is the shared class, not a copy for one"
                    + " vector width: get the kernels from KernelProvider");
        }
        return VectorApi.resolve(bits);
    }
}
