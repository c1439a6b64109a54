package dev.bitste.kernels;

import jdk.incubator.vector.VectorShape;

/**
 * What this JVM offers of the Vector API. The only class outside the {@code Vector*Kernels} that names a
 * {@code jdk.incubator.vector} type, and it does so only in {@link #preferredBits()}, which callers reach after
 * {@link #present()}: a JVM started without the module never resolves that type.
 */
final class VectorApi {
    static final String MODULE = "jdk.incubator.vector";

    private VectorApi() {
    }

    /** True when the JVM was started with {@code --add-modules jdk.incubator.vector}. */
    static boolean present() {
        return ModuleLayer.boot().findModule(MODULE).isPresent();
    }

    /** The CPU's preferred vector width, capped at 512 bits; the module must be present. */
    static int preferredBits() {
        return Math.min(512, VectorShape.preferredShape().vectorBitSize());
    }

    /** A width in bits with {@link VectorBits#PREFERRED} replaced by {@link #preferredBits()}. */
    static int resolve(int bits) {
        return bits == VectorBits.PREFERRED ? preferredBits() : bits;
    }

    /** How to turn the Vector API on, for messages. */
    static String enableHint() {
        return "start the JVM with --add-modules " + MODULE + " to enable the SIMD kernels";
    }
}
