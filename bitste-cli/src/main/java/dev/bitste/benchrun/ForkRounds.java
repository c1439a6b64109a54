package dev.bitste.benchrun;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.WorkloadParams;

/**
 * Joins the results of a run made in rounds (one fork of every benchmark per round) into one JMH result per
 * benchmark holding all its forks, as if JMH had run them together: JMH then computes the score and error over
 * every fork and writes one {@code rawData} row per fork, and the {@code forks} field says how many there were.
 */
final class ForkRounds {
    private ForkRounds() {
    }

    /** The results of every round, joined per benchmark (benchmark, mode and parameters). */
    static SortedSet<RunResult> join(Collection<RunResult> rounds) {
        Map<BenchmarkParams, List<BenchmarkResult>> forks = new LinkedHashMap<>();
        for (RunResult r : rounds) {
            forks.computeIfAbsent(r.getParams(), k -> new ArrayList<>()).addAll(r.getBenchmarkResults());
        }
        SortedSet<RunResult> joined = new TreeSet<>(RunResult.DEFAULT_SORT_COMPARATOR);
        forks.forEach((params, results) -> joined.add(new RunResult(withForks(params, results.size()), results)));
        return joined;
    }

    /** {@code p} with its fork count set to {@code forks}. */
    static BenchmarkParams withForks(BenchmarkParams p, int forks) {
        if (p.getForks() == forks) {
            return p;
        }
        WorkloadParams workload = new WorkloadParams();
        int order = 0;
        for (String k : p.getParamsKeys()) {
            workload.put(k, p.getParam(k), order++);
        }
        return new BenchmarkParams(p.getBenchmark(), p.generatedBenchmark(), p.shouldSynchIterations(), p.getThreads(),
                p.getThreadGroups(), p.getThreadGroupLabels(), forks, p.getWarmupForks(), p.getWarmup(),
                p.getMeasurement(), p.getMode(), workload, p.getTimeUnit(), p.getOpsPerInvocation(), p.getJvm(),
                p.getJvmArgs(), p.getJdkVersion(), p.getVmName(), p.getVmVersion(), p.getJmhVersion(), p.getTimeout());
    }
}
