package dev.bitste.bench;

import dev.bitste.benchrun.QuickParams;
import dev.bitste.benchrun.Role;
import dev.bitste.benchrun.Work;
import dev.bitste.bits.BitVector;
import dev.bitste.bits.PackedBits;
import dev.bitste.results.BenchmarkRole;
import dev.bitste.results.WorkUnit;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.LongVector;
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
 * The storage decision for packed bits: the same XOR-popcount loop (preferred width) over a
 * 64-byte-aligned native segment (the layout of {@link PackedBits}), over a {@code long[]} (whose data
 * the JVM places 16 bytes into the object, so wide loads straddle cache lines), and over a segment
 * deliberately 8 bytes off alignment. Not a kernel family: the methods name the storage.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@QuickParams({"n=16384"})
@Work(unit = WorkUnit.BINARY_OPS, per = "n")
public class PackedStorage {
    private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    @Param({"4096", "16384", "65536"})
    int n;

    MemorySegment alignedA;
    MemorySegment alignedB;
    MemorySegment unalignedA;
    MemorySegment unalignedB;
    long[] arrayA;
    long[] arrayB;

    @Setup
    public void setup() {
        BitVector a = BenchSupport.randomVector(1, n);
        BitVector b = BenchSupport.randomVector(2, n);
        alignedA = a.segment();
        alignedB = b.segment();
        arrayA = alignedA.toArray(ValueLayout.JAVA_LONG);
        arrayB = alignedB.toArray(ValueLayout.JAVA_LONG);
        unalignedA = offByEight(alignedA);
        unalignedB = offByEight(alignedB);
        long expected = (n - BenchSupport.scalar().dot(a, b)) / 2;
        BenchSupport.check("long[]", expected, longArray());
        BenchSupport.check("unaligned segment", expected, unalignedSegment());
        BenchSupport.check("aligned segment", expected, alignedSegment());
    }

    private static MemorySegment offByEight(MemorySegment src) {
        MemorySegment seg = Arena.ofAuto().allocate(src.byteSize() + 64, 64).asSlice(8, src.byteSize());
        seg.copyFrom(src);
        return seg;
    }

    private static long popCount(MemorySegment a, MemorySegment b) {
        LongVector acc = LongVector.zero(LONGS);
        for (long i = 0; i < a.byteSize(); i += LONGS.vectorByteSize()) {
            LongVector x = LongVector.fromMemorySegment(LONGS, a, i, ORDER);
            acc = acc.add(x.lanewise(VectorOperators.XOR, LongVector.fromMemorySegment(LONGS, b, i, ORDER))
                    .lanewise(VectorOperators.BIT_COUNT));
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    @Benchmark
    @Role(BenchmarkRole.STANDALONE)
    public long alignedSegment() {
        return popCount(alignedA, alignedB);
    }

    @Benchmark
    @Role(BenchmarkRole.STANDALONE)
    public long unalignedSegment() {
        return popCount(unalignedA, unalignedB);
    }

    @Benchmark
    @Role(BenchmarkRole.STANDALONE)
    public long longArray() {
        LongVector acc = LongVector.zero(LONGS);
        for (int i = 0; i < arrayA.length; i += LONGS.length()) {
            LongVector x = LongVector.fromArray(LONGS, arrayA, i);
            acc = acc.add(x.lanewise(VectorOperators.XOR, LongVector.fromArray(LONGS, arrayB, i))
                    .lanewise(VectorOperators.BIT_COUNT));
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }
}
