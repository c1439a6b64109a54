package dev.bitste.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitste.bits.BitMatrix;
import dev.bitste.bits.BitVector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input reaches no kernel: every implementation rejects it with a message naming the argument and value. */
class BitKernelsValidationTest {
    static final BitVector V3 = BitVector.ofSigns(new int[] {1, -1, 1});
    static final BitVector V4 = BitVector.ofSigns(new int[] {1, -1, 1, 1});
    static final BitMatrix M2x3 = BitMatrix.ofSigns(new int[] {1, 1, 1, -1, -1, -1}, 2, 3);
    static final BitMatrix M2x4 = BitMatrix.ofSigns(new int[] {1, 1, 1, 1, -1, -1, -1, -1}, 2, 4);

    static Iterable<KernelChoice> choices() {
        return KernelChoice.available();
    }

    @ParameterizedTest
    @MethodSource("choices")
    void nullsAreNamed(KernelChoice c) {
        BitKernels k = BitKernels.of(c);
        assertThatThrownBy(() -> k.dot(null, V3)).isInstanceOf(IllegalArgumentException.class).hasMessage("a must not be null");
        assertThatThrownBy(() -> k.dot(V3, null)).hasMessage("b must not be null");
        assertThatThrownBy(() -> k.gemv(null, V3)).hasMessage("w must not be null");
        assertThatThrownBy(() -> k.gemv(M2x3, null)).hasMessage("x must not be null");
        assertThatThrownBy(() -> k.gemm(null, M2x3)).hasMessage("x must not be null");
        assertThatThrownBy(() -> k.gemm(M2x3, M2x3, null)).hasMessage("out must not be null");
        assertThatThrownBy(() -> k.gemmThreshold(M2x3, M2x3, null)).hasMessage("t must not be null");
        assertThatThrownBy(() -> k.signProject(null)).hasMessage("latent must not be null");
        assertThatThrownBy(() -> k.threshold((int[]) null, 0)).hasMessage("values must not be null");
        assertThatThrownBy(() -> BitKernels.of(null)).hasMessage("choice must not be null");
    }

    @ParameterizedTest
    @MethodSource("choices")
    void shapeMismatchesNameBothSizes(KernelChoice c) {
        BitKernels k = BitKernels.of(c);
        assertThatThrownBy(() -> k.dot(V3, V4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("b has 4 columns (bits per row), expected 3");
        assertThatThrownBy(() -> k.gemv(M2x3, V4)).hasMessage("x has 4 columns (bits per row), expected 3");
        assertThatThrownBy(() -> k.gemm(M2x3, M2x4)).hasMessage("w has 4 columns (bits per row), expected 3");
        assertThatThrownBy(() -> k.gemm(M2x3, M2x3, new int[3])).hasMessage("out has length 3, expected 4");
        assertThatThrownBy(() -> k.gemmThreshold(M2x3, M2x3, new int[3])).hasMessage("t has length 3, expected 2");
        assertThatThrownBy(() -> k.signProject(new float[5], 2, 3)).hasMessage("latent has length 5, expected 6");
        assertThatThrownBy(() -> k.threshold(new int[0], 1)).hasMessage("values.length must be positive, got 0");
    }

    @ParameterizedTest
    @MethodSource("choices")
    void nanIsRejectedWithItsIndexAndNegativeZeroIsPlusOne(KernelChoice c) {
        BitKernels k = BitKernels.of(c);
        float[] latent = new float[200];
        latent[137] = Float.NaN;
        latent[150] = Float.NaN;
        assertThatThrownBy(() -> k.signProject(latent)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("latent[137] is NaN (cannot take its sign)");
        assertThatThrownBy(() -> k.signProject(latent, 2, 100)).hasMessage("latent[137] is NaN (cannot take its sign)");
        assertThatThrownBy(() -> k.threshold(latent, 1f)).hasMessage("values[137] is NaN (cannot take its sign)");
        assertThatThrownBy(() -> k.threshold(new float[] {1f}, Float.NaN)).hasMessage("t is NaN");
        float[] zeros = new float[130];
        java.util.Arrays.fill(zeros, -0.0f);
        BitVector s = k.signProject(zeros);
        for (int i = 0; i < zeros.length; i++) {
            assertThat(s.bit(i)).as("sign of -0.0 at %d", i).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("choices")
    void layerThresholdsAtTheExtremes(KernelChoice c) {
        BitKernels k = BitKernels.of(c);
        // dots lie in [-3, 3]: t = Integer.MIN_VALUE always fires, Integer.MAX_VALUE never does
        BitMatrix x = BitMatrix.ofSigns(new int[] {1, -1, 1, 1, 1, 1, -1, -1, -1, 1, -1, 1, 1, 1, -1}, 5, 3);
        BitMatrix out = k.gemmThreshold(x, M2x3, new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE});
        for (int i = 0; i < 5; i++) {
            assertThat(out.bit(i, 0)).isTrue();
            assertThat(out.bit(i, 1)).isFalse();
        }
    }
}
