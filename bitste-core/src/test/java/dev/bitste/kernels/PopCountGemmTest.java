package dev.bitste.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitste.bits.BitMatrix;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The GEMM over strided rows that the convolutions share with the bit kernels: every width against popcounts written
 * out word by word, for row counts below, at and past whole tiles, overlapping rows (neighbouring windows), rows
 * longer than a chunk, and its two epilogues.
 */
class PopCountGemmTest {

    @ParameterizedTest(name = "rows={0} k={1} words={2} stride={3}")
    @CsvSource({"1,1,1,1", "3,5,3,1", "4,16,3,9", "7,17,6,2", "13,33,15,3", "9,70,1100,1100", "6,8,4099,4100",
            "21,64,18,6"})
    void stridedRowsGiveTheirPopCounts(int rows, int k, int words, int rowStride) {
        SplittableRandom rnd = new SplittableRandom(rows * 31L + k);
        long[] x = rnd.longs(5 + (rows - 1) * rowStride + words).toArray();
        int xOff = 5;
        long[] wWords = rnd.longs((long) k * words).toArray();
        BitMatrix w = BitMatrix.ofWords(wWords, k, words * 64);
        int stride = GemmLayout.popsStride(k) + 3;
        int[] expected = new int[rows * stride];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < k; j++) {
                for (int t = 0; t < words; t++) {
                    expected[r * stride + j] += Long.bitCount(x[xOff + r * rowStride + t] ^ wWords[j * words + t]);
                }
            }
        }
        for (KernelChoice choice : KernelChoice.available()) {
            PopCountGemm gemm = (PopCountGemm) BitKernels.of(choice).support();
            int[] pops = new int[GemmLayout.roundUp(rows, 4) * stride + 2];
            gemm.gatherPopCounts(x, xOff, rows, rowStride, w, pops, 2, stride);
            for (int r = 0; r < rows; r++) {
                assertThat(Arrays.copyOfRange(pops, 2 + r * stride, 2 + r * stride + k)).as("%s row %d", choice, r)
                        .containsExactly(Arrays.copyOfRange(expected, r * stride, r * stride + k));
            }
            int n = words * 64;
            int[] dots = new int[k + 1];
            gemm.dotsFromPopCounts(expected, 0, dots, 1, k, n);
            int[] limit = new int[k + 4];
            for (int j = 0; j < k; j++) {
                assertThat(dots[1 + j]).isEqualTo(n - 2 * expected[j]);
                limit[4 + j] = j % 2 == 0 ? expected[j] : expected[j] - 1; // the boundary, on and just off
            }
            long[] bits = new long[1 + (k + 63) / 64];
            gemm.packAtMost(expected, 0, limit, 4, k, bits, 1);
            for (int j = 0; j < k; j++) {
                assertThat(bits[1 + j / 64] >>> j & 1).as("%s bit %d", choice, j).isEqualTo(j % 2 == 0 ? 1L : 0L);
            }
            assertThat(bits[1 + (k - 1) / 64] >>> 1 >>> ((k - 1) % 64)).as("bits past k").isZero();
        }
    }
}
