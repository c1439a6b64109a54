package dev.bitste.bits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BitPlanesTest {

    @Test
    void planesHoldTheBitsOfEachCode() {
        int[] codes = {5, 0, 7, 2, 1, 6}; // 2 rows x 3, 3 bits
        BitPlanes x = BitPlanes.ofCodes(codes, 2, 3, 3);
        assertThat(x.codes()).containsExactly(codes);
        assertThat(x.plane(0, 0).words()).containsExactly(0b101L);  // bit 0 of 5, 0, 7
        assertThat(x.plane(0, 1).words()).containsExactly(0b100L);  // bit 1
        assertThat(x.plane(0, 2).words()).containsExactly(0b101L);  // bit 2
        assertThat(x.plane(1, 1).words()).containsExactly(0b101L);  // bit 1 of 2, 1, 6
        assertThat(x.codeSum(0)).isEqualTo(12);
        assertThat(x.codeSum(1)).isEqualTo(9);
        assertThat(x.planes().rows()).isEqualTo(6);
    }

    @Test
    void paddingStaysZeroAtAwkwardWidths() {
        for (int n : new int[] {1, 63, 64, 65, 513}) {
            int[] codes = new int[n];
            java.util.Arrays.fill(codes, 255);
            BitPlanes x = BitPlanes.ofCodes(codes, 1, n, 8);
            for (int p = 0; p < 8; p++) {
                long last = x.planes().word(p, PackedBits.wordsFor(n) - 1);
                assertThat(last).isEqualTo(PackedBits.lastWordMask(n));
            }
            assertThat(x.codeSum(0)).isEqualTo(255L * n);
        }
    }

    @Test
    void rejectsOutOfRangeCodesAndWidths() {
        assertThatThrownBy(() -> BitPlanes.ofCodes(new int[] {0, 4}, 1, 2, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("codes[1] is 4");
        assertThatThrownBy(() -> BitPlanes.ofCodes(new int[] {-1}, 1, 1, 2)).hasMessageContaining("codes[0] is -1");
        assertThatThrownBy(() -> BitPlanes.maxCode(9)).hasMessageContaining("got 9");
        assertThat(BitPlanes.maxCode(4)).isEqualTo(15);
    }
}
