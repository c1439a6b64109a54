package dev.bitste.nn;

/** An elementwise {@link CnnActivation} with its straight-through backward pass. */
public final class ActivationLayer extends CnnLayer {
    private final CnnActivation activation;

    ActivationLayer(FeatureShape in, CnnActivation activation) {
        super(in, in);
        this.activation = dev.bitste.util.Checks.notNull("activation", activation);
    }

    public CnnActivation activation() {
        return activation;
    }

    @Override
    void forward(CnnPass pass, float[] x, float[] y, int images) {
        int size = in().size();
        pass.shards().forEach(images, (s, from, to) -> {
            for (int i = from * size; i < to * size; i++) {
                y[i] = activation.apply(x[i]);
            }
        });
    }

    @Override
    void backward(CnnPass pass, float[] x, float[] y, float[] dy, float[] dx, float[] grad, int images) {
        if (dx != null) {
            int size = in().size();
            pass.shards().forEach(images, (s, from, to) -> activation.backward(x, dy, dx, from * size, (to - from) * size));
        }
    }

    @Override
    public String toString() {
        return activation.toString();
    }
}
