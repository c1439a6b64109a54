package dev.bitste.nn;

import dev.bitste.kernels.KernelProvider;
import java.nio.file.Path;

/**
 * A trained network in inference form, as a model file holds it (docs/model-format.md): a binarized MLP (version 1
 * files) or a binarized CNN (version 2). Both take 8-bit images and give class predictions through the packed kernels
 * or, for reference, through the same network in float32 math.
 */
public sealed interface PackedModel permits PackedMlp, PackedCnn {

    /** Reads a model file of either version ({@link ModelFile#read}). */
    static PackedModel load(Path file) {
        return ModelFile.read(file);
    }

    /** Writes the model to a new file, atomically; an existing file is never overwritten. */
    Path save(Path file);

    /** Bytes of one input image. */
    int pixels();

    /** Number of classes. */
    int classes();

    /** One line for people, e.g. the architecture and the kinds of weights and activations. */
    String describe();

    /** Predicted classes of {@code count} images (8-bit pixels) through the packed kernels. */
    int[] predict(byte[] images, int count, KernelProvider kernels);

    /** Predicted classes through the same network in float32 math (weights {@code scale * (±1)}, float batch norm). */
    int[] predictFloat32(byte[] images, int count);
}
