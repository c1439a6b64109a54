package dev.bitste.kernels;

import dev.bitste.bits.ConvFilters;
import dev.bitste.util.Checks;

/**
 * The geometry of a square 2-D convolution or pooling window: side {@code kernel}, {@code stride} in both directions,
 * and the {@link ConvPadding}. Output sides and padding follow TensorFlow: {@code VALID} gives
 * {@code (in - kernel) / stride + 1} outputs (kernels that do not fit are rejected); {@code SAME} gives
 * {@code ceil(in / stride)} outputs and pads {@code max((out - 1) * stride + kernel - in, 0)} pixels in all, half
 * (rounded down) before and the rest after.
 *
 * @param kernel window side, 1 .. {@link ConvFilters#MAX_KERNEL}
 * @param stride step between windows, 1 .. {@link #MAX_STRIDE}
 * @param padding border handling
 */
public record ConvGeometry(int kernel, int stride, ConvPadding padding) {
    /** Largest stride accepted. */
    public static final int MAX_STRIDE = 4;

    public ConvGeometry {
        ConvFilters.checkKernel(kernel);
        if (stride < 1 || stride > MAX_STRIDE) {
            throw new IllegalArgumentException("stride must be in 1.." + MAX_STRIDE + ", got " + stride);
        }
        Checks.notNull("padding", padding);
    }

    /** Output side for an input side {@code in}; fails, naming both, if the kernel is larger than the input. */
    public int out(int in) {
        Checks.positive("input side", in);
        if (kernel > in) {
            throw new IllegalArgumentException("kernel " + kernel + " is larger than the input side " + in);
        }
        return padding.same() ? (in + stride - 1) / stride : (in - kernel) / stride + 1;
    }

    /** Padding before the first input pixel (top or left). */
    public int padBefore(int in) {
        return padTotal(in) / 2;
    }

    /** Padding after the last input pixel (bottom or right). */
    public int padAfter(int in) {
        return padTotal(in) - padTotal(in) / 2;
    }

    private int padTotal(int in) {
        return padding.same() ? Math.max((out(in) - 1) * stride + kernel - in, 0) : 0;
    }

    @Override
    public String toString() {
        return kernel + "x" + kernel + "/" + stride + " " + padding.label();
    }
}
