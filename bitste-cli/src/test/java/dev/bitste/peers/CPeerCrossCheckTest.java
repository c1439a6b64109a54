package dev.bitste.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bitste.bits.BitMatrix;
import dev.bitste.bits.BitVector;
import dev.bitste.kernels.BitKernels;
import dev.bitste.kernels.KernelChoice;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The C peer against the scalar reference, at sizes that are not multiples of 64, 512 or the tile. */
class CPeerCrossCheckTest {
    static final BitKernels SCALAR = BitKernels.of(KernelChoice.scalar());

    @BeforeAll
    static void needsACompiler() {
        CPeerBuild.Status s = CPeerBuild.build();
        assumeTrue(s.available(), () -> "no C peer here: " + s.info().skipped());
        assertThat(CPeer.isa()).isEqualTo(s.info().isa());
    }

    static boolean[][] bits(long seed, int rows, int cols, int ones) {
        SplittableRandom rnd = new SplittableRandom(seed);
        boolean[][] b = new boolean[rows][cols];
        for (boolean[] row : b) {
            for (int i = 0; i < cols; i++) {
                row[i] = ones < 0 ? rnd.nextBoolean() : ones == 1;
            }
        }
        return b;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 63, 64, 65, 511, 512, 513, 1000, 1024, 4099, 16384, 65537})
    void dotAndGemvAgreeWithTheReference(int n) {
        for (int fill : new int[] {-1, 0, 1}) {
            BitVector a = BitVector.of(bits(n, 1, n, fill)[0]);
            BitVector b = BitVector.of(bits(n + 1, 1, n, fill < 0 ? -1 : 1 - fill)[0]);
            assertThat(CPeer.dot(a, b)).isEqualTo(SCALAR.dot(a, b));
            for (int k : new int[] {1, 3, 4, 9}) {
                BitMatrix w = BitMatrix.of(bits(n + k, k, n, fill));
                int[] out = new int[k];
                CPeer.gemv(w, a, out);
                assertThat(out).containsExactly(SCALAR.gemv(w, a));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 65, 513, 4096, 9000})
    void gemmAgreesWithTheReferenceOnRaggedTiles(int n) {
        for (int[] mk : new int[][] {{1, 1}, {3, 17}, {4, 16}, {9, 33}}) {
            BitMatrix x = BitMatrix.of(bits(n + mk[0], mk[0], n, -1));
            BitMatrix w = BitMatrix.of(bits(n - mk[1], mk[1], n, -1));
            int[] out = new int[mk[0] * mk[1]];
            CPeer.gemm(x, CPeer.packForGemm(w), out);
            assertThat(out).as("m=%d k=%d n=%d", mk[0], mk[1], n).containsExactly(SCALAR.gemm(x, w));
        }
    }

    @Test
    void rejectsShapesThatDoNotFit() {
        BitMatrix w = BitMatrix.of(bits(1, 4, 100, -1));
        BitVector x = BitVector.of(bits(2, 1, 99, -1)[0]);
        assertThatThrownBy(() -> CPeer.gemv(w, x, new int[4])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("x has 99 columns, expected 100");
        assertThatThrownBy(() -> CPeer.gemv(w, w.row(0), new int[3])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CPeer.gemm(w, CPeer.packForGemm(w), new int[15]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
