package dev.bitste.kernels;

/** The reference training kernels: plain loops, written to be obviously right. */
public final class ScalarTrainKernels implements TrainKernelSupport {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void signProduct(float[] a, int aOff, int rs, int ks, int rows, int depth, long[] bits, int bitsOff, int wpr,
            int cols, float alpha, boolean add, float[] c, int cOff, int ldc) {
        for (int r = 0; r < rows; r++) {
            for (int n = 0; n < cols; n++) {
                float s = 0f;
                for (int k = 0; k < depth; k++) {
                    float v = a[aOff + r * rs + k * ks];
                    s += (bits[bitsOff + k * wpr + (n >>> 6)] >>> (n & 63) & 1L) != 0 ? v : -v;
                }
                int i = cOff + r * ldc + n;
                c[i] = add ? c[i] + alpha * s : alpha * s;
            }
        }
    }

    @Override
    public void floatProduct(float[] a, int aOff, int rs, int ks, int rows, int depth, float[] f, int fOff, int ldf,
            int cols, float[] c, int cOff, int ldc) {
        for (int r = 0; r < rows; r++) {
            for (int n = 0; n < cols; n++) {
                float s = 0f;
                for (int k = 0; k < depth; k++) {
                    s += a[aOff + r * rs + k * ks] * f[fOff + k * ldf + n];
                }
                c[cOff + r * ldc + n] = s;
            }
        }
    }

    @Override
    public void xnorProduct(long[] x, int xOff, int rows, long[] w, int wOff, int wRows, int wpr, int n, float alpha,
            boolean add, float[] c, int cOff, int ldc) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < wRows; j++) {
                int pop = 0;
                for (int t = 0; t < wpr; t++) {
                    pop += Long.bitCount(x[xOff + r * wpr + t] ^ w[wOff + j * wpr + t]);
                }
                int i = cOff + r * ldc + j;
                float dot = alpha * (n - 2 * pop);
                c[i] = add ? c[i] + dot : dot;
            }
        }
    }

    @Override
    public void columnMoments(float[] v, int rows, int ld, int j0, int j1, double[] sum, double[] sumSq) {
        for (int j = j0; j < j1; j++) {
            double s = 0;
            double s2 = 0;
            for (int r = 0; r < rows; r++) {
                double x = v[r * ld + j];
                s += x;
                s2 += x * x;
            }
            sum[j] = s;
            sumSq[j] = s2;
        }
    }

    @Override
    public void columnDots(float[] dy, float[] zhat, int rows, int ld, int j0, int j1, double[] dGamma,
            double[] dBeta) {
        for (int j = j0; j < j1; j++) {
            double g = 0;
            double b = 0;
            for (int r = 0; r < rows; r++) {
                int i = r * ld + j;
                g += dy[i] * zhat[i];
                b += dy[i];
            }
            dGamma[j] = g;
            dBeta[j] = b;
        }
    }

    @Override
    public void normalize(float[] z, int rows, int ld, int j0, int j1, float[] mean, float[] scale, float[] gamma,
            float[] beta, float[] zhat, float[] y) {
        for (int r = 0; r < rows; r++) {
            for (int j = j0; j < j1; j++) {
                int i = r * ld + j;
                float v = (z[i] - mean[j]) * scale[j];
                zhat[i] = v;
                y[i] = gamma[j] * v + beta[j];
            }
        }
    }

    @Override
    public void normalizeBackward(float[] dy, float[] zhat, int rows, int ld, int j0, int j1, float[] k, float[] mb,
            float[] mg, float[] dz) {
        for (int r = 0; r < rows; r++) {
            for (int j = j0; j < j1; j++) {
                int i = r * ld + j;
                dz[i] = k[j] * ((dy[i] - mb[j]) - zhat[i] * mg[j]);
            }
        }
    }

    @Override
    public void scale(float[] z, int rows, int ld, int j0, int j1, float s, float[] y) {
        for (int r = 0; r < rows; r++) {
            for (int j = j0; j < j1; j++) {
                y[r * ld + j] = s * z[r * ld + j];
            }
        }
    }

    @Override
    public void hardtanhMask(float[] g, float[] y, int rows, int ld, int j0, int j1) {
        for (int r = 0; r < rows; r++) {
            for (int j = j0; j < j1; j++) {
                if (!(Math.abs(y[r * ld + j]) <= 1f)) {
                    g[r * ld + j] = 0f;
                }
            }
        }
    }

    @Override
    public void relu(float[] y, float[] x, float[] g, int rows, int ld, int j0, int j1) {
        for (int r = 0; r < rows; r++) {
            for (int j = j0; j < j1; j++) {
                int i = r * ld + j;
                if (x != null) {
                    x[i] = Math.max(0f, y[i]);
                }
                if (g != null && !(y[i] > 0f)) {
                    g[i] = 0f;
                }
            }
        }
    }

    @Override
    public float packAtLeast(float[] v, int off, int rows, int ld, int cols, float t, long[] bits, int bitsOff,
            int wpr) {
        float max = 0f;
        for (int r = 0; r < rows; r++) {
            for (int w = 0; w * 64 < cols; w++) {
                long word = 0;
                for (int b = 0; b < 64 && w * 64 + b < cols; b++) {
                    float x = v[off + r * ld + w * 64 + b];
                    max = Math.max(max, Math.abs(x));
                    word |= (x >= t ? 1L : 0L) << b;
                }
                bits[bitsOff + r * wpr + w] = word;
            }
        }
        return max;
    }

    @Override
    public void adam(float[] p, float[] g, float[] m, float[] v, int from, int to, float b1, float b2, float step,
            float eps) {
        float c1 = 1 - b1;
        float c2 = 1 - b2;
        for (int i = from; i < to; i++) {
            float gi = g[i];
            m[i] = b1 * m[i] + c1 * gi;
            v[i] = b2 * v[i] + c2 * gi * gi;
            p[i] -= step * m[i] / ((float) Math.sqrt(v[i]) + eps);
        }
    }

    @Override
    public void clamp(float[] p, int from, int to, float c) {
        for (int i = from; i < to; i++) {
            p[i] = Math.max(-c, Math.min(c, p[i]));
        }
    }
}
