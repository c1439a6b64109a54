package dev.bitste.benchrun;

import dev.bitste.results.JmhResult;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Records, per iteration, the CPU time the benchmark's worker threads got as a share of the wall time
 * ({@value JmhResult#CPU_SHARE}: 1 when they ran all the time) and the machine's one-minute load average
 * ({@value JmhResult#LOAD_AVERAGE}, where the OS tells it). On a machine shared with other jobs the scheduler takes turns
 * between processes: a benchmark that got 60% of a core reports 60% of its throughput. Dividing by the share
 * (ops per CPU second) removes that part of the load from the gate's statistics; JMH's own score is left as it is.
 * Runs inside the benchmark's fork (JMH's {@code -prof dev.bitste.benchrun.CpuTimeProfiler}).
 */
public final class CpuTimeProfiler implements InternalProfiler {
    private static final String WORKER = "-jmh-worker-";
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private Map<Long, Long> startCpu = Map.of();
    private long startWall;

    @Override
    public String getDescription() {
        return "CPU share of the benchmark threads and load average, per iteration (bitste gate)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        startCpu = workerCpuTimes();
        startWall = System.nanoTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
            IterationResult result) {
        long wall = System.nanoTime() - startWall;
        long cpu = 0;
        for (Map.Entry<Long, Long> e : workerCpuTimes().entrySet()) {
            cpu += e.getValue() - startCpu.getOrDefault(e.getKey(), 0L); // a worker started meanwhile counts from 0
        }
        List<Result> out = new ArrayList<>();
        if (wall > 0 && cpu > 0) {
            double share = cpu / ((double) wall * benchmarkParams.getThreads());
            out.add(new ScalarResult(JmhResult.CPU_SHARE, share, "ratio", AggregationPolicy.AVG));
        }
        double load = loadAverage();
        if (load >= 0) {
            out.add(new ScalarResult(JmhResult.LOAD_AVERAGE, load, "load", AggregationPolicy.AVG));
        }
        return out;
    }

    /** CPU time in nanoseconds of each live JMH worker thread, by thread id. */
    private Map<Long, Long> workerCpuTimes() {
        Map<Long, Long> times = new HashMap<>();
        if (!threads.isThreadCpuTimeSupported()) {
            return times;
        }
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && t.getThreadName().contains(WORKER)) {
                long ns = threads.getThreadCpuTime(t.getThreadId());
                if (ns >= 0) {
                    times.put(t.getThreadId(), ns);
                }
            }
        }
        return times;
    }

    /** The one-minute load average, or a negative number where the system does not tell (Windows). */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
