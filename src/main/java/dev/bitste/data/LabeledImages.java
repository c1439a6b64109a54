package dev.bitste.data;

import dev.bitste.bits.Checks;

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

    /** The first {@code n} images (all of them when {@code n >= count}). */
    public LabeledImages limit(int n) {
        Checks.positive("limit", n);
        if (n >= count) {
            return this;
        }
        byte[] im = new byte[n * pixels];
        System.arraycopy(images, 0, im, 0, im.length);
        byte[] lb = new byte[n];
        System.arraycopy(labels, 0, lb, 0, n);
        return new LabeledImages(im, lb, n, pixels, classes);
    }
}
