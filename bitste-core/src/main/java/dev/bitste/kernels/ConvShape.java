package dev.bitste.kernels;

import dev.bitste.util.Checks;

/**
 * The geometry of a 2-D window operation (convolution or pooling) on one NHWC image: input
 * {@code height x width x channels}, square {@code kernel x kernel} windows moved by {@code stride}, and the
 * padding (docs/algorithms.md section 6).
 *
 * <ul>
 * <li>{@link Padding#VALID}: no padding; {@code out = (in - kernel) / stride + 1}; the kernel must fit the input.</li>
 * <li>{@link Padding#SAME} (TensorFlow's and Larq's rule): {@code out = ceil(in / stride)}; the
 * {@code max((out - 1) stride + kernel - in, 0)} padded rows (columns) are split with the smaller half before
 * the image. A padded position holds 0 in a convolution and is skipped by a max-pool.</li>
 * </ul>
 * Values of pixel {@code (h, w)}, channel {@code c} of an image sit at {@code (h * width + w) * channels + c}.
 *
 * @param height input rows
 * @param width input columns
 * @param channels input channels (the fastest-varying index)
 * @param kernel window size, the same in both directions
 * @param stride step between windows, the same in both directions
 * @param padding how the border is handled
 */
public record ConvShape(int height, int width, int channels, int kernel, int stride, Padding padding) {
    /** How a window operation treats the border. */
    public enum Padding {
        /** Windows lie inside the input. */
        VALID,
        /** {@code ceil(in / stride)} outputs; windows may reach over a zero border. */
        SAME
    }

    public ConvShape {
        Checks.positive("height", height);
        Checks.positive("width", width);
        Checks.positive("channels", channels);
        Checks.positive("kernel", kernel);
        Checks.positive("stride", stride);
        Checks.notNull("padding", padding);
        if (padding == Padding.VALID && (kernel > height || kernel > width)) {
            throw new IllegalArgumentException("kernel " + kernel + " is larger than the input " + height + " x " + width
                    + " (valid padding)");
        }
        // every index of an image, a window or a patch matrix must fit an int
        Math.multiplyExact(Math.multiplyExact(height, width), Math.multiplyExact(kernel * kernel, channels));
    }

    /** A 1 x 1 input of {@code n} channels under a 1 x 1 kernel: a fully connected layer in this geometry. */
    public static ConvShape dense(int n) {
        return new ConvShape(1, 1, n, 1, 1, Padding.VALID);
    }

    public int outHeight() {
        return out(height);
    }

    public int outWidth() {
        return out(width);
    }

    private int out(int in) {
        return padding == Padding.VALID ? (in - kernel) / stride + 1 : (in + stride - 1) / stride;
    }

    /** Padded rows above the image. */
    public int padTop() {
        return before(height, outHeight());
    }

    /** Padded columns left of the image. */
    public int padLeft() {
        return before(width, outWidth());
    }

    private int before(int in, int out) {
        return padding == Padding.VALID ? 0 : Math.max((out - 1) * stride + kernel - in, 0) / 2;
    }

    /** Floats of one input image. */
    public int inSize() {
        return height * width * channels;
    }

    /** Output positions of one image ({@code outHeight * outWidth}). */
    public int outPositions() {
        return outHeight() * outWidth();
    }

    /** Floats of one window over all channels, {@code kernel^2 * channels}: one row of the patch matrix. */
    public int patch() {
        return kernel * kernel * channels;
    }

    /** True when every output reads exactly its own input pixel (1 x 1 kernel, stride 1): no patch matrix needed. */
    public boolean pointwise() {
        return kernel == 1 && stride == 1;
    }

    @Override
    public String toString() {
        return height + "x" + width + "x" + channels + " k" + kernel + " s" + stride + " "
                + padding.name().toLowerCase(java.util.Locale.ROOT);
    }
}
