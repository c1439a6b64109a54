package dev.bitste.kernels;

/** The reference float convolution primitives: plain loops, written to be obviously right. */
public final class ScalarFloatConvKernels implements FloatConvKernelSupport {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void gemm(float[] a, int aOff, int aRow, int aCol, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
            int m, int n, int k, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = accumulate ? c[cOff + i * ldc + j] : 0f;
                for (int t = 0; t < k; t++) {
                    sum = Math.fma(a[aOff + i * aRow + t * aCol], b[bOff + t * ldb + j], sum);
                }
                c[cOff + i * ldc + j] = sum;
            }
        }
    }

    @Override
    public void windowMax(float[] x, int xOff, int[] offsets, int count, int channels, float[] out, int outOff) {
        windowMax(x, xOff, offsets, count, 0, channels, out, outOff);
    }

    @Override
    public void windowMaxBackward(float[] x, int xOff, int[] offsets, int count, int channels, float[] out, int outOff,
            float[] dOut, int dOutOff, float[] dx, int dxOff) {
        windowMaxBackward(x, xOff, offsets, count, 0, channels, out, outOff, dOut, dOutOff, dx, dxOff);
    }

    /** {@link #windowMax} for channels {@code [from, to)} (also the vector kernels' tail). */
    static void windowMax(float[] x, int xOff, int[] offsets, int count, int from, int to, float[] out, int outOff) {
        for (int c = from; c < to; c++) {
            float max = x[xOff + offsets[0] + c];
            for (int t = 1; t < count; t++) {
                max = Math.max(max, x[xOff + offsets[t] + c]);
            }
            out[outOff + c] = max;
        }
    }

    /** {@link #windowMaxBackward} for channels {@code [from, to)} (also the vector kernels' tail). */
    static void windowMaxBackward(float[] x, int xOff, int[] offsets, int count, int from, int to, float[] out,
            int outOff, float[] dOut, int dOutOff, float[] dx, int dxOff) {
        for (int c = from; c < to; c++) {
            for (int t = 0; t < count; t++) {
                if (x[xOff + offsets[t] + c] == out[outOff + c]) {
                    dx[dxOff + offsets[t] + c] += dOut[dOutOff + c];
                    break;
                }
            }
        }
    }
}
