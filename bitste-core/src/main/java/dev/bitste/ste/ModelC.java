package dev.bitste.ste;

import dev.bitste.bits.BitPlanes;
import dev.bitste.kernels.QuantKernels;
import dev.bitste.kernels.ScalarQuantKernels;
import dev.bitste.kernels.Surrogate;
import dev.bitste.util.Checks;
import java.util.Arrays;

/**
 * Model C of docs/algorithms.md section 3: a multi-class classifier {@code o = V sigma_b(W^T x)} with trainable
 * float weights {@code W in R^{d x k}} (stored row-major, {@code W[t][j]} at {@code t * k + j}), a fixed
 * second layer {@code V (classes x k)} and the b-bit quantized ReLU, trained with the multi-class hinge
 * loss and the coarse (straight-through) gradient of a {@link Surrogate}.
 */
public final class ModelC {
    private final int dim;
    private final int hidden;
    private final int classes;
    private final int bits;
    private final float[] v;
    private final float[] w;
    // V's nonzero entries by class (CSR): the paper's V is block-sparse
    private final int[] vStart;
    private final int[] vUnit;
    private final float[] vValue;

    /** A model with input dimension d, k hidden units, fixed {@code V} (classes x k) and initial weights (d x k). */
    public ModelC(int dim, int hidden, int bits, float[] v, float[] initialW) {
        this.dim = Checks.positive("dim", dim);
        this.hidden = Checks.positive("hidden", hidden);
        this.bits = BitPlanes.checkBits(bits);
        Checks.notNull("v", v);
        Checks.notNull("initialW", initialW);
        if (v.length == 0 || v.length % hidden != 0 || v.length / hidden < 2) {
            throw new IllegalArgumentException("v has length " + v.length + ", expected classes x " + hidden
                    + " with at least 2 classes");
        }
        this.classes = v.length / hidden;
        Checks.sameLength("initialW", dim * hidden, initialW.length);
        for (int i = 0; i < initialW.length; i++) {
            Checks.finite("initialW", i, initialW[i]);
        }
        for (int i = 0; i < v.length; i++) {
            Checks.finite("v", i, v[i]);
        }
        this.v = v.clone();
        this.w = initialW.clone();
        this.vStart = new int[classes + 1];
        int nonzero = 0;
        for (float value : v) {
            nonzero += value != 0 ? 1 : 0;
        }
        this.vUnit = new int[nonzero];
        this.vValue = new float[nonzero];
        int e = 0;
        for (int i = 0; i < classes; i++) {
            for (int j = 0; j < hidden; j++) {
                if (v[i * hidden + j] != 0) {
                    vUnit[e] = j;
                    vValue[e++] = v[i * hidden + j];
                }
            }
            vStart[i + 1] = e;
        }
    }

    /**
     * The second layer of the paper's synthetic experiment: each class owns a block of {@code hidden / classes}
     * consecutive units with weight {@code value} (1/2 in the paper), every other entry 0.
     */
    public static float[] blockSecondLayer(int classes, int hidden, float value) {
        Checks.positive("classes", classes);
        if (hidden % classes != 0) {
            throw new IllegalArgumentException("hidden is " + hidden + ", must be a multiple of classes " + classes);
        }
        int block = hidden / classes;
        float[] v = new float[classes * hidden];
        for (int i = 0; i < classes; i++) {
            Arrays.fill(v, i * hidden + i * block, i * hidden + (i + 1) * block, value);
        }
        return v;
    }

    public int dim() {
        return dim;
    }

    public int hidden() {
        return hidden;
    }

    public int classes() {
        return classes;
    }

    public int bits() {
        return bits;
    }

    /** The weights {@code W (d x k)}, row-major, as a copy. */
    public float[] weights() {
        return w.clone();
    }

