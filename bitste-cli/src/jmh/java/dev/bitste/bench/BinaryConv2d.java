package dev.bitste.bench;

import dev.bitste.benchrun.QuickParams;
import dev.bitste.benchrun.Role;
import dev.bitste.benchrun.Work;
import dev.bitste.bits.BitMatrix;
import dev.bitste.bits.BitTensor;
import dev.bitste.bits.ConvFilters;
import dev.bitste.kernels.BitKernels;
import dev.bitste.kernels.ConvKernelSupport;
import dev.bitste.kernels.ConvKernels;
import dev.bitste.kernels.ConvShape;
import dev.bitste.kernels.KernelChoice;
import dev.bitste.kernels.PadValue;
import dev.bitste.peers.OpenBlas;
import dev.bitste.peers.OpenBlasConv;
import dev.bitste.results.BenchmarkRole;
import dev.bitste.results.WorkUnit;
import dev.bitste.util.Shards;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One binary convolution layer of one image at daBNN's layer shapes (3 x 3, stride 1, C -> C channels: 56x56x64,
 * 28x28x128, 14x14x256, 7x7x512) and a 1 x 1 case: {@code vector} is the layer as a binarized network runs it (packed
 * ±1 input, XNOR-popcount implicit-im2col GEMM, batch norm folded into thresholds, packed output), {@code scalar} /
 * {@code trulyScalar} the reference kernel, {@code peer_openblas} the float32 layer as a float framework runs it on a
 * CPU: im2col + OpenBLAS {@code sgemm}, single-threaded (its float output without batch norm or activation, which
 * only favours it). Variants: {@code vectorParallel} (the same on 2 threads, over output rows), {@code vectorInts}
 * (the dot products as ints, no threshold) and {@code vectorIm2col} (those ints through an im2col copy and the bit
 * family's GEMM: the materialized alternative to the implicit im2col, with +1 padding, as the correction of zero
 * padding costs the implicit kernel nothing).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@QuickParams({"layer=56x56x64/3x3,28x28x128/3x3,14x14x256/3x3,7x7x512/3x3,14x14x256/1x1", "pad=zero",
        "vectorBits=preferred"})
// one operation is the layer on one image; the layer's shape is a string parameter, so its MACs cannot be declared
@Work(unit = WorkUnit.IMAGES)
public class BinaryConv2d {
    /** Input height x width x channels (as many filters as channels) / kernel. */
    @Param({"56x56x64/3x3", "28x28x128/3x3", "14x14x256/3x3", "7x7x512/3x3", "14x14x256/1x1"})
    String layer;

    /** The value of the same padding: zero (as the float layer) or +1. */
    @Param({"zero", "one"})
    String pad;

    int side;
    int channels;
    ConvShape geometry;
    PadValue padValue;
    BitTensor x;
    ConvFilters w;
    int[] thresholds;
    ConvKernelSupport scalar;
    BitTensor expected;
    int[] expectedDots;
    long[] out;
    int rows;
    OpenBlasConv peer;
    MemorySegment input;

    /** The Vector API width, checked against the reference; a 2-thread pool for {@link #vectorParallel}. */
    @State(Scope.Benchmark)
    public static class Width extends BenchSupport.WidthParam {
        ConvKernels kernels;
        ConvKernelSupport support;
        BitKernels bits;
        ExecutorService pool;
        Shards two;
        int[] ints;

        @Setup
        public void setup(BinaryConv2d b) {
            kernels = ConvKernels.of(choice());
            support = kernels.support();
            bits = BitKernels.of(choice());
            pool = Executors.newFixedThreadPool(2);
            two = new Shards(2, pool);
            String what = "binary conv " + b.layer + " (" + support.name() + ")";
            BenchSupport.check(what, b.expected, kernels.binaryConvThreshold(b.x, b.w, b.geometry, b.padValue,
                    b.thresholds, Shards.sequential(1)));
            BenchSupport.check(what + " on 2 threads", b.expected, kernels.binaryConvThreshold(b.x, b.w, b.geometry,
                    b.padValue, b.thresholds, two));
            BenchSupport.check(what + " ints", b.expectedDots, kernels.binaryConv(b.x, b.w, b.geometry, b.padValue));
            BenchSupport.check(what + " through im2col", ConvKernels.of(KernelChoice.scalar()).binaryConv(b.x, b.w,
                    b.geometry, PadValue.ONE), im2colDots(bits, b));
            ints = new int[b.expectedDots.length];
        }

        @TearDown
        public void stop() {
            pool.shutdown();
        }
    }

