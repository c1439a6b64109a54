package dev.bitste.kernels;

import dev.bitste.bits.BitTensor;
import dev.bitste.bits.ConvFilters;

/**
 * The reference convolution kernels: the definitions as plain loops over each output, window tap and channel word,
 * with {@link Long#bitCount}; a tap outside the input adds its padding's contribution (the filter's weight sum at
 * that tap for +1 padding, nothing for zero padding).
 */
public final class ScalarConvKernels implements ConvKernelSupport {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void binaryConv(BitTensor x, ConvFilters w, ConvGeometry g, int from, int to, int[] out) {
        int k = w.count();
        int ow = g.out(x.width());
        for (int q = from; q < to; q++) {
            for (int ox = 0; ox < ow; ox++) {
                for (int j = 0; j < k; j++) {
                    out[(q * ow + ox) * k + j] = binaryDot(x, w, g, q, ox, j);
                }
            }
        }
    }

    @Override
    public void binaryConvThreshold(BitTensor x, ConvFilters w, ConvGeometry g, int[] t, int from, int to, long[] out) {
        int k = w.count();
        int ow = g.out(x.width());
        int words = BitTensor.channelWords(k);
        for (int q = from; q < to; q++) {
            for (int ox = 0; ox < ow; ox++) {
                for (int j = 0; j < k; j++) {
                    if (binaryDot(x, w, g, q, ox, j) >= t[j]) {
                        out[(q * ow + ox) * words + (j >>> 6)] |= 1L << j;
                    }
                }
            }
        }
    }

    /** The dot product of filter j with the window of output (ox, row q). */
    private static int binaryDot(BitTensor x, ConvFilters w, ConvGeometry g, int q, int ox, int j) {
        int oh = g.out(x.height());
        int image = q / oh;
        int cw = x.channelWords();
        long[] xs = x.words();
        int sum = 0;
        for (int ky = 0; ky < w.kernel(); ky++) {
            for (int kx = 0; kx < w.kernel(); kx++) {
                int iy = q % oh * g.stride() + ky - g.padBefore(x.height());
                int ix = ox * g.stride() + kx - g.padBefore(x.width());
                int tap = ky * w.kernel() + kx;
                if (iy < 0 || iy >= x.height() || ix < 0 || ix >= x.width()) {
                    sum += g.padding() == ConvPadding.SAME_ONE ? w.tapSums()[tap * w.count() + j] : 0;
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
    public void codeConv(BitTensor x, ConvFilters w, ConvGeometry g, int from, int to, int[] out) {
        int k = w.count();
        int oh = g.out(x.height());
        int ow = g.out(x.width());
        int cw = x.channelWords();
        long[] xs = x.words();
        for (int q = from; q < to; q++) {
            for (int ox = 0; ox < ow; ox++) {
                for (int j = 0; j < k; j++) {
                    int sum = 0;
                    for (int ky = 0; ky < w.kernel(); ky++) {
                        for (int kx = 0; kx < w.kernel(); kx++) {
                            int iy = q % oh * g.stride() + ky - g.padBefore(x.height());
                            int ix = ox * g.stride() + kx - g.padBefore(x.width());
                            if (iy < 0 || iy >= x.height() || ix < 0 || ix >= x.width()) {
                                continue; // the code 0
                            }
                            for (int p = 0; p < x.planes(); p++) {
                                for (int c = 0; c < cw; c++) {
                                    long plane = xs[x.offset(q / oh, p, iy, ix) + c];
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
    public void pixelConv(byte[] pixels, int height, int width, ConvFilters w, ConvGeometry g, int from, int to,
            int[] out) {
        int k = w.count();
        int ow = g.out(width);
        for (int q = from; q < to; q++) {
            for (int ox = 0; ox < ow; ox++) {
                for (int j = 0; j < k; j++) {
                    out[(q * ow + ox) * k + j] = pixelSum(pixels, height, width, w, g, q, ox, j);
                }
            }
        }
    }

    @Override
    public void pixelConvThreshold(byte[] pixels, int height, int width, ConvFilters w, ConvGeometry g, int[] t,
            int from, int to, long[] out) {
        int k = w.count();
        int ow = g.out(width);
        int words = BitTensor.channelWords(k);
        for (int q = from; q < to; q++) {
            for (int ox = 0; ox < ow; ox++) {
                for (int j = 0; j < k; j++) {
                    if (pixelSum(pixels, height, width, w, g, q, ox, j) >= t[j]) {
                        out[(q * ow + ox) * words + (j >>> 6)] |= 1L << j;
                    }
                }
            }
        }
    }

    private static int pixelSum(byte[] pixels, int height, int width, ConvFilters w, ConvGeometry g, int q, int ox,
            int j) {
        int oh = g.out(height);
        int c = w.channels();
        int sum = 0;
        for (int ky = 0; ky < w.kernel(); ky++) {
            for (int kx = 0; kx < w.kernel(); kx++) {
                int iy = q % oh * g.stride() + ky - g.padBefore(height);
                int ix = ox * g.stride() + kx - g.padBefore(width);
                if (iy < 0 || iy >= height || ix < 0 || ix >= width) {
                    continue; // the pixel 0
                }
                for (int ch = 0; ch < c; ch++) {
                    sum += Byte.toUnsignedInt(pixels[((q / oh * height + iy) * width + ix) * c + ch]) * w.sign(j, ky, kx, ch);
                }
            }
        }
        return sum;
    }

    @Override
    public void maxPool(BitTensor x, ConvGeometry g, int from, int to, long[] out) {
        int oh = g.out(x.height());
        int ow = g.out(x.width());
        int cw = x.channelWords();
        long[] xs = x.words();
        for (int q = from; q < to; q++) {
            for (int ox = 0; ox < ow; ox++) {
                for (int c = 0; c < cw; c++) {
                    long word = 0;
                    for (int ky = 0; ky < g.kernel(); ky++) {
                        for (int kx = 0; kx < g.kernel(); kx++) {
                            word |= xs[x.offset(q / oh, 0, q % oh * g.stride() + ky, ox * g.stride() + kx) + c];
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
