import dev.bitste.bits.BitMatrix;
import dev.bitste.kernels.BitKernels;
import dev.bitste.kernels.KernelChoice;
import dev.bitste.kernels.KernelProvider;
import dev.bitste.nn.PackedMlp;
import dev.bitste.nn.WeightQuantizer;
import dev.bitste.peers.CPeer;
import dev.bitste.peers.OpenBlasMlp;
import dev.bitste.util.Shards;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Interleaved rounds in one process: per-call thread CPU time (1 thread) and wall time (1 vs 2 threads). */
public class Lab {
    static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    interface Call { void run(); }

    static double cpu(Call c, int reps) {
        long t0 = MX.getCurrentThreadCpuTime();
        for (int i = 0; i < reps; i++) c.run();
        return (MX.getCurrentThreadCpuTime() - t0) / 1e3 / reps;
    }

    static double wall(Call c, int reps) {
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) c.run();
        return (System.nanoTime() - t0) / 1e3 / reps;
    }

    static String q(double[] r) {
        double[] s = r.clone(); Arrays.sort(s);
        return String.format("median %.2f [%.2f..%.2f]", s[s.length / 2], s[s.length / 4], s[3 * s.length / 4]);
    }

    public static void main(String[] a) throws Exception {
        int rounds = Integer.parseInt(a[0]);
        int[] arch = {784, 512, 512, 10};
        PackedMlp net = PackedMlp.random(arch, WeightQuantizer.BINARY, 8, 42);
        KernelProvider k = KernelProvider.of(KernelChoice.vector(0));
        OpenBlasMlp blas = OpenBlasMlp.of(net);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Shards two = new Shards(2, pool);
        SplittableRandom rnd = new SplittableRandom(7);
        byte[] img256 = new byte[256 * 784];
        for (int i = 0; i < img256.length; i++) img256[i] = (byte) rnd.nextInt(256);
        byte[] img1 = Arrays.copyOf(img256, 784);
        BitMatrix x = BitMatrix.ofSigns(signs(rnd, 256 * 4096), 256, 4096);
        BitMatrix w = BitMatrix.ofSigns(signs(rnd, 256 * 4096), 256, 4096);
        BitKernels bits = k.bits();
        CPeer.PackedW pw = CPeer.packForGemm(w);
        int[] out = new int[256 * 256];
        int[] outC = new int[256 * 256];
        // warm up
        long end = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < end) {
            net.logits(img256, 256, k); net.logits(img1, 1, k); net.logits(img256, 256, k, two);
            blas.logits(img256, 256); blas.logits(img1, 1);
            bits.support().gemm(x, w, out); bits.parallelGemm(x, w, out, two); CPeer.gemm(x, pw, outC);
        }
        if (!Arrays.equals(out, outC)) throw new AssertionError("gemm differs from C");
        double[] r256 = new double[rounds], r1 = new double[rounds], t2mlp = new double[rounds], gC = new double[rounds],
                t2gemm = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            double bin256 = cpu(() -> net.logits(img256, 256, k), 10);
            double bl256 = cpu(() -> blas.logits(img256, 256), 3);
            double bin1 = cpu(() -> net.logits(img1, 1, k), 500);
            double bl1 = cpu(() -> blas.logits(img1, 1), 100);
            double w1 = wall(() -> net.logits(img256, 256, k), 10);
            double w2 = wall(() -> net.logits(img256, 256, k, two), 10);
            double g = cpu(() -> bits.support().gemm(x, w, out), 10);
            double c = cpu(() -> CPeer.gemm(x, pw, outC), 10);
            double gw1 = wall(() -> bits.support().gemm(x, w, out), 10);
            double gw2 = wall(() -> bits.parallelGemm(x, w, out, two), 10);
            r256[r] = bl256 / bin256; r1[r] = bl1 / bin1; t2mlp[r] = w1 / w2; gC[r] = c / g; t2gemm[r] = gw1 / gw2;
            System.out.printf("round %d: mlp256 bin %.0f us blas %.0f us | mlp1 bin %.2f us blas %.2f us | wall 1t %.0f 2t %.0f"
                    + " | gemm java %.0f C %.0f us, wall 1t %.0f 2t %.0f%n", r, bin256, bl256, bin1, bl1, w1, w2, g, c, gw1, gw2);
        }
        System.out.println("MLP batch 256, binarized vs OpenBLAS (CPU time): " + q(r256));
        System.out.println("MLP batch 1, binarized vs OpenBLAS (CPU time): " + q(r1));
        System.out.println("MLP batch 256, 2 threads vs 1 (wall): " + q(t2mlp));
        System.out.println("GEMM 256x256x4096, Java vs C (CPU time, >1 = Java faster): " + q(gC));
        System.out.println("GEMM 256x256x4096, 2 threads vs 1 (wall): " + q(t2gemm));
        pool.shutdownNow();
    }

    static int[] signs(SplittableRandom rnd, int n) {
        int[] s = new int[n];
        for (int i = 0; i < n; i++) s[i] = rnd.nextBoolean() ? 1 : -1;
        return s;
    }
}
