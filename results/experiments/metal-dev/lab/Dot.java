import dev.bitste.bits.BitVector;
import dev.bitste.kernels.BitKernels;
import dev.bitste.kernels.KernelChoice;
import dev.bitste.peers.CPeer;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.lucene.util.VectorUtil;

/** Interleaved rounds in one process, thread CPU time per call: vector dot vs C (FFM) vs Lucene xorBitCount. */
public class Dot {
    static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    static volatile int sink;

    public static void main(String[] args) {
        int rounds = Integer.parseInt(args[0]);
        for (int n : new int[] {1024, 16384, 262144}) {
            SplittableRandom rnd = new SplittableRandom(n);
            int[] sa = new int[n], sb = new int[n];
            for (int i = 0; i < n; i++) { sa[i] = rnd.nextBoolean() ? 1 : -1; sb[i] = rnd.nextBoolean() ? 1 : -1; }
            BitVector a = BitVector.ofSigns(sa), b = BitVector.ofSigns(sb);
            var k = BitKernels.of(KernelChoice.vector(0)).support();
            MemorySegment ua = CPeer.unscoped(a.segment()), ub = CPeer.unscoped(b.segment());
            byte[] ba = a.segment().asSlice(0, n / 8).toArray(ValueLayout.JAVA_BYTE);
            byte[] bb = b.segment().asSlice(0, n / 8).toArray(ValueLayout.JAVA_BYTE);
            int words = a.strideWords();
            int want = k.dot(a, b);
            if (CPeer.dot(n, ua, ub, words) != want || n - 2 * VectorUtil.xorBitCount(ba, bb) != want) throw new AssertionError();
            int reps = Math.max(10, 40_000_000 / n);
            double[] vc = new double[rounds], vl = new double[rounds];
            for (int r = -5; r < rounds; r++) {
                long t0 = MX.getCurrentThreadCpuTime();
                int s = 0;
                for (int i = 0; i < reps; i++) s += k.dot(a, b);
                long t1 = MX.getCurrentThreadCpuTime();
                for (int i = 0; i < reps; i++) s += CPeer.dot(n, ua, ub, words);
                long t2 = MX.getCurrentThreadCpuTime();
                for (int i = 0; i < reps; i++) s += VectorUtil.xorBitCount(ba, bb);
                long t3 = MX.getCurrentThreadCpuTime();
                sink = s;
                if (r >= 0) { vc[r] = (double) (t2 - t1) / (t1 - t0); vl[r] = (double) (t3 - t2) / (t1 - t0); }
            }
            System.out.printf("n=%d vector vs C: %s; vector vs Lucene: %s%n", n, q(vc), q(vl));
        }
    }

    static String q(double[] r) {
        double[] s = r.clone(); Arrays.sort(s);
        return String.format("median %.2f [%.2f..%.2f]", s[s.length / 2], s[s.length / 4], s[3 * s.length / 4]);
    }
}
