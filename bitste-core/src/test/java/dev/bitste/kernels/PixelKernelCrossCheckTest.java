package dev.bitste.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitste.bits.BitMatrix;
import dev.bitste.bits.PackedBits;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The first-layer kernels on 8-bit pixels, every implementation and width, against the definition: pixels at the
 * extremes (all 0, all 255) and random, weights all +1, all -1 and random, sizes that are not multiples of the
 * group size (3, 4, 5), the lanes or 64, one image (the lone-image tile) and tiles of rows and units.
 */
class PixelKernelCrossCheckTest {
    /** {m, k, n}: rows, units, pixels. */
    static final int[][] SHAPES = {{1, 1, 1}, {1, 5, 3}, {3, 7, 13}, {4, 31, 63}, {5, 33, 64}, {7, 65, 65},
        {9, 130, 100}, {1, 257, 784}, {2, 64, 784}, {6, 200, 785}, {4, 17, 3001}};

    enum Fill { RANDOM, ZERO_PIXELS, MAX_PIXELS_PLUS, MAX_PIXELS_MINUS, MAX_PIXELS_RANDOM }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (KernelChoice c : KernelChoice.available()) {
            for (int[] shape : SHAPES) {
                for (Fill fill : Fill.values()) {
                    all.add(Arguments.of(c, shape[0], shape[1], shape[2], fill));
                }
            }
        }
        return all.stream();
    }

    /** acc(i, j) written out, independently of the kernels. */
    static int definition(byte[] x, boolean[][] plus, int i, int j, int n) {
        int sum = 0;
        for (int c = 0; c < n; c++) {
            sum += (x[i * n + c] & 0xff) * (plus[j][c] ? 1 : -1);
        }
        return sum;
    }

    @ParameterizedTest(name = "{0} m={1} k={2} n={3} {4}")
    @MethodSource("cases")
    void agreesWithTheDefinition(KernelChoice choice, int m, int k, int n, Fill fill) {
        PixelKernels kernels = PixelKernels.of(choice);
        PixelKernelSupport impl = kernels.support();
        SplittableRandom rnd = new SplittableRandom(31L * m + 7L * k + n + fill.ordinal());
        byte[] x = new byte[m * n];
        boolean[][] plus = new boolean[k][n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (byte) switch (fill) {
                case ZERO_PIXELS -> 0;
                case RANDOM -> rnd.nextInt(256);
                default -> 255;
            };
        }
        for (boolean[] row : plus) {
            for (int c = 0; c < n; c++) {
                row[c] = switch (fill) {
                    case MAX_PIXELS_PLUS -> true;
                    case MAX_PIXELS_MINUS -> false;
                    default -> rnd.nextBoolean();
                };
            }
        }
        BitMatrix w = BitMatrix.of(plus);
        int[] expected = new int[m * k];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < k; j++) {
                expected[i * k + j] = definition(x, plus, i, j, n);
            }
        }
        int[] t = new int[k];
        for (int j = 0; j < k; j++) {
            t[j] = rnd.nextInt(-255 * n / 8 - 1, 255 * n / 8 + 2);
        }
        // thresholds at the accumulator itself and one above, so both sides of >= are hit
        for (int j = 0; j < k && fill == Fill.RANDOM; j += 2) {
            t[j] = expected[j] + (j % 4 == 0 ? 0 : 1);
        }

        assertThat(kernels.gemm(x, m, w)).as("gemm").containsExactly(expected);
        int[] out = new int[m * k];
        int split = m / 2;
        if (split > 0) {
            kernels.gemm(x, 0, split, w, out, 0);
        }
        kernels.gemm(x, split, m, w, out, split * k);
        assertThat(out).as("gemm in two row tiles").containsExactly(expected);

        BitMatrix whole = kernels.gemmThreshold(x, m, w, t);
        // rows in two tiles, units in tiles of 64 (the last one ending at k)
        long stride = (long) PackedBits.strideWords(k) * Long.BYTES;
        MemorySegment bits = PackedBits.allocate(m, k);
        for (int j0 = 0; j0 < k; j0 += 64) {
            int j1 = Math.min(k, j0 + 64);
            if (split > 0) {
                impl.gemmThreshold(x, 0, split, w, j0, j1, t, bits, 0, stride);
            }
            impl.gemmThreshold(x, split, m, w, j0, j1, t, bits, split * stride, stride);
        }
        BitMatrix tiled = BitMatrix.adopt(bits, m, k); // padding past k stays zero
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < k; j++) {
                boolean bit = expected[i * k + j] >= t[j];
                assertThat(whole.bit(i, j)).as("bit (%d, %d): acc %d, t %d", i, j, expected[i * k + j], t[j])
                        .isEqualTo(bit);
                assertThat(tiled.bit(i, j)).as("tiled bit (%d, %d)", i, j).isEqualTo(bit);
            }
        }
    }

    @Test
    void badArgumentsAreRejectedWithTheirNames() {
        PixelKernels k = PixelKernels.of(KernelChoice.scalar());
        BitMatrix w = BitMatrix.ofSigns(new int[] {1, -1, 1, 1, -1, 1}, 2, 3);
        assertThatThrownBy(() -> k.gemm(new byte[5], 2, w)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x");
        assertThatThrownBy(() -> k.gemm(new byte[6], 0, 2, w, new int[3], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out");
        assertThatThrownBy(() -> k.gemmThreshold(new byte[6], 2, w, new int[1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("t");
        assertThatThrownBy(() -> k.gemm(new byte[6], 1, 1, w, new int[4], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rows [1, 1)");
    }
}
