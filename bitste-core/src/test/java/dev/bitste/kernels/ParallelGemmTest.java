package dev.bitste.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitste.bits.BitMatrix;
import dev.bitste.util.Shards;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The binary GEMM split over threads by row tiles of the output gives the single-threaded result exactly. */
class ParallelGemmTest {

    @Test
    void shardedGemmEqualsOneThreadAtEveryWidth() {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            SplittableRandom rnd = new SplittableRandom(3);
            for (KernelChoice c : KernelChoice.available()) {
                BitKernels kernels = BitKernels.of(c);
                for (int[] mkn : new int[][] {{1, 5, 65}, {5, 17, 130}, {13, 70, 4099}, {64, 33, 1000}}) {
                    int m = mkn[0];
                    int k = mkn[1];
                    int n = mkn[2];
                    BitMatrix x = BitMatrix.ofSigns(KernelCrossCheckTest.signs(rnd, m * n,
                            KernelCrossCheckTest.Fill.RANDOM), m, n);
                    BitMatrix w = BitMatrix.ofSigns(KernelCrossCheckTest.signs(rnd, k * n,
                            KernelCrossCheckTest.Fill.RANDOM), k, n);
                    int[] one = kernels.gemm(x, w);
                    assertThat(one).isEqualTo(BitKernels.of(KernelChoice.scalar()).gemm(x, w));
                    for (int threads : new int[] {1, 2, 3}) {
                        int[] out = new int[m * k];
                        kernels.parallelGemm(x, w, out, new Shards(threads, pool));
                        assertThat(out).as("%s m=%d k=%d n=%d, %d threads", c, m, k, n, threads)
                                .containsExactly(one);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRowViewSharesTheRowsOfItsMatrix() {
        SplittableRandom rnd = new SplittableRandom(4);
        BitMatrix x = BitMatrix.ofSigns(KernelCrossCheckTest.signs(rnd, 7 * 100, KernelCrossCheckTest.Fill.RANDOM),
                7, 100);
        BitMatrix view = x.rows(2, 5);
        assertThat(view.rows()).isEqualTo(3);
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 100; c++) {
                assertThat(view.bit(r, c)).isEqualTo(x.bit(r + 2, c));
            }
        }
        assertThat(x.rows(0, 7)).isSameAs(x);
        assertThatThrownBy(() -> x.rows(5, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rows [5, 5)");
        assertThatThrownBy(() -> x.rows(0, 8)).isInstanceOf(IllegalArgumentException.class);
    }
}
