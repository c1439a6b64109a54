package dev.bitste.nn;

import java.util.SplittableRandom;

/**
 * One layer of a {@link Cnn} in training form: it maps each image's {@link #in()} feature map to its {@link #out()}
 * feature map, and back-propagates. Trainable parameters, if any, are a slice of the network's parameter vector
 * starting at {@link #parameterOffset()}. Layers keep what the backward pass needs from the last training
 * forward pass, so a network runs one pass at a time.
 */
public abstract sealed class CnnLayer permits ConvLayer, BatchNormLayer, ActivationLayer, MaxPoolLayer {
    private final FeatureShape in;
    private final FeatureShape out;
    float[] params;
    int offset;

    CnnLayer(FeatureShape in, FeatureShape out) {
        this.in = in;
        this.out = out;
    }

    /** Shape of one input image. */
    public FeatureShape in() {
        return in;
    }

    /** Shape of one output image. */
    public FeatureShape out() {
        return out;
    }

    /** Offset of this layer's parameters in the network's parameter vector. */
    public int parameterOffset() {
        return offset;
    }

    /** Trainable parameters (0 for none). */
    public int parameterCount() {
        return 0;
    }

    /** Floats of scratch per shard its kernels need. */
    int scratchSize() {
        return 0;
    }

    /** Attaches the layer to the network's parameters and sets its initial values. */
    void bind(float[] parameters, int parameterOffset, SplittableRandom rnd) {
        this.params = parameters;
        this.offset = parameterOffset;
    }

    /** Computes {@code images} outputs {@code y} from inputs {@code x}. */
    abstract void forward(CnnPass pass, float[] x, float[] y, int images);

    /**
     * Given the gradient {@code dy} of the outputs of the last forward pass (from {@code x} to {@code y}), writes the
     * gradient of this layer's parameters into {@code grad} (at its offset) and, unless {@code dx} is null, the
     * gradient of the inputs into {@code dx}.
     */
    abstract void backward(CnnPass pass, float[] x, float[] y, float[] dy, float[] dx, float[] grad, int images);
}
