package dev.bitste.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitste.bits.BitVector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs in its own JVM started without {@code --add-modules jdk.incubator.vector} (see pom.xml). */
class NoVectorModuleFallbackTest {
    /** What the provider logs (System.Logger goes to java.util.logging here); held so the logger stays. */
    static final Logger LOGGER = Logger.getLogger(KernelProvider.class.getName());
    static final List<LogRecord> NOTICES = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void listen() {
        LOGGER.addHandler(new Handler() {
            @Override
            public void publish(LogRecord r) {
                NOTICES.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    @Test
    void theFallbackIsSaidOnceForEveryFamily() {
        assertThat(BitKernels.get().support().name()).isEqualTo("scalar");
        assertThat(SteKernels.get().support().name()).isEqualTo("scalar");
        assertThat(QuantKernels.get().support().name()).isEqualTo("scalar");
        assertThat(PixelKernels.get().support().name()).isEqualTo("scalar");
        assertThat(KernelProvider.get().name()).isEqualTo("scalar");
        assertThat(NOTICES).hasSize(1);
        assertThat(NOTICES.getFirst().getLevel()).isEqualTo(Level.WARNING);
        assertThat(NOTICES.getFirst().getMessage()).contains("scalar kernels", "--add-modules jdk.incubator.vector");
    }

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
