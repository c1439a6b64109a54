package dev.bitste.nn;

import dev.bitste.util.Checks;

/**
 * The shape of one image's feature map in a CNN: {@code height x width x channels} floats, NHWC (channel
 * fastest, then column, then row). A dense layer's output is {@code 1 x 1 x units}; a dense layer reads its input
 * flattened in that same order.
 */
public record FeatureShape(int height, int width, int channels) {
    public FeatureShape {
        Checks.positive("height", height);
        Checks.positive("width", width);
        Checks.positive("channels", channels);
        Math.multiplyExact(Math.multiplyExact(height, width), channels);
    }

    /** Floats per image. */
    public int size() {
        return height * width * channels;
    }

    @Override
    public String toString() {
        return height + "x" + width + "x" + channels;
    }
}
