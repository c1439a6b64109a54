package dev.bitste.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitste.bits.BitVector;
import org.junit.jupiter.api.Test;

/** Runs in its own JVM started without {@code --add-modules jdk.incubator.vector} (see pom.xml). */
class NoVectorModuleFallbackTest {

    @Test
    void jvmReallyLacksTheModule() {
        assertThat(KernelChoice.vectorModulePresent()).isFalse();
    }

    @Test
    void autoFallsBackToScalarAndStillComputes() {
        assertThat(KernelChoice.configured()).isEqualTo(KernelChoice.scalar());
        assertThat(BitKernels.get().support().name()).isEqualTo("scalar");
        BitVector a = BitVector.ofSigns(new int[] {1, -1, 1, 1, -1});
        BitVector b = BitVector.ofSigns(new int[] {1, 1, 1, -1, -1});
        assertThat(BitKernels.get().dot(a, b)).isEqualTo(1 - 1 + 1 - 1 + 1);
        assertThat(KernelChoice.available()).containsExactly(KernelChoice.scalar());
    }

    @Test
    void askingForVectorSaysHowToEnableIt() {
        assertThatThrownBy(() -> KernelChoice.vector(256))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("--add-modules jdk.incubator.vector");
    }
}
