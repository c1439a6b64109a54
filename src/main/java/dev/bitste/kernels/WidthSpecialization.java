package dev.bitste.kernels;

import java.io.IOException;
import java.io.InputStream;
import java.lang.constant.ConstantDescs;
import java.lang.invoke.MethodHandles;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One copy of a Vector API class per species width, defined as a hidden class whose class data is the
 * width.
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
 * <p>Only top-level classes without nested classes are copied (a copy is not a nestmate of the
 * original's nested classes); others load as they are. Frames of hidden classes are left out of stack
 * traces unless the JVM runs with {@code -XX:+ShowHiddenFrames}.
 */
final class WidthSpecialization {
    private static final Map<String, Class<?>> COPIES = new ConcurrentHashMap<>();

    private WidthSpecialization() {
    }

    /** The copy of {@code className} for {@code bits} (0 = preferred), defined once and then reused. */
    static Class<?> classFor(String className, int bits) throws ClassNotFoundException {
        Class<?> original = Class.forName(className);
        if (original.getNestHost() != original || original.getNestMembers().length != 1
                || original.getDeclaredClasses().length != 0) {
            return original;
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

    /** Fails unless a copy running {@code copyBits}-bit vectors was asked for {@code requestedBits}. */
    static void requireWidth(Class<?> copy, int copyBits, int requestedBits) {
        if (copyBits != requestedBits) {
            throw new IllegalStateException("this copy of " + copy.getSimpleName() + " runs " + copyBits
                    + "-bit vectors, not " + requestedBits + " (load it through KernelChoice)");
        }
    }

    /**
     * The width a class was specialized for, read in its static initializer with
     * {@code bits(MethodHandles.lookup())}: the requested bits (0 = preferred), or -1 for the original,
     * unspecialized class.
     */
    static int bits(MethodHandles.Lookup lookup) {
        try {
            Integer bits = MethodHandles.classData(lookup, ConstantDescs.DEFAULT_NAME, Integer.class);
            return bits == null ? -1 : bits;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
