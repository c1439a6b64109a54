package dev.bitste.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitste.bits.BitMatrix;
import dev.bitste.bits.BitPlanes;
import dev.bitste.bits.BitVector;
import dev.bitste.bits.PackedBits;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sizes at which a kernel's result would leave its type: computed exactly up to the limit, rejected past it
 * with the limit in the message, by every implementation at every width.
 */
class KernelSizeLimitTest {
    /** 8-bit codes: {@code n * 255} must fit an int, so n = 8 421 504 is the last exact size. */
    static final int LAST_8_BIT = Integer.MAX_VALUE / 255;

    static Stream<KernelChoice> choices() {
        return KernelChoice.available().stream();
    }

    /** One row of {@code n} codes, all 255: every bit of every plane set. */
    private static BitPlanes maxCodes(int n) {
        MemorySegment seg = BitPlanes.allocate(1, n, 8);
        fillRows(seg, 8, n, 1);
        return BitPlanes.adopt(seg, 1, n, 8);
    }

    /** {@code rows} rows of {@code n} bits, each row all +1 (even rows) or all -1 (odd rows). */
    private static BitMatrix alternatingRows(int rows, int n) {
        MemorySegment seg = PackedBits.allocate(rows, n);
        fillRows(seg, rows, n, 2);
        return BitMatrix.adopt(seg, rows, n);
    }

    /** Sets every real bit of every {@code step}-th row. */
    private static void fillRows(MemorySegment seg, int rows, int n, int step) {
        long stride = PackedBits.strideWords(n);
        int words = PackedBits.wordsFor(n);
        for (int r = 0; r < rows; r += step) {
            MemorySegment row = seg.asSlice(r * stride * Long.BYTES, words * (long) Long.BYTES);
            row.fill((byte) -1);
            row.setAtIndex(ValueLayout.JAVA_LONG, words - 1, PackedBits.lastWordMask(n));
        }
    }

    private static final BitPlanes LAST_X = maxCodes(LAST_8_BIT);
    private static final BitMatrix LAST_W = alternatingRows(5, LAST_8_BIT);

    @ParameterizedTest
    @MethodSource("choices")
    void bitSerialProductsAreExactUpToTheIntLimitAndRejectedPastIt(KernelChoice choice) {
        QuantKernels k = QuantKernels.of(choice);
        assertThat(QuantKernels.maxCols(8)).isEqualTo(LAST_8_BIT).isEqualTo(8_421_504);
        BitPlanes x = LAST_X;
        BitMatrix w = LAST_W; // 5 rows: the 4-row blocks and a single-row tail
        long extreme = 255L * LAST_8_BIT;
        assertThat(k.gemv(x, w)).containsExactly((int) extreme, (int) -extreme, (int) extreme, (int) -extreme,
                (int) extreme);

        int over = LAST_8_BIT + 1; // where an int accumulator wraps (the n >= 8 421 505)
        BitPlanes big = maxCodes(over);
        BitMatrix wBig = alternatingRows(1, over);
        for (Runnable call : new Runnable[] {() -> k.dot(big, wBig.row(0)), () -> k.gemv(big, wBig),
            () -> k.gemm(big, wBig), () -> k.gemm(big, wBig, new int[1])}) {
            assertThatThrownBy(call::run).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(String.valueOf(over)).hasMessageContaining("at most 8421504 columns at 8 bits");
        }
    }

    @Test
    void widerLimitsFollowTheCodeWidth() {
        assertThat(QuantKernels.maxCols(1)).isEqualTo(Integer.MAX_VALUE);
        for (int bits = 1; bits <= 8; bits++) {
            long n = QuantKernels.maxCols(bits);
            assertThat(n * ((1 << bits) - 1)).isLessThanOrEqualTo(Integer.MAX_VALUE);
            assertThat((n + 1) * ((1 << bits) - 1)).isGreaterThan(Integer.MAX_VALUE);
        }
    }

    @ParameterizedTest
    @MethodSource("choices")
    void gemmOutputLengthsAreCheckedWithoutWrapping(KernelChoice choice) {
        // 65536 * 65537 = 2^32 + 65536 wraps to 65536 in int arithmetic: an out array of 65536 used to pass the check
        BitMatrix x = BitMatrix.adopt(PackedBits.allocate(65536, 1), 65536, 1);
        BitMatrix w = BitMatrix.adopt(PackedBits.allocate(65537, 1), 65537, 1);
        int[] wrapped = new int[65536];
        assertThatThrownBy(() -> BitKernels.of(choice).gemm(x, w, wrapped)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65536 * 65537 = 4295032832");
        assertThatThrownBy(() -> BitKernels.of(choice).gemm(x, w)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4295032832");
        BitPlanes codes = BitPlanes.adopt(BitPlanes.allocate(65536, 1, 1), 65536, 1, 1);
        assertThatThrownBy(() -> QuantKernels.of(choice).gemm(codes, w, wrapped))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4295032832");
        assertThatThrownBy(() -> QuantKernels.of(choice).gemm(codes, w)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4295032832");
    }

    @Test
    void tiledGemmOnlyWhereItsCopiesFitInArrays() {
        assertThat(GemmLayout.fitsInArrays(1024, 1024, 256)).isTrue();
        // x: 2^20 rows of 2^12 words = 2^32 longs (32 GiB of bits, legal in a segment): rows one by one instead
        assertThat(GemmLayout.fitsInArrays(1 << 20, 16, 1 << 12)).isFalse();
        assertThat(GemmLayout.fitsInArrays(16, 1 << 20, 1 << 12)).isFalse();
        // popcounts: 2^16 x 2^16 ints (a 512 MiB bit matrix from gemmThreshold)
        assertThat(GemmLayout.fitsInArrays(1 << 16, 1 << 16, 1)).isFalse();
        assertThat(GemmLayout.fitsInArrays(Integer.MAX_VALUE + 3L, 16, 1)).as("padded past int").isFalse();
    }

    @Test
    void bitDotProductsNeedNoLimit() {
        // |n - 2 popcount| <= n: every int n is exact; check a long vector against its definition
        int n = 1 << 24;
        BitVector ones = alternatingRows(1, n).row(0);
        BitVector minus = BitVector.adopt(PackedBits.allocate(1, n), n);
        for (KernelChoice c : KernelChoice.available()) {
            assertThat(BitKernels.of(c).dot(ones, minus)).isEqualTo(-n);
        }
    }
}
