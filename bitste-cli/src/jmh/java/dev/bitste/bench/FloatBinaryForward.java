package dev.bitste.bench;

import dev.bitste.benchrun.GateParams;
import dev.bitste.benchrun.QuickParams;
import dev.bitste.benchrun.Role;
import dev.bitste.benchrun.Work;
import dev.bitste.bits.BitVector;
import dev.bitste.kernels.SteKernelSupport;
import dev.bitste.peers.OpenBlas;
import dev.bitste.results.BenchmarkRole;
import dev.bitste.results.WorkUnit;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The float x binary forward pass {@code h = scale * Z w}: {@code m} float rows of {@code n} against one
 * packed sign vector, signs applied from the bits (no unpacking). {@code float32} is the same shape with
 * the weights as a dense float vector (Vector API FMA), {@code peer_openblas} the same through OpenBLAS's
 * {@code sgemv}: what a float network would run. It reads m x n floats once: memory-bound once they leave the
 * caches, hence the bytes next to the MACs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@QuickParams({"n=64,256,1024", "m=4096", "vectorBits=preferred"})
@GateParams({"n=1024", "m=4096"})
@Work(unit = WorkUnit.MACS, per = {"m", "n"})
@Work(unit = WorkUnit.BYTES, per = {"m", "n"}, times = Float.BYTES)
public class FloatBinaryForward {
    @Param({"64", "256", "1024"})
    int n;

    @Param({"256", "4096"})
    int m;

    float[] z;
    BitVector w;
    float[] wFloat;
    float scale;
    float[] out;
    long[] words;
    SteKernelSupport scalar;


    /** OpenBLAS, checked against the scalar reference before it runs. */
    @State(Scope.Thread)
    public static class Blas {
        @Setup
        public void check(FloatBinaryForward f) {
            float[] expected = SteBenchData.scalar().forward(f.z, f.m, f.w, f.scale);
            SteBenchData.checkClose("peer_openblas sgemv", expected, f.peer_openblas(this).clone(), 4e-6 * f.n);
        }
    }

    @Setup
    public void setup(SteBenchData.Width width) {
        z = SteBenchData.floats(1, m * n);
        w = SteBenchData.signs(2, n);
        words = w.words();
        scale = (float) (1 / Math.sqrt(n));
        wFloat = w.toFloats(scale);
        out = new float[m];
        scalar = SteBenchData.scalar().support();
        float[] expected = SteBenchData.scalar().forward(z, m, w, scale);
        float[] got = new float[m];
        width.kernels.support().forward(z, 0, m, n, words, scale, got, 0);
        SteBenchData.checkClose("vector forward", expected, got, 4e-6 * n);
        float32();
        SteBenchData.checkClose("float32 forward", expected, out.clone(), 4e-6 * n);
    }

    @Benchmark
    @Role(BenchmarkRole.VECTOR)
    public float[] vector(SteBenchData.Width width) {
        width.kernels.support().forward(z, 0, m, n, words, scale, out, 0);
        return out;
    }

    @Benchmark
    @Role(BenchmarkRole.SCALAR)
    public float[] scalar() {
        scalar.forward(z, 0, m, n, words, scale, out, 0);
        return out;
    }

    @Benchmark
    @Role(BenchmarkRole.TRULY_SCALAR)
    @Fork(jvmArgsAppend = BenchSupport.NO_SUPERWORD)
    public float[] trulyScalar() {
        return scalar();
    }

    @Benchmark
    @Role(value = BenchmarkRole.PEER, float32 = true)
    public float[] peer_openblas(Blas blas) {
        OpenBlas.sgemv(false, m, n, 1f, z, n, wFloat, 0f, out);
        return out;
    }

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /** Dense float weights, FMA dot per row. */
    @Benchmark
    @Role(BenchmarkRole.FLOAT32)
    public float[] float32() {
        for (int r = 0; r < m; r++) {
            FloatVector acc = FloatVector.zero(F);
            int off = r * n;
            int i = 0;
            for (; i + F.length() <= n; i += F.length()) {
                acc = FloatVector.fromArray(F, z, off + i).fma(FloatVector.fromArray(F, wFloat, i), acc);
            }
            float d = acc.reduceLanes(VectorOperators.ADD);
            for (; i < n; i++) {
                d += z[off + i] * wFloat[i];
            }
            out[r] = d;
        }
        return out;
    }
}
