package dev.bitste.nn;

import dev.bitste.data.LabeledImages;
import dev.bitste.util.Checks;

/** A mini-batch: {@code size} inputs of {@code width} floats, row-major, and their class labels. */
public record Batch(float[] inputs, int[] labels, int size, int width) {
    public Batch {
        Checks.notNull("inputs", inputs);
        Checks.notNull("labels", labels);
        Checks.positive("size", size);
        Checks.positive("width", width);
        Checks.sameLength("inputs", Math.multiplyExact(size, width), inputs.length);
        Checks.sameLength("labels", size, labels.length);
    }

    /** Images {@code order[from..from+size)} of {@code data}, pixels scaled to [0, 1]. */
    public static Batch of(LabeledImages data, int[] order, int from, int size) {
        int w = data.pixels();
        float[] x = new float[size * w];
        int[] y = new int[size];
        byte[] im = data.images();
        for (int b = 0; b < size; b++) {
            int i = order == null ? from + b : order[from + b];
            for (int p = 0; p < w; p++) {
                x[b * w + p] = (im[i * w + p] & 0xff) * (1f / 255f);
            }
            y[b] = data.label(i);
        }
        return new Batch(x, y, size, w);
    }
}
