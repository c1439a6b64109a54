package dev.bitste.bench;

import dev.bitste.benchrun.QuickParams;
import dev.bitste.benchrun.Role;
import dev.bitste.benchrun.Work;
import dev.bitste.results.BenchmarkRole;
import dev.bitste.results.WorkUnit;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * Single-core streaming read bandwidth: the sum of a float array with four independent vector
 * accumulators (so the adds do not limit it). The secondary result {@code bytes} is bytes read per
 * second; at sizes beyond the last-level cache it is the ceiling for any pass over the training data
 * ({@link SteStep} reports its own {@code bytes} to compare).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@QuickParams({"megabytes=1,8,256"})
@Work(unit = WorkUnit.BYTES, per = "megabytes", times = 1 << 20)
public class MemoryBandwidth {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /** Array size: 1 MB (cache-resident), 8 MB (L3), 256 MB (main memory). */
    @Param({"1", "8", "256"})
    int megabytes;

    float[] data;

    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Traffic {
        public long bytes;
    }

    @Setup
    public void setup() {
        data = SteBenchData.floats(7, megabytes * (1 << 20) / Float.BYTES);
        double exact = 0;
        double abs = 0;
        for (float x : data) {
            exact += x;
            abs += Math.abs(x);
        }
        float got = sum();
        if (!(Math.abs(got - exact) <= 1e-5 * abs)) {
            throw new IllegalStateException("vector sum " + got + " disagrees with the double sum " + exact);
        }
    }

    float sum() {
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        int step = 4 * F.length();
        int i = 0;
        for (; i + step <= data.length; i += step) {
            a0 = a0.add(FloatVector.fromArray(F, data, i));
            a1 = a1.add(FloatVector.fromArray(F, data, i + F.length()));
            a2 = a2.add(FloatVector.fromArray(F, data, i + 2 * F.length()));
            a3 = a3.add(FloatVector.fromArray(F, data, i + 3 * F.length()));
        }
        float s = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        for (; i < data.length; i++) {
            s += data[i];
        }
        return s;
    }

    @Benchmark
    @Role(BenchmarkRole.VECTOR)
    public float vector(Traffic t) {
        t.bytes += (long) data.length * Float.BYTES;
        return sum();
    }
}
