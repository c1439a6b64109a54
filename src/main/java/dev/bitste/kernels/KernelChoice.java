package dev.bitste.kernels;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which implementation of a kernel family to use: the scalar reference, or the Vector API at a
 * species width ({@code 0} = the CPU's preferred width).
 *
 * <p>{@link #configured()} reads {@code -Dbitste.kernels=auto|scalar|vector} and
 * {@code -Dbitste.vectorBits=preferred|128|256|512}. The Vector API classes are only loaded, by
 * reflection, once the {@code jdk.incubator.vector} module is known to be present, so a JVM started
 * without it falls back to scalar instead of failing with {@code NoClassDefFoundError}.
 */
public record KernelChoice(Kind kind, int vectorBits) {

    /** Scalar reference or Vector API. */
    public enum Kind { SCALAR, VECTOR }

    public static final String KERNELS_PROPERTY = "bitste.kernels";
    public static final String VECTOR_BITS_PROPERTY = "bitste.vectorBits";
    private static final String MODULE = "jdk.incubator.vector";
    private static final List<Integer> WIDTHS = List.of(128, 256, 512);

    public KernelChoice {
        if (kind == Kind.SCALAR && vectorBits != 0) {
            throw new IllegalArgumentException("vectorBits must be 0 for the scalar kernels, got " + vectorBits);
        }
        if (kind == Kind.VECTOR && vectorBits != 0 && !WIDTHS.contains(vectorBits)) {
            throw new IllegalArgumentException("vectorBits must be one of " + WIDTHS + " or 0 (preferred), got "
                    + vectorBits);
        }
    }

    public static KernelChoice scalar() {
        return new KernelChoice(Kind.SCALAR, 0);
    }

    /** Vector API at {@code bits} (0 = preferred); fails if the module is absent or the CPU lacks the width. */
    public static KernelChoice vector(int bits) {
        KernelChoice c = new KernelChoice(Kind.VECTOR, bits);
        if (!vectorModulePresent()) {
            throw new IllegalStateException("the Vector API is not available: " + enableHint());
        }
        if (bits > maxVectorBits()) {
            throw new IllegalArgumentException("vectorBits=" + bits + " exceeds this CPU's widest vector, "
                    + maxVectorBits() + " bits");
        }
        return c;
    }

    /** True when the JVM was started with {@code --add-modules jdk.incubator.vector}. */
    public static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule(MODULE).isPresent();
    }

    static String enableHint() {
        return "start the JVM with --add-modules " + MODULE + " to enable the SIMD kernels";
    }

    /** Widest species this CPU runs natively, in bits (0 without the Vector API). */
    public static int maxVectorBits() {
        if (!vectorModulePresent()) {
            return 0;
        }
        return (Integer) invokeStatic("dev.bitste.kernels.VectorBitKernels", "preferredBits");
    }

    /** The choice set by system properties; falls back to scalar (one line on stderr) without the module. */
    public static KernelChoice configured() {
        String kernels = System.getProperty(KERNELS_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        String bitsText = System.getProperty(VECTOR_BITS_PROPERTY, "preferred").trim().toLowerCase(Locale.ROOT);
        int bits = parseBits(bitsText);
        return switch (kernels) {
            case "scalar" -> scalar();
            case "vector" -> vector(bits);
            case "auto" -> {
                if (vectorModulePresent()) {
                    yield vector(bits);
                }
                System.err.println("bitste: using the scalar kernels; " + enableHint());
                yield scalar();
            }
            default -> throw new IllegalArgumentException("-D" + KERNELS_PROPERTY + " must be auto, scalar or vector, got '"
                    + kernels + "'");
        };
    }

    private static int parseBits(String text) {
        if (text.equals("preferred")) {
            return 0;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + VECTOR_BITS_PROPERTY + " must be preferred, 128, 256 or 512, got '"
                    + text + "'");
        }
    }

    /** The scalar reference and every vector width this JVM and CPU support (for cross-checks). */
    public static List<KernelChoice> available() {
        List<KernelChoice> all = new ArrayList<>();
        all.add(scalar());
        if (vectorModulePresent()) {
            for (int bits : WIDTHS) {
                if (bits <= maxVectorBits()) {
                    all.add(vector(bits));
                }
            }
            all.add(vector(0));
        }
        return all;
    }

    /** Short label: {@code scalar}, {@code vector-256}, {@code vector-preferred}. */
    public String label() {
        return kind == Kind.SCALAR ? "scalar" : "vector-" + (vectorBits == 0 ? "preferred" : vectorBits);
    }

    @Override
    public String toString() {
        return label();
    }

    /**
     * Instantiates a kernel family's implementation for this choice: {@code scalarClass} has a public
     * no-argument constructor, {@code vectorClass} a constructor taking the width in bits (0 = preferred).
     * The vector class is loaded as a width-specialized copy (see {@link WidthSpecialization}), so each
     * width has its own compiled code and can read its width as a constant.
     */
    public <T> T load(Class<T> type, String scalarClass, String vectorClass) {
        try {
            Object impl = kind == Kind.SCALAR
                    ? Class.forName(scalarClass).getDeclaredConstructor().newInstance()
                    : WidthSpecialization.classFor(vectorClass, vectorBits).getDeclaredConstructor(int.class)
                            .newInstance(vectorBits);
            return type.cast(impl);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load " + label() + " kernels for " + type.getSimpleName(), e);
        }
    }

    private static Object invokeStatic(String className, String method) {
        try {
            var m = Class.forName(className).getDeclaredMethod(method);
            m.setAccessible(true);
            return m.invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot call " + className + "." + method, e);
        }
    }
}