    /** Frobenius norm of {@code W}. */
    public double weightNorm() {
        double s = 0;
        for (float x : w) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    /** {@code h[i * k + j] = <w_j, x_i>} for the {@code m} samples {@code x} (row-major m x d) listed in {@code rows}. */
    void preActivations(float[] x, int[] rows, int m, float[] h) {
        for (int r = 0; r < m; r++) {
            int xi = rows[r] * dim;
            int hi = r * hidden;
            Arrays.fill(h, hi, hi + hidden, 0f);
            for (int t = 0; t < dim; t++) {
                float xt = x[xi + t];
                int wi = t * hidden;
                for (int j = 0; j < hidden; j++) {
                    h[hi + j] += xt * w[wi + j];
                }
            }
        }
    }

    /** {@code o[r * classes + i] = sum_j v[i][j] sigma_b(h[r * k + j])}, over the nonzero entries of V only. */
    void outputs(float[] h, int m, float[] o) {
        float[] s = new float[hidden];
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < hidden; j++) {
                s[j] = ScalarQuantKernels.sigma(h[r * hidden + j], bits);
            }
            for (int i = 0; i < classes; i++) {
                float sum = 0;
                for (int e = vStart[i]; e < vStart[i + 1]; e++) {
                    sum += vValue[e] * s[vUnit[e]];
                }
                o[r * classes + i] = sum;
            }
        }
    }

    /** The class scores {@code o} of every sample (row-major m x classes). */
    public float[] scores(float[] x) {
        int m = checkInputs(x);
        int[] all = identity(m);
        float[] h = new float[m * hidden];
        preActivations(x, all, m, h);
        float[] o = new float[m * classes];
        outputs(h, m, o);
        return o;
    }

    /** Predicted class of every sample ({@code argmax o}, ties → smallest index). */
    public int[] predict(float[] x) {
        float[] o = scores(x);
        int[] out = new int[o.length / classes];
        for (int r = 0; r < out.length; r++) {
            out[r] = HingeLoss.argmax(o, r * classes, classes);
        }
        return out;
    }

    /** Per-sample hinge losses. */
    public float[] losses(float[] x, int[] y) {
        float[] o = scores(x);
        checkLabels(y, o.length / classes);
        float[] l = new float[y.length];
        for (int r = 0; r < y.length; r++) {
            l[r] = HingeLoss.loss(o, r * classes, classes, y[r]);
        }
        return l;
    }

    /** Mean hinge loss over the data. */
    public double meanLoss(float[] x, int[] y) {
        double s = 0;
        for (float l : losses(x, y)) {
            s += l;
        }
        return s / y.length;
    }

    /**
     * The coarse gradient over the batch {@code rows[0..m)} of the data into {@code grad} (d x k, the mean
     * over the batch), returning the batch's mean loss:
     * {@code grad~_{w_j} = -(v_{y,j} - v_{xi,j}) 1{l > 0} g'(h_j) x} (docs/algorithms.md section 3).
     */
    public double coarseGradient(float[] x, int[] y, int[] rows, int m, Surrogate g, float[] grad) {
        checkInputs(x);
        Checks.notNull("rows", rows);
        Checks.notNull("g", g);
        Checks.notNull("grad", grad);
        Checks.sameLength("grad", dim * hidden, grad.length);
        Checks.positive("m", m);
        Checks.range("rows", rows.length, 0, m);
        int n = x.length / dim;
        checkLabels(y, n);
        for (int r = 0; r < m; r++) {
            Checks.index("rows[" + r + "]", rows[r], n);
        }
        return coarseGradient(x, y, rows, m, g, grad, new Workspace(m, this));
    }

    /** Scratch arrays reused across steps. */
    static final class Workspace {
        final float[] h;
        final float[] o;
        final float[] dg;
        final double[] acc;

        Workspace(int m, ModelC model) {
            h = new float[m * model.hidden];
            o = new float[m * model.classes];
            dg = new float[m * model.hidden];
            acc = new double[model.dim * model.hidden];
        }
    }

    double coarseGradient(float[] x, int[] y, int[] rows, int m, Surrogate g, float[] grad, Workspace ws) {
        preActivations(x, rows, m, ws.h);
        outputs(ws.h, m, ws.o);
        QuantKernels.get().surrogateDerivative(g, bits, ws.h, 0, m * hidden, ws.dg, 0);
        double[] acc = ws.acc;
        Arrays.fill(acc, 0);
        double lossSum = 0;
        for (int r = 0; r < m; r++) {
            int label = y[rows[r]];
            float l = HingeLoss.loss(ws.o, r * classes, classes, label);
            if (l <= 0) {
                continue;
            }
            lossSum += l;
            int rival = HingeLoss.rival(ws.o, r * classes, classes, label);
            int xi = rows[r] * dim;
            for (int j = 0; j < hidden; j++) {
                double coef = -(v[label * hidden + j] - v[rival * hidden + j]) * (double) ws.dg[r * hidden + j];
                if (coef != 0) {
                    for (int t = 0; t < dim; t++) {
                        acc[t * hidden + j] += coef * x[xi + t];
                    }
                }
            }
        }
        for (int i = 0; i < acc.length; i++) {
            grad[i] = (float) (acc[i] / m);
        }
        return lossSum / m;
    }

    /** {@code W <- W - eta * grad}. */
    public void step(float[] grad, double eta) {
        Checks.notNull("grad", grad);
        Checks.sameLength("grad", w.length, grad.length);
        for (int i = 0; i < w.length; i++) {
            w[i] -= (float) (eta * grad[i]);
        }
    }

    int checkInputs(float[] x) {
        Checks.notNull("x", x);
        if (x.length == 0 || x.length % dim != 0) {
            throw new IllegalArgumentException("x has length " + x.length + ", expected a positive multiple of dim "
                    + dim);
        }
        return x.length / dim;
    }

    void checkLabels(int[] y, int m) {
        Checks.notNull("y", y);
        Checks.sameLength("y", m, y.length);
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0 || y[i] >= classes) {
                throw new IllegalArgumentException("y[" + i + "] is " + y[i] + " (must be in 0.." + (classes - 1) + ")");
            }
        }
    }

    static int[] identity(int m) {
        int[] r = new int[m];
        for (int i = 0; i < m; i++) {
            r[i] = i;
        }
        return r;
    }
}
