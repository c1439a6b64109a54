package dev.bitste.kernels;

import dev.bitste.util.Checks;
import java.lang.reflect.InvocationTargetException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Hands out every kernel family of one implementation (in the manner of Lucene's
 * {@code VectorizationProvider}). {@link #get()} decides once per JVM, from:
 * <ul>
 * <li>{@code -Dbitste.kernels=auto|scalar|vector} ({@link KernelChoice#KERNELS_PROPERTY}; default {@code auto}:
 * the Vector API when the {@code jdk.incubator.vector} module is present, else the scalar reference, said once
 * through {@link System.Logger} at level WARNING);</li>
 * <li>{@code -Dbitste.vectorBits=preferred|128|256|512} ({@link VectorBits#PROPERTY}).</li>
 * </ul>
 * {@link #of(KernelChoice)} gives any other implementation (tests and benchmarks compare them).
 *
 * <p>Each family is an interface ({@code XKernelSupport}) with a scalar reference ({@code ScalarXKernels},
 * plain Java) and a Vector API version ({@code VectorXKernels}), which is loaded by name only once the module is
 * known to be present (so a JVM without it never touches a Vector API class) and as one copy per width (see
 * {@link WidthSpecialization}). Implementations check nothing: each family's checked entry point
 * ({@link BitKernels}, {@link SteKernels}, {@link QuantKernels}, {@link ConvKernels}, {@link FloatConvKernels},
 * {@link TrainKernels}) validates arguments and delegates to its {@code support()}. A new family is one interface,
 * its two classes and its checked entry point, then one field,
 * one line in the constructor and one accessor here.
 */
public final class KernelProvider {
    private static final System.Logger LOG = System.getLogger(KernelProvider.class.getName());
    private static final Map<KernelChoice, KernelProvider> BY_CHOICE = new ConcurrentHashMap<>();

    private static final class Configured {
        static final KernelProvider INSTANCE = of(lookup());
    }

    private final KernelChoice choice;
    private final BitKernels bits;
    private final SteKernels ste;
    private final QuantKernels quant;
    private final ConvKernels conv;
    private final FloatConvKernels floatConv;
    private final TrainKernels train;
    private final PixelKernels pixels;

    private KernelProvider(KernelChoice choice) {
        this.choice = choice;
        bits = new BitKernels(choice, load(BitKernelSupport.class, ScalarBitKernels::new, "VectorBitKernels"));
        ste = new SteKernels(choice, load(SteKernelSupport.class, ScalarSteKernels::new, "VectorSteKernels"));
        quant = new QuantKernels(choice, load(QuantKernelSupport.class, ScalarQuantKernels::new, "VectorQuantKernels"));
        conv = new ConvKernels(choice, load(ConvKernelSupport.class, ScalarConvKernels::new, "VectorConvKernels", bits));
        floatConv = new FloatConvKernels(choice, load(FloatConvKernelSupport.class, ScalarFloatConvKernels::new,
                "VectorFloatConvKernels"));
        train = new TrainKernels(choice, load(TrainKernelSupport.class, ScalarTrainKernels::new, "VectorTrainKernels"));
        pixels = new PixelKernels(choice, load(PixelKernelSupport.class, ScalarPixelKernels::new, "VectorPixelKernels"));
    }

    /** The kernels chosen at start-up from {@code -Dbitste.kernels} and {@code -Dbitste.vectorBits}. */
    public static KernelProvider get() {
        return Configured.INSTANCE;
    }

    /** The kernels of a given implementation (one provider per choice, made on first use). */
    public static KernelProvider of(KernelChoice choice) {
        return BY_CHOICE.computeIfAbsent(Checks.notNull("choice", choice), KernelProvider::new);
    }

    private static KernelChoice lookup() {
        String kernels = System.getProperty(KernelChoice.KERNELS_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        int bits = VectorBits.parse("-D" + VectorBits.PROPERTY,
                System.getProperty(VectorBits.PROPERTY, VectorBits.PREFERRED_NAME));
        return switch (kernels) {
            case "scalar" -> KernelChoice.scalar();
            case "vector" -> KernelChoice.vector(bits);
            case "auto" -> {
                if (VectorApi.present()) {
                    yield KernelChoice.vector(bits);
                }
                LOG.log(System.Logger.Level.WARNING, "bitste: using the scalar kernels; " + VectorApi.enableHint());
                yield KernelChoice.scalar();
            }
            default -> throw new IllegalArgumentException("-D" + KernelChoice.KERNELS_PROPERTY
                    + " must be auto, scalar or vector, got '" + kernels + "'");
        };
    }

    /** The family's scalar reference, or its Vector API class's copy for this choice's width. */
    private <T> T load(Class<T> family, Supplier<? extends T> scalar, String vectorClass) {
        return load(family, scalar, vectorClass, null);
    }

    /**
     * {@link #load(Class, Supplier, String)} for a vector class built on the GEMM of the bit kernels (the copy of the
     * same width), which its constructor takes.
     */
    private <T> T load(Class<T> family, Supplier<? extends T> scalar, String vectorClass, BitKernels gemm) {
        if (choice.kind() == KernelChoice.Kind.SCALAR) {
            return scalar.get();
        }
        String name = KernelProvider.class.getPackageName() + "." + vectorClass;
        try {
            Class<?> copy = WidthSpecialization.classFor(name, choice.vectorBits());
            return family.cast(gemm == null ? copy.getDeclaredConstructor().newInstance()
                    : copy.getDeclaredConstructor(PopCountGemm.class).newInstance((PopCountGemm) gemm.support()));
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load " + choice + " kernels " + name, e);
        }
    }

    /** Which implementation this is. */
    public KernelChoice choice() {
        return choice;
    }

    /** What runs, e.g. {@code scalar} or {@code vector-512} (the preferred width resolved). */
    public String name() {
        return bits.support().name();
    }

    /** The packed-bit kernels: XNOR-popcount dot, GEMV and GEMM, thresholds and sign projection. */
    public BitKernels bits() {
        return bits;
    }

    /** The float x binary kernels of STE training: forward passes, coarse-gradient accumulation, fused steps. */
    public SteKernels ste() {
        return ste;
    }

    /** The multi-bit activation kernels: quantized ReLU into bit-planes, bit-serial products, STE surrogates. */
    public QuantKernels quant() {
        return quant;
    }

    /** The convolution kernels: binary and bit-serial conv2d, the 8-bit first layer, binary pooling. */
    public ConvKernels conv() {
        return conv;
    }

    /** The float convolution and max-pool kernels of training: forward, input and weight gradients. */
    public FloatConvKernels floatConv() {
        return floatConv;
    }

    /** The kernels of binarized-network training: float x sign and XNOR products, batch norm, masks, Adam. */
    public TrainKernels train() {
        return train;
    }

    /** The MLP's first layer on 8-bit pixels: table lookup of ±1 weight groups, integer accumulators or bits. */
    public PixelKernels pixels() {
        return pixels;
    }

    @Override
    public String toString() {
        return "KernelProvider[" + choice + "]";
    }
}
