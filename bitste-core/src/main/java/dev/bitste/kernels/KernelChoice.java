package dev.bitste.kernels;

import java.util.ArrayList;
import java.util.List;

/**
 * Which implementation of the kernels to use: the scalar reference, or the Vector API at a species width
 * ({@link VectorBits#PREFERRED} = the CPU's preferred width). {@link KernelProvider#of(KernelChoice)} hands out
 * the kernel families of a choice; {@link #configured()} is the choice the system properties made.
 */
public record KernelChoice(Kind kind, int vectorBits) {

    /** Scalar reference or Vector API. */
    public enum Kind { SCALAR, VECTOR }

    /** The system property that picks the implementation: {@code auto} (default), {@code scalar} or {@code vector}. */
    public static final String KERNELS_PROPERTY = "bitste.kernels";

    public KernelChoice {
        if (kind == Kind.SCALAR && vectorBits != VectorBits.PREFERRED) {
            throw new IllegalArgumentException("vectorBits must be 0 for the scalar kernels, got " + vectorBits);
        }
        if (kind == Kind.VECTOR) {
            VectorBits.check(vectorBits);
        }
    }

    public static KernelChoice scalar() {
        return new KernelChoice(Kind.SCALAR, VectorBits.PREFERRED);
    }

    /** Vector API at {@code bits} (0 = preferred); fails if the module is absent or the CPU lacks the width. */
    public static KernelChoice vector(int bits) {
        KernelChoice c = new KernelChoice(Kind.VECTOR, bits);
        if (!vectorModulePresent()) {
            throw new IllegalStateException("the Vector API is not available: " + VectorApi.enableHint());
        }
        if (bits > maxVectorBits()) {
            throw new IllegalArgumentException("vectorBits=" + bits + " exceeds this CPU's widest vector, "
                    + maxVectorBits() + " bits");
        }
        return c;
    }

    /** True when the JVM was started with {@code --add-modules jdk.incubator.vector}. */
    public static boolean vectorModulePresent() {
        return VectorApi.present();
    }

    /** Widest species this CPU runs natively, in bits (0 without the Vector API). */
    public static int maxVectorBits() {
        return vectorModulePresent() ? VectorApi.preferredBits() : 0;
    }

    /** The choice made at start-up by {@code -Dbitste.kernels} and {@code -Dbitste.vectorBits} (see {@link KernelProvider}). */
    public static KernelChoice configured() {
        return KernelProvider.get().choice();
    }

    /** The scalar reference and every vector width this JVM and CPU support (for cross-checks). */
    public static List<KernelChoice> available() {
        List<KernelChoice> all = new ArrayList<>();
        all.add(scalar());
        if (vectorModulePresent()) {
            for (int bits : VectorBits.WIDTHS) {
                if (bits <= maxVectorBits()) {
                    all.add(vector(bits));
                }
            }
            all.add(vector(VectorBits.PREFERRED));
        }
        return all;
    }

    /** Short label: {@code scalar}, {@code vector-256}, {@code vector-preferred}. */
    public String label() {
        return kind == Kind.SCALAR ? "scalar" : "vector-" + VectorBits.name(vectorBits);
    }

    @Override
    public String toString() {
        return label();
    }
}