    @Setup
    public void setup() {
        String[] parts = layer.split("[x/]");
        side = Integer.parseInt(parts[0]);
        channels = Integer.parseInt(parts[2]);
        geometry = new ConvShape(side, side, channels, Integer.parseInt(parts[3]), 1, ConvShape.Padding.SAME);
        padValue = PadValue.parse(pad);
        SplittableRandom rnd = new SplittableRandom(11);
        int[] xs = signs(rnd, side * side * channels);
        int[] ws = signs(rnd, channels * geometry.kernel() * geometry.kernel() * channels);
        x = BitTensor.ofSigns(xs, 1, side, side, channels);
        w = ConvFilters.ofSigns(ws, channels, geometry.kernel(), channels);
        thresholds = new int[channels];
        for (int j = 0; j < channels; j++) {
            thresholds[j] = rnd.nextInt(-8, 9);
        }
        scalar = ConvKernels.of(KernelChoice.scalar()).support();
        expectedDots = ConvKernels.of(KernelChoice.scalar()).binaryConv(x, w, geometry, padValue);
        expected = ConvKernels.of(KernelChoice.scalar()).binaryConvThreshold(x, w, geometry, padValue, thresholds,
                Shards.sequential(1));
        rows = side;
        out = new long[expected.words().length];
        OpenBlas.threads(1);
        System.out.println("# " + OpenBlas.info().describe());
        float[] wf = new float[ws.length];
        for (int i = 0; i < ws.length; i++) {
            wf[i] = ws[i];
        }
        peer = new OpenBlasConv(geometry, wf, channels, 1);
        input = OpenBlasConv.buffer(xs.length);
        for (int i = 0; i < xs.length; i++) {
            input.setAtIndex(ValueLayout.JAVA_FLOAT, i, xs[i]);
        }
        // the float layer pads with 0: its sums are the zero-padded dot products
        int[] zeroDots = ConvKernels.of(KernelChoice.scalar()).binaryConv(x, w, geometry, PadValue.ZERO);
        MemorySegment z = peer.apply(input, 1);
        float[] got = new float[zeroDots.length];
        MemorySegment.copy(z, ValueLayout.JAVA_FLOAT, 0, got, 0, got.length);
        BenchSupport.check("im2col + OpenBLAS sgemm", zeroDots, BenchSupport.rounded(got));
    }

    static int[] signs(SplittableRandom rnd, int n) {
        int[] s = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = rnd.nextBoolean() ? 1 : -1;
        }
        return s;
    }

    /**
     * The +1-padded dot products through a materialized im2col: one packed row per output pixel (the window's taps,
     * each on whole words, as the filter rows are), then the bit family's GEMM against the filter rows.
     */
    static int[] im2colDots(BitKernels bits, BinaryConv2d b) {
        int k = b.geometry.kernel();
        int cw = b.x.channelWords();
        int pad = b.geometry.padTop();
        int rowWords = k * k * cw;
        long[] words = new long[b.side * b.side * rowWords];
        long[] xs = b.x.words();
        long last = b.channels % 64 == 0 ? -1L : (1L << b.channels) - 1;
        for (int oy = 0; oy < b.side; oy++) {
            for (int ox = 0; ox < b.side; ox++) {
                int row = (oy * b.side + ox) * rowWords;
                for (int ky = 0; ky < k; ky++) {
                    for (int kx = 0; kx < k; kx++) {
                        int iy = oy + ky - pad;
                        int ix = ox + kx - pad;
                        int at = row + (kx * k + ky) * cw; // the filter matrix keeps its taps column by column
                        if (iy < 0 || iy >= b.side || ix < 0 || ix >= b.side) {
                            Arrays.fill(words, at, at + cw, -1L);
                            words[at + cw - 1] = last;
                        } else {
                            System.arraycopy(xs, (iy * b.side + ix) * cw, words, at, cw);
                        }
                    }
                }
            }
        }
        BitMatrix cols = BitMatrix.ofWords(words, b.side * b.side, rowWords * 64);
        int[] dots = bits.gemm(cols, b.w.matrix());
        int excess = rowWords * 64 - b.w.weightsPerFilter(); // padding bits agree: +1 each
        for (int i = 0; i < dots.length; i++) {
            dots[i] -= excess;
        }
        return dots;
    }

    @Benchmark
    @Role(BenchmarkRole.VECTOR)
    public long[] vector(Width v) {
        v.support.binaryConvThreshold(x, w, geometry, padValue, thresholds, 0, rows, out);
        return out;
    }

    @Benchmark
    @Role(BenchmarkRole.VARIANT)
    public BitTensor vectorParallel(Width v) {
        return v.kernels.binaryConvThreshold(x, w, geometry, padValue, thresholds, v.two);
    }

    @Benchmark
    @Role(BenchmarkRole.VARIANT)
    public int[] vectorInts(Width v) {
        v.support.binaryConv(x, w, geometry, padValue, 0, rows, v.ints);
        return v.ints;
    }

    @Benchmark
    @Role(BenchmarkRole.VARIANT)
    public int[] vectorIm2col(Width v) {
        return im2colDots(v.bits, this);
    }

    @Benchmark
    @Role(BenchmarkRole.SCALAR)
    public long[] scalar() {
        Arrays.fill(out, 0L);
        scalar.binaryConvThreshold(x, w, geometry, padValue, thresholds, 0, rows, out);
        return out;
    }

    @Benchmark
    @Role(BenchmarkRole.TRULY_SCALAR)
    @Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", BenchSupport.NO_SUPERWORD})
    public long[] trulyScalar() {
        Arrays.fill(out, 0L);
        scalar.binaryConvThreshold(x, w, geometry, padValue, thresholds, 0, rows, out);
        return out;
    }

    @Benchmark
    @Role(BenchmarkRole.PEER)
    public MemorySegment peer_openblas() {
        return peer.apply(input, 1);
    }
}
