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
        for (int c = 0; c < channels; c++) {
            float max = x[xOff + offsets[0] + c];
            for (int t = 1; t < count; t++) {
                max = Math.max(max, x[xOff + offsets[t] + c]);
            }
            out[outOff + c] = max;
        }
    }

    @Override
    public void windowMaxBackward(float[] x, int xOff, int[] offsets, int count, int channels, float[] out, int outOff,
            float[] dOut, int dOutOff, float[] dx, int dxOff) {
        for (int c = 0; c < channels; c++) {
            for (int t = 0; t < count; t++) {
                if (x[xOff + offsets[t] + c] == out[outOff + c]) {
                    dx[dxOff + offsets[t] + c] += dOut[dOutOff + c];
                    break;
                }
            }
        }
    }
}
