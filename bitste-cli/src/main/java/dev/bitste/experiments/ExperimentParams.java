package dev.bitste.experiments;

import dev.bitste.kernels.KernelProvider;
import java.util.LinkedHashMap;
import java.util.Map;

/** The parameter fields every model A experiment records in its JSON (not the thread count: it changes no number). */
final class ExperimentParams {
    private ExperimentParams() {
    }

    static Map<String, Object> setup(TrainingSetup s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("k", s.k());
        m.put("v", "all ones");
        m.put("steps", s.steps());
        m.put("schedule", s.schedule().describe());
        m.put("init_std", s.initStd());
        m.put("batch_size", s.batchSize() == 0 ? "full" : s.batchSize());
        m.put("shards", s.trainer().shards());
        m.put("seed", s.seed());
        m.put("kernels", KernelProvider.get().name());
        return m;
    }
}
