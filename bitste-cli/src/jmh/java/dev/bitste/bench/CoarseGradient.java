package dev.bitste.bench;

import dev.bitste.benchrun.GateParams;
import dev.bitste.benchrun.QuickParams;
import dev.bitste.benchrun.Role;
import dev.bitste.benchrun.Work;
import dev.bitste.kernels.SteKernelSupport;
import dev.bitste.results.BenchmarkRole;
import dev.bitste.results.WorkUnit;
import java.util.concurrent.TimeUnit;
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
 * Coarse-gradient accumulation {@code g += sum_r c[r] * Z[r,:]} over {@code m} rows of {@code n} floats,
 * about half the coefficients zero (a ReLU STE mask). The vector kernel keeps each block of {@code g}
 * in a register across four rows; the scalar reference is the plain axpy loop (which HotSpot
 * auto-vectorizes; {@code trulyScalar} turns that off). Results are bit-identical.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@QuickParams({"n=256,1024", "m=4096", "vectorBits=preferred"})
@GateParams({"n=256", "m=4096"})
@Work(unit = WorkUnit.MACS, per = {"m", "n"})
@Work(unit = WorkUnit.BYTES, per = {"m", "n"}, times = Float.BYTES)
public class CoarseGradient {
    @Param({"64", "256", "1024"})
    int n;

    @Param({"256", "4096", "65536"})
    int m;

    float[] z;
    float[] coef;
    float[] g;
    SteKernelSupport scalar;


    @Setup
    public void setup(SteBenchData.Width width) {
        z = SteBenchData.floats(3, m * n);
        coef = SteBenchData.sparseCoefficients(4, m);
        g = new float[n];
        scalar = SteBenchData.scalar().support();
        float[] expected = new float[n];
        float[] got = new float[n];
        scalar.accumulate(z, 0, m, n, coef, 0, expected);
        width.kernels.support().accumulate(z, 0, m, n, coef, 0, got);
        BenchSupport.check("vector accumulation", expected, got);
    }

    @Benchmark
    @Role(BenchmarkRole.VECTOR)
    public float[] vector(SteBenchData.Width width) {
        width.kernels.support().accumulate(z, 0, m, n, coef, 0, g);
        return g;
    }

    @Benchmark
    @Role(BenchmarkRole.SCALAR)
    public float[] scalar() {
        scalar.accumulate(z, 0, m, n, coef, 0, g);
        return g;
    }

    @Benchmark
    @Role(BenchmarkRole.TRULY_SCALAR)
    @Fork(jvmArgsAppend = {BenchSupport.NO_SUPERWORD, "-Xmx2g"})
    public float[] trulyScalar() {
        return scalar();
    }
}
