package dev.bitste.nn;

/**
 * Training stopped because it diverged: a loss or a parameter became NaN or infinite (typically a learning rate
 * far too large). The model is then unusable and should not be saved.
 */
public class TrainingDivergedException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int step;

    public TrainingDivergedException(int epoch, int step, String what) {
        super("training diverged in epoch " + epoch + ", step " + step + ": " + what);
        this.epoch = epoch;
        this.step = step;
    }

    /** The epoch it diverged in, from 1. */
    public int epoch() {
        return epoch;
    }

    /** The step within that epoch, from 1. */
    public int step() {
        return step;
    }
}
