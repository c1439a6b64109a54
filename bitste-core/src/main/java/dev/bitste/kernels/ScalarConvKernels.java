package dev.bitste.kernels;

import dev.bitste.bits.BitTensor;
import dev.bitste.bits.ConvFilters;

/**
 * The reference convolution kernels: the definitions as plain loops over each output, window tap and channel word,
 * with {@link Long#bitCount}; a tap outside the input adds its padding's contribution (the filter's weight sum at
 * that tap for +1 padding, nothing for zero padding and for codes and pixels).
 */
public final class ScalarConvKernels implements ConvKernelSupport {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void binaryConv(BitTensor x, ConvFilters w, ConvShape s, PadValue pad, int from, int to, int[] out) {
        int k = w.count();
        int ow = s.outWidth();
        for (int q = from; q < to; q++) {
            for (int ox = 0; ox < ow; ox++) {
                for (int j = 0; j < k; j++) {
                    out[(q * ow + ox) * k + j] = binaryDot(x, w, s, pad, q, ox, j);
                }
            }
        }
    }

    @Override
    public void binaryConvThreshold(BitTensor x, ConvFilters w, ConvShape s, PadValue pad, int[] t, int from, int to,
            long[] out) {
        int k = w.count();
        int ow = s.outWidth();
        int words = BitTensor.channelWords(k);
        for (int q = from; q < to; q++) {
            for (int ox = 0; ox < ow; ox++) {
                for (int j = 0; j < k; j++) {
                    if (binaryDot(x, w, s, pad, q, ox, j) >= t[j]) {
                        out[(q * ow + ox) * words + (j >>> 6)] |= 1L << j;
                    }
                }
            }
        }
    }

    /** The input row of kernel row ky for output row q (outside the image in the padding). */
    private static int inputRow(ConvShape s, int q, int ky) {
        return q % s.outHeight() * s.stride() + ky - s.padTop();
    }

    private static int inputColumn(ConvShape s, int ox, int kx) {
        return ox * s.stride() + kx - s.padLeft();
    }

    private static boolean inside(ConvShape s, int iy, int ix) {
        return iy >= 0 && iy < s.height() && ix >= 0 && ix < s.width();
    }

    /** The dot product of filter j with the window of output (ox, row q). */
    private static int binaryDot(BitTensor x, ConvFilters w, ConvShape s, PadValue pad, int q, int ox, int j) {
        int image = q / s.outHeight();
        int cw = x.channelWords();
        long[] xs = x.words();
        int sum = 0;
        for (int ky = 0; ky < w.kernel(); ky++) {
            for (int kx = 0; kx < w.kernel(); kx++) {
                int iy = inputRow(s, q, ky);
                int ix = inputColumn(s, ox, kx);
                if (!inside(s, iy, ix)) {
                    sum += pad == PadValue.ONE ? w.tapSums()[(ky * w.kernel() + kx) * w.count() + j] : 0;
                    continue;
                }
                int pop = 0;
                for (int c = 0; c < cw; c++) {
                    pop += Long.bitCount(xs[x.offset(image, 0, iy, ix) + c] ^ w.tapWord(j, ky, kx, c));
                }
                sum += x.channels() - 2 * pop;
            }
        }
        return sum;
    }

    @Override
    public void codeConv(BitTensor x, ConvFilters w, ConvShape s, int from, int to, int[] out) {
        int k = w.count();
        int ow = s.outWidth();
        int cw = x.channelWords();
        long[] xs = x.words();
        for (int q = from; q < to; q++) {
            for (int ox = 0; ox < ow; ox++) {
                for (int j = 0; j < k; j++) {
                    int sum = 0;
                    for (int ky = 0; ky < w.kernel(); ky++) {
                        for (int kx = 0; kx < w.kernel(); kx++) {
                            int iy = inputRow(s, q, ky);
                            int ix = inputColumn(s, ox, kx);
                            if (!inside(s, iy, ix)) {
                                continue; // the code 0
                            }
                            for (int p = 0; p < x.planes(); p++) {
                                for (int c = 0; c < cw; c++) {
                                    long plane = xs[x.offset(q / s.outHeight(), p, iy, ix) + c];
                                    long sign = w.tapWord(j, ky, kx, c);
                                    sum += (2 * Long.bitCount(plane & sign) - Long.bitCount(plane)) << p;
                                }
                            }
                        }
                    }
                    out[(q * ow + ox) * k + j] = sum;
                }
            }
        }
    }

    @Override
    public void pixelConv(byte[] pixels, ConvFilters w, ConvShape s, int from, int to, int[] out) {
        int k = w.count();
        int ow = s.outWidth();
        for (int q = from; q < to; q++) {
            for (int ox = 0; ox < ow; ox++) {
                for (int j = 0; j < k; j++) {
                    out[(q * ow + ox) * k + j] = pixelSum(pixels, w, s, q, ox, j);
                }
            }
        }
    }

    @Override
    public void pixelConvThreshold(byte[] pixels, ConvFilters w, ConvShape s, int[] t, int from, int to, long[] out) {
        int k = w.count();
        int ow = s.outWidth();
        int words = BitTensor.channelWords(k);
        for (int q = from; q < to; q++) {
            for (int ox = 0; ox < ow; ox++) {
                for (int j = 0; j < k; j++) {
                    if (pixelSum(pixels, w, s, q, ox, j) >= t[j]) {
                        out[(q * ow + ox) * words + (j >>> 6)] |= 1L << j;
                    }
                }
            }
        }
    }

    private static int pixelSum(byte[] pixels, ConvFilters w, ConvShape s, int q, int ox, int j) {
        int c = w.channels();
        int sum = 0;
        for (int ky = 0; ky < w.kernel(); ky++) {
            for (int kx = 0; kx < w.kernel(); kx++) {
                int iy = inputRow(s, q, ky);
                int ix = inputColumn(s, ox, kx);
                if (!inside(s, iy, ix)) {
                    continue; // the pixel 0
                }
                int at = ((q / s.outHeight() * s.height() + iy) * s.width() + ix) * c;
                for (int ch = 0; ch < c; ch++) {
                    sum += Byte.toUnsignedInt(pixels[at + ch]) * w.sign(j, ky, kx, ch);
                }
            }
        }
        return sum;
    }

    @Override
    public void maxPool(BitTensor x, ConvShape s, int from, int to, long[] out) {
        int ow = s.outWidth();
        int cw = x.channelWords();
        long[] xs = x.words();
        for (int q = from; q < to; q++) {
            for (int ox = 0; ox < ow; ox++) {
                for (int c = 0; c < cw; c++) {
                    long word = 0;
                    for (int ky = 0; ky < s.kernel(); ky++) {
                        for (int kx = 0; kx < s.kernel(); kx++) {
                            int iy = inputRow(s, q, ky);
                            int ix = inputColumn(s, ox, kx);
                            word |= inside(s, iy, ix) ? xs[x.offset(q / s.outHeight(), 0, iy, ix) + c] : 0L;
                        }
                    }
                    out[(q * ow + ox) * cw + c] = word;
                }
            }
        }
    }

    @Override
    public void channelSums(BitTensor x, int from, int to, int[] out) {
        int channels = x.channels();
        for (int n = from; n < to; n++) {
            for (int c = 0; c < channels; c++) {
                int sum = 0;
                for (int y = 0; y < x.height(); y++) {
                    for (int i = 0; i < x.width(); i++) {
                        sum += x.sign(n, y, i, c);
                    }
                }
                out[n * channels + c] = sum;
            }
        }
    }
}
