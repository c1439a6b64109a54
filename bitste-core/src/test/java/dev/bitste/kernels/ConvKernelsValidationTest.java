package dev.bitste.kernels;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bitste.bits.BitTensor;
import dev.bitste.bits.ConvFilters;
import dev.bitste.util.Shards;
import org.junit.jupiter.api.Test;

/** Shapes that do not fit are rejected, every implementation, with a message naming the value. */
class ConvKernelsValidationTest {
    static final Shards ONE = Shards.sequential(1);

    static BitTensor signs(int n, int h, int w, int c) {
        int[] v = new int[n * h * w * c];
        java.util.Arrays.fill(v, 1);
        return BitTensor.ofSigns(v, n, h, w, c);
    }

    static ConvFilters filters(int count, int k, int c) {
        int[] v = new int[count * k * k * c];
        java.util.Arrays.fill(v, -1);
        return ConvFilters.ofSigns(v, count, k, c);
    }

    @Test
    void badShapesAreRejectedNamingTheValue() {
        for (KernelChoice choice : KernelChoice.available()) {
            ConvKernels k = ConvKernels.of(choice);
            BitTensor x = signs(1, 3, 3, 4);
            ConvShape same5 = new ConvShape(3, 3, 4, 5, 1, ConvShape.Padding.SAME);
            assertThatThrownBy(() -> k.binaryConv(x, filters(2, 5, 4), same5, PadValue.ZERO))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kernel 5 is larger than the input 3x3");
            assertThatThrownBy(() -> new ConvShape(3, 3, 4, 5, 1, ConvShape.Padding.VALID))
                    .hasMessageContaining("kernel 5 is larger than the input");
            assertThatThrownBy(() -> new ConvShape(3, 3, 4, 3, 0, ConvShape.Padding.VALID))
                    .hasMessageContaining("stride must be positive, got 0");
            ConvShape s3 = new ConvShape(3, 3, 4, 3, 1, ConvShape.Padding.SAME);
            assertThatThrownBy(() -> k.binaryConv(x, filters(2, 3, 5), new ConvShape(3, 3, 5, 3, 1,
                    ConvShape.Padding.SAME), PadValue.ONE)).hasMessageContaining("x holds 3x3x4");
            assertThatThrownBy(() -> k.binaryConv(x, filters(2, 3, 5), s3, PadValue.ONE))
                    .hasMessageContaining("w has 5 channels, the input has 4");
            assertThatThrownBy(() -> k.binaryConv(x, filters(2, 1, 4), s3, PadValue.ONE))
                    .hasMessageContaining("w has 1x1 filters, the shape a 3x3 kernel");
            assertThatThrownBy(() -> k.binaryConvThreshold(x, filters(2, 3, 4), s3, PadValue.ONE, new int[3], ONE))
                    .hasMessageContaining("t has length 3, expected 2");
            BitTensor codes = BitTensor.ofCodes(new int[36], 1, 3, 3, 4, 2);
            assertThatThrownBy(() -> k.binaryConv(codes, filters(2, 3, 4), s3, PadValue.ZERO))
                    .hasMessageContaining("x holds 2-bit codes");
            assertThatThrownBy(() -> k.maxPool(codes, s3)).hasMessageContaining("x holds 2-bit codes");
            assertThatThrownBy(() -> k.pixelConv(new byte[35], 1, filters(2, 3, 4), s3, ONE))
                    .hasMessageContaining("pixels has length 35, expected 36");
            assertThatThrownBy(() -> k.pixelConv(new byte[36], 1, filters(2, 3, 4), same5, ONE))
                    .hasMessageContaining("kernel 5 is larger than the input 3x3");
        }
        assertThatThrownBy(() -> filters(1, 9, 1)).hasMessageContaining("kernel must be in 1..7, got 9");
        assertThatThrownBy(() -> BitTensor.adopt(new long[] {1L << 5}, 1, 1, 1, 5, 1))
                .hasMessageContaining("padding bits past channel 5");
        assertThatThrownBy(() -> BitTensor.ofSigns(new int[] {1, 0}, 1, 1, 1, 2)).hasMessageContaining("nhwc[1] is 0");
    }

    /**
     * Zero padding of ±1 inputs is the value 0, never a binarized +1 (Larq Compute Engine issue #132): a 3 x 3 input
     * of +1 under a 3 x 3 all-+1 filter sums 4 at a corner with zero padding, 9 with +1 padding.
     */
    @Test
    void zeroPaddingIsZeroNotPlusOne() {
        for (KernelChoice choice : KernelChoice.available()) {
            ConvKernels k = ConvKernels.of(choice);
            BitTensor x = signs(1, 3, 3, 1);
            int[] plus = new int[9];
            java.util.Arrays.fill(plus, 1);
            ConvFilters w = ConvFilters.ofSigns(plus, 1, 3, 1);
            ConvShape s = new ConvShape(3, 3, 1, 3, 1, ConvShape.Padding.SAME);
            org.assertj.core.api.Assertions.assertThat(k.binaryConv(x, w, s, PadValue.ZERO)).as("%s", choice)
                    .containsExactly(4, 6, 4, 6, 9, 6, 4, 6, 4);
            org.assertj.core.api.Assertions.assertThat(k.binaryConv(x, w, s, PadValue.ONE)).as("%s", choice)
                    .containsOnly(9);
        }
    }
}
