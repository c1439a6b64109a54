package dev.bitste.bench;

import dev.bitste.benchrun.GateParams;
import dev.bitste.benchrun.QuickParams;
import dev.bitste.benchrun.Role;
import dev.bitste.benchrun.Work;
import dev.bitste.bits.BitVector;
import dev.bitste.kernels.BitKernelSupport;
import dev.bitste.peers.CPeer;
import dev.bitste.peers.OpenBlas;
import dev.bitste.results.BenchmarkRole;
import dev.bitste.results.WorkUnit;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.BitSet;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.util.VectorUtil;
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
 * ±1 dot product of two packed vectors of n bits, against the peers a Java user would reach for:
 * {@code java.util.BitSet} (xor in place, cardinality, xor back to restore the input: two passes of
 * xor plus one of popcount) and Lucene's {@code VectorUtil.xorBitCount(byte[], byte[])} (in Lucene
 * 10.3.1 the only xorBitCount: a scalar loop over longs read from the bytes), the native C peer
 * ({@code peer_c}: AVX-512 intrinsics where the CPU has VPOPCNTDQ, on the same 64-byte-aligned rows, through a
 * critical FFM downcall), and a float dot of the same n: Vector API FMA ({@code float32}) and OpenBLAS's
 * {@code sdot} ({@code peer_openblas}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@QuickParams({"n=1024,16384,262144", "vectorBits=preferred"})
@GateParams({"n=16384"})
@Work(unit = WorkUnit.BINARY_OPS, per = "n")
public class XnorDot {
    @Param({"1000", "1024", "4099", "16384", "65536", "262144"})
    int n;

    BitVector a;
    BitVector b;
    BitKernelSupport scalar;
    int expected;
    BitSet setA;
    BitSet setB;
    byte[] bytesA;
    byte[] bytesB;
    float[] floatsA;
    float[] floatsB;

    /** The vector kernels at one width, checked against the reference before they run. */
    public static class Vector extends BenchSupport.VectorWidth {
        @Setup
        public void check(XnorDot d) {
            BenchSupport.check(kernels().name() + " dot", d.expected, kernels().dot(d.a, d.b));
        }
    }

    /** The native C peer, loaded (compiled on first use) and checked before it runs. */
    @State(Scope.Thread)
    public static class NativeC {
        MemorySegment a;
        MemorySegment b;

        @Setup
        public void check(XnorDot d) {
            a = CPeer.unscoped(d.a.segment());
            b = CPeer.unscoped(d.b.segment());
            BenchSupport.check("peer_c dot", d.expected, d.peer_c(this));
        }
    }

    /** OpenBLAS, checked before it runs (the ±1 sums are exact in float). */
    @State(Scope.Thread)
    public static class Blas {
        @Setup
        public void check(XnorDot d) {
            BenchSupport.check("peer_openblas sdot", d.expected, Math.round(d.peer_openblas(this)));
        }
    }

    @Setup
    public void setup() {
        a = BenchSupport.randomVector(1, n);
        b = BenchSupport.randomVector(2, n);
        scalar = BenchSupport.scalar().support();
        expected = BenchSupport.scalar().dot(a, b);
        setA = BitSet.valueOf(a.words());
        setB = BitSet.valueOf(b.words());
        bytesA = Arrays.copyOf(setA.toByteArray(), (n + 7) / 8);
        bytesB = Arrays.copyOf(setB.toByteArray(), (n + 7) / 8);
        floatsA = a.toFloats(1f);
        floatsB = b.toFloats(1f);
        BenchSupport.check("peer_bitset", expected, peer_bitset());
        BenchSupport.check("peer_lucene", expected, peer_lucene());
        BenchSupport.check("float32", expected, Math.round(float32()));
    }

    @Benchmark
    @Role(BenchmarkRole.VECTOR)
    public int vector(Vector v) {
        return v.kernels.dot(a, b);
    }

    @Benchmark
    @Role(BenchmarkRole.SCALAR)
    public int scalar() {
        return scalar.dot(a, b);
    }

    @Benchmark
    @Role(BenchmarkRole.TRULY_SCALAR)
    @Fork(value = 1, jvmArgsAppend = BenchSupport.NO_SUPERWORD)
    public int trulyScalar() {
        return scalar.dot(a, b);
    }

    @Benchmark
    @Role(BenchmarkRole.PEER)
    public int peer_bitset() {
        setA.xor(setB);
        int differ = setA.cardinality();
        setA.xor(setB);
        return n - 2 * differ;
    }

    @Benchmark
    @Role(BenchmarkRole.PEER)
    public int peer_lucene() {
        return n - 2 * VectorUtil.xorBitCount(bytesA, bytesB);
    }

    @Benchmark
    @Role(BenchmarkRole.PEER)
    public int peer_c(NativeC c) {
        return CPeer.dot(n, c.a, c.b, a.strideWords());
    }

    @Benchmark
    @Role(value = BenchmarkRole.PEER, float32 = true)
    @Work(unit = WorkUnit.MACS, per = "n")
    public float peer_openblas(Blas blas) {
        return OpenBlas.sdot(n, floatsA, floatsB);
    }

    @Benchmark
    @Role(BenchmarkRole.FLOAT32)
    @Work(unit = WorkUnit.MACS, per = "n")
    public float float32() {
        return BenchSupport.dotF32(floatsA, 0, floatsB, 0, n);
    }
}
