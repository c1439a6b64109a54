package dev.bitste.nn;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Batch normalization over the channels of a feature map (statistics over every image, row and column of the
 * batch), with or without the trainable scale and shift (gamma, beta): without them the output is the unit-variance
 * {@code (z - mean) / sqrt(var + eps)} that paper 003 puts before every quantized activation. The arithmetic is
 * {@link BatchNorm}'s, shared with the MLP; evaluation uses the population statistics {@link Cnn#calibrate} sets.
 */
public final class BatchNormLayer extends CnnLayer {
    private final boolean affine;
    private final int units;
    private final float[] popMean;
    private final float[] popVar;
    private float[] zhat = new float[0]; // of the last training pass
    private float[] invStd;
    private double[][] calibration; // sums of z and z^2 over the calibration images, and the row count
    private long calibrationRows;

    BatchNormLayer(FeatureShape in, boolean affine) {
        super(in, in);
        this.affine = affine;
        this.units = in.channels();
        popMean = new float[units];
        popVar = new float[units];
        Arrays.fill(popVar, 1f);
    }

    /** True when gamma and beta are trained; false for the plain normalization (gamma = 1, beta = 0). */
    public boolean affine() {
        return affine;
    }

    @Override
    public int parameterCount() {
        return affine ? 2 * units : 0;
    }

    @Override
    void bind(float[] parameters, int parameterOffset, SplittableRandom rnd) {
        super.bind(parameters, parameterOffset, rnd);
        if (affine) {
            Arrays.fill(parameters, parameterOffset, parameterOffset + units, 1f);
            Arrays.fill(parameters, parameterOffset + units, parameterOffset + 2 * units, 0f);
        }
    }

    private float[] gamma() {
        if (!affine) {
            float[] ones = new float[units];
            Arrays.fill(ones, 1f);
            return ones;
        }
        return Arrays.copyOfRange(params, offset, offset + units);
    }

    private float[] beta() {
        return affine ? Arrays.copyOfRange(params, offset + units, offset + 2 * units) : new float[units];
    }

    /** Evaluation form: gamma, beta (1 and 0 without affine) and the population statistics, as copies. */
    public BatchNorm batchNorm() {
        return new BatchNorm(gamma(), beta(), popMean.clone(), popVar.clone());
    }

    @Override
    void forward(CnnPass pass, float[] x, float[] y, int images) {
        int positions = in().height() * in().width();
        int size = in().size();
        BatchNorm norm;
        if (pass.batchStats()) {
            double[][] sums = pass.sum(images, units, (from, to, s, s2) -> BatchNorm.addMoments(x, from * size,
                    (to - from) * positions, units, s, s2));
            long rows = (long) images * positions;
            norm = new BatchNorm(gamma(), beta(), new float[units], new float[units]);
            BatchNorm.moments(sums[0], sums[1], rows, norm.mean(), norm.var());
            if (calibration != null) {
                for (int j = 0; j < units; j++) {
                    calibration[0][j] += sums[0][j];
                    calibration[1][j] += sums[1][j];
                }
                calibrationRows += rows;
            }
        } else {
            norm = batchNorm();
        }
        float[] inv = norm.invStd();
        if (pass.batchStats()) {
            invStd = inv;
            if (zhat.length < images * size) {
                zhat = new float[images * size];
            }
        }
        float[] keep = pass.batchStats() ? zhat : null;
        pass.shards().forEach(images, (s, from, to) -> norm.apply(x, from * size, (to - from) * positions, inv, keep, y));
    }

    @Override
    void backward(CnnPass pass, float[] x, float[] y, float[] dy, float[] dx, float[] grad, int images) {
        int positions = in().height() * in().width();
        int size = in().size();
        double[][] sums = pass.sum(images, units, (from, to, dBeta, dGamma) -> BatchNorm.addGradientSums(dy, zhat,
                from * size, (to - from) * positions, units, dBeta, dGamma));
        long rows = (long) images * positions;
        float[] gamma = gamma();
        float[] scale = new float[units];
        float[] meanDy = new float[units];
        float[] meanDyZhat = new float[units];
        for (int j = 0; j < units; j++) {
            scale[j] = gamma[j] * invStd[j];
            meanDy[j] = (float) (sums[0][j] / rows);
            meanDyZhat[j] = (float) (sums[1][j] / rows);
            if (affine) {
                grad[offset + j] = (float) sums[1][j];
                grad[offset + units + j] = (float) sums[0][j];
            }
        }
        if (dx != null) {
            pass.shards().forEach(images, (s, from, to) -> BatchNorm.backward(dy, zhat, from * size, (to - from) * positions,
                    scale, meanDy, meanDyZhat, dx));
        }
    }

    /** Starts summing the batch statistics of the following passes into the population statistics. */
    void startCalibration() {
        calibration = new double[2][units];
        calibrationRows = 0;
    }

    /** Sets the population statistics to the moments summed since {@link #startCalibration}. */
    void finishCalibration() {
        BatchNorm.moments(calibration[0], calibration[1], calibrationRows, popMean, popVar);
        calibration = null;
    }

    @Override
    public String toString() {
        return "batch norm " + units + (affine ? " (gamma, beta)" : " (no scale, shift)");
    }
}
