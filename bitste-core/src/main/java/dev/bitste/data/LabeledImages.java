package dev.bitste.data;

import dev.bitste.util.Checks;

/**
 * Grey-scale images with class labels: {@code count} images of {@code pixels} unsigned bytes each, row-major
 * in one array, and one label in {@code [0, classes)} per image.
 */
public record LabeledImages(byte[] images, byte[] labels, int count, int pixels, int classes) {
    public LabeledImages {
        Checks.notNull("images", images);
        Checks.notNull("labels", labels);
        Checks.positive("count", count);
        Checks.positive("pixels", pixels);
        Checks.positive("classes", classes);
        Checks.sameLength("images", Math.multiplyExact(count, pixels), images.length);
        Checks.sameLength("labels", count, labels.length);
        for (int i = 0; i < count; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("labels[" + i + "] is " + labels[i] + ", outside [0, " + classes + ")");
            }
        }
    }

    /** Pixel {@code p} of image {@code i} as 0..255. */
    public int pixel(int i, int p) {
        return images[i * pixels + p] & 0xff;
    }

    public int label(int i) {
        return labels[i];
    }

    /**
     * The images with every pixel cut to its top {@code bits} bits ({@code code = p >> (8 - bits)}) and mapped back to
     * {@code code * 255 / (2^bits - 1)}, so that {@code pixel / 255 = code / (2^bits - 1)} exactly; bits in {1, 2, 4, 8}
     * (where {@code 255 / (2^bits - 1)} is whole). 8 returns these images.
     */
    public LabeledImages quantizePixels(int bits) {
        int step = pixelStep(bits);
        if (bits == 8) {
            return this;
        }
        byte[] q = new byte[images.length];
        for (int i = 0; i < q.length; i++) {
            q[i] = (byte) (((images[i] & 0xff) >>> (8 - bits)) * step);
        }
        return new LabeledImages(q, labels, count, pixels, classes);
    }

    /** {@code 255 / (2^bits - 1)} for input bits 1, 2, 4 or 8; other values are rejected. */
    public static int pixelStep(int bits) {
        if (bits != 1 && bits != 2 && bits != 4 && bits != 8) {
            throw new IllegalArgumentException("input bits must be 1, 2, 4 or 8, got " + bits);
        }
        return 255 / ((1 << bits) - 1);
    }

    /** The first {@code n} images (all of them when {@code n >= count}). */
    public LabeledImages limit(int n) {
        Checks.positive("limit", n);
        return n >= count ? this : range(0, n);
    }

    /** Images {@code [from, from + n)}. */
    public LabeledImages range(int from, int n) {
        Checks.positive("n", n);
        Checks.range("images", count, from, n);
        byte[] im = new byte[n * pixels];
        System.arraycopy(images, from * pixels, im, 0, im.length);
        byte[] lb = new byte[n];
        System.arraycopy(labels, from, lb, 0, n);
        return new LabeledImages(im, lb, n, pixels, classes);
    }
}
