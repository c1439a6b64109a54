package dev.bitste.ste;

import dev.bitste.bits.BitMatrix;
import dev.bitste.bits.BitVector;
import dev.bitste.data.Distribution;
import dev.bitste.data.Standardizer;
import dev.bitste.kernels.BitKernels;
import dev.bitste.kernels.SteKernels;
import dev.bitste.util.Checks;
import java.util.SplittableRandom;

/**
 * A teacher-student training set for model A: teacher {@code w*} drawn uniformly from Q1, {@code m}
 * samples with i.i.d. entries from {@code distribution}, optionally standardized (inside the network,
 * so the teacher labels the standardized inputs), labels {@code y_j = v . 1{Z_j w* > 0} + xi_j} with
 * Gaussian label noise {@code xi_j ~ N(0, noiseStd^2)}. The teacher's outputs are computed with the configured
 * kernels ({@link SteKernels#get()}).
 *
 * @param z the network's inputs (standardized when {@code standardizer} is not null), m*k rows of n floats
 * @param binaryInputs the same rows packed when they are exactly ±1 (rademacher, not standardized), else null
 */
public record ModelAProblem(ModelA model, int m, Distribution distribution, double noiseStd, float[] z, float[] y,
        BitVector teacher, Standardizer standardizer, BitMatrix binaryInputs) {

    /** Draws a problem; the same arguments give the same problem. Draw order: w*, Z, then the noise. */
    public static ModelAProblem generate(ModelA model, int m, Distribution distribution, double noiseStd,
            boolean standardize, long seed) {
        return generate(model, m, distribution, noiseStd, standardize, seed, null);
    }

    /** As {@link #generate(ModelA, int, Distribution, double, boolean, long)} with a given teacher (null = draw one). */
    public static ModelAProblem generate(ModelA model, int m, Distribution distribution, double noiseStd,
            boolean standardize, long seed, BitVector givenTeacher) {
        Checks.notNull("model", model);
        Checks.positive("m", m);
        Checks.notNull("distribution", distribution);
        if (!(noiseStd >= 0) || Double.isInfinite(noiseStd)) {
            throw new IllegalArgumentException("noise must be >= 0 and finite, got " + noiseStd);
        }
        int n = model.n();
        int rows = Math.multiplyExact(m, model.k());
        Math.multiplyExact(rows, n);
        SplittableRandom rnd = new SplittableRandom(seed);
        boolean[] teacherBits = new boolean[n];
        for (int i = 0; i < n; i++) {
            teacherBits[i] = rnd.nextBoolean();
        }
        BitVector teacher = givenTeacher == null ? BitVector.of(teacherBits) : givenTeacher;
        Checks.sameLength("teacher", n, teacher.cols());
        float[] raw = distribution.sample(rnd, rows * n);
        Standardizer standardizer = standardize ? Standardizer.fit(raw, rows, n) : null;
        float[] z = standardize ? standardizer.apply(raw) : raw;
        float[] y = model.outputs(z, m, teacher, SteKernels.get());
        for (int j = 0; j < m; j++) {
            y[j] += (float) (noiseStd * rnd.nextGaussian());
        }
        BitMatrix packed = distribution == Distribution.RADEMACHER && !standardize
                ? BitKernels.get().signProject(z, rows, n) : null;
        return new ModelAProblem(model, m, distribution, noiseStd, z, y, teacher, standardizer, packed);
    }

    /** Samples {@code [from, from + count)} as a batch; {@code withBinaryInputs} passes the packed rows along. */
    public ModelA.Batch batch(int from, int count, boolean withBinaryInputs) {
        Checks.range("batch", m, from, count);
        return new ModelA.Batch(z, y, from, count, withBinaryInputs ? binaryInputs : null);
    }

    /** The empirical loss {@code (1/(2m)) sum_j (f(Z_j; w) - y_j)^2} at {@code w}. */
    public double loss(BitVector w, SteKernels kernels) {
        float[] f = model.outputs(z, m, w, kernels);
        double sum = 0;
        for (int j = 0; j < m; j++) {
            double r = f[j] - y[j];
            sum += r * r;
        }
        return sum / (2.0 * m);
    }
}
