package dev.bitste.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KernelProviderTest {

    /** Every kernel family the provider hands out: its accessors returning a checked entry point. */
    static List<Method> families() {
        List<Method> all = new ArrayList<>();
        for (Method m : KernelProvider.class.getMethods()) {
            if (CheckedKernels.class.isAssignableFrom(m.getReturnType()) && m.getParameterCount() == 0) {
                all.add(m);
            }
        }
        return all;
    }

    static Object implementation(KernelProvider provider, Method family) throws ReflectiveOperationException {
        return ((CheckedKernels<?>) family.invoke(provider)).support();
    }

    /**
     * A vector kernel run through the shared class falls back to Java code once two widths have used it
     * (50-1000x slower): every family must run a hidden copy of its own for every width.
     */
    @Test
    void everyFamilyAtEveryWidthIsASpecializedCopy() throws ReflectiveOperationException {
        assumeTrue(KernelChoice.vectorModulePresent(), "needs --add-modules jdk.incubator.vector");
        assertThat(families()).extracting(Method::getName).contains("bits", "ste", "quant", "conv", "pixels");
        List<Integer> widths = VectorBits.WIDTHS.stream().filter(b -> b <= KernelChoice.maxVectorBits()).toList();
        assertThat(widths).as("widths this CPU runs").contains(128, 256);
        for (Method family : families()) {
            Set<Class<?>> classes = new HashSet<>();
            for (int bits : widths) {
                Object impl = implementation(KernelProvider.of(KernelChoice.vector(bits)), family);
                String what = family.getName() + " at " + bits + " bits";
                assertThat(impl.getClass().isHidden()).as(what).isTrue();
                assertThat(impl.getClass().getName()).as(what).startsWith("dev.bitste.kernels.Vector");
                assertThat(impl.getClass().getDeclaredClasses()).as(what).isEmpty();
                assertThat(((CheckedKernels<?>) family.invoke(KernelProvider.of(KernelChoice.vector(bits)))).support())
                        .as(what).isSameAs(impl);
                assertThat(implName(impl)).as(what).isEqualTo("vector-" + bits);
                classes.add(impl.getClass());
            }
            assertThat(classes).as(family.getName()).hasSize(widths.size());
        }
    }

    /** The implementation's {@code name()}, called through its family interface (the class itself is not public). */
    private static String implName(Object impl) throws ReflectiveOperationException {
        return (String) impl.getClass().getInterfaces()[0].getMethod("name").invoke(impl);
    }

    @Test
    void scalarFamiliesAreThePlainReferenceClasses() throws ReflectiveOperationException {
        KernelProvider scalar = KernelProvider.of(KernelChoice.scalar());
        for (Method family : families()) {
            Object impl = implementation(scalar, family);
            assertThat(impl.getClass().isHidden()).isFalse();
            assertThat(impl.getClass().getSimpleName()).startsWith("Scalar");
        }
        assertThat(scalar.name()).isEqualTo("scalar");
    }

    @Test
    void decidesOnceAndSharesProvidersPerChoice() {
        assertThat(KernelProvider.get()).isSameAs(KernelProvider.get());
        assertThat(KernelProvider.get().choice()).isEqualTo(KernelChoice.configured());
        assertThat(BitKernels.get()).isSameAs(KernelProvider.get().bits());
        assertThat(SteKernels.get()).isSameAs(KernelProvider.get().ste());
        assertThat(QuantKernels.get()).isSameAs(KernelProvider.get().quant());
        assertThat(ConvKernels.get()).isSameAs(KernelProvider.get().conv());
        for (KernelChoice c : KernelChoice.available()) {
            assertThat(KernelProvider.of(c)).isSameAs(KernelProvider.of(new KernelChoice(c.kind(), c.vectorBits())));
            assertThat(KernelProvider.of(c).bits().choice()).isEqualTo(c);
        }
        assertThatThrownBy(() -> KernelProvider.of(null)).hasMessage("choice must not be null");
    }

    @Test
    void classesThatCannotBeCopiedAreAnErrorNotASlowFallback() {
        // KernelChoice has a nested enum: a copy would not be a nestmate of it
        assertThatThrownBy(() -> WidthSpecialization.classFor(KernelChoice.class.getName(), 256))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot specialize dev.bitste.kernels.KernelChoice per vector width");
        assertThatThrownBy(() -> WidthSpecialization.classFor("dev.bitste.kernels.NoSuchKernels", 256))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not found");
    }

    @Test
    void widthsHaveOneSpelling() {
        assertThat(VectorBits.parse("w", "preferred")).isEqualTo(VectorBits.PREFERRED);
        assertThat(VectorBits.parse("w", " Preferred ")).isEqualTo(VectorBits.PREFERRED);
        assertThat(VectorBits.parse("w", "256")).isEqualTo(256);
        assertThatThrownBy(() -> VectorBits.parse("-Dbitste.vectorBits", "64"))
                .hasMessage("-Dbitste.vectorBits must be preferred, 128, 256 or 512, got '64'");
        assertThatThrownBy(() -> VectorBits.parse("vectorBits", "wide"))
                .hasMessage("vectorBits must be preferred, 128, 256 or 512, got 'wide'");
        assertThat(VectorBits.name(VectorBits.PREFERRED)).isEqualTo("preferred");
        assertThat(VectorBits.name(128)).isEqualTo("128");
        assertThat(new KernelChoice(KernelChoice.Kind.VECTOR, VectorBits.PREFERRED).label())
                .isEqualTo("vector-preferred");
        assertThatThrownBy(() -> new KernelChoice(KernelChoice.Kind.VECTOR, 64))
                .hasMessage("vectorBits must be one of [128, 256, 512] or 0 (preferred), got 64");
    }
}
