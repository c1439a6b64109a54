package dev.bitste.kernels;

/** The reference float x binary primitives: plain loops, written to be obviously right. */
public final class ScalarSteKernels implements SteKernelSupport {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public float dotSigns(float[] z, int off, int n, long[] w, int wOff) {
        float d = 0f;
        for (int i = 0; i < n; i++) {
            boolean plus = (w[wOff + (i >>> 6)] >>> (i & 63) & 1L) != 0;
            d += plus ? z[off + i] : -z[off + i];
        }
        return d;
    }

    @Override
    public void accumulateRows(float[] z, int[] rows, float[] coefs, int count, int n, float[] g, int gOff) {
        for (int t = 0; t < count; t++) {
            float c = coefs[t];
            int row = rows[t];
            for (int i = 0; i < n; i++) {
                g[gOff + i] += c * z[row + i];
            }
        }
    }
}
