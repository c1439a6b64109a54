package dev.bitste.experiments;

import dev.bitste.data.Distribution;
import dev.bitste.ste.ModelAProblem;
import dev.bitste.ste.SteTrainer;
import dev.bitste.ste.TrainingTrace;
import dev.bitste.util.Checks;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Recurrence under label noise: long runs of the STE-gradient method at fixed n, tracking the Hamming
 * distance to the teacher every step. With noise the iterate keeps reaching {@code w*} and leaving it
 * again; the fraction of steps spent at {@code w*} (the ergodic view) is reported per (m, noise).
 */
public final class RecurrenceExperiment implements Sweep<RecurrenceExperiment.Run> {
    public static final String NAME = "recurrence";

    public record Params(int n, List<Integer> m, List<Double> noise, int trials, Distribution dist,
            TrainingSetup setup) {
        public Params {
            Checks.positive("n", n);
            m = TrainingSetup.nonEmpty("m", m);
            for (int samples : m) {
                Checks.positive("m", samples);
            }
            noise = TrainingSetup.nonEmpty("noise", noise);
            for (double x : noise) {
                TrainingSetup.noise(x);
            }
            Checks.positive("trials", trials);
            Checks.notNull("dist", dist);
            Checks.notNull("setup", setup);
        }
    }

    /** One training run. {@code returns}: steps t >= 1 entering w*; {@code escapes}: steps leaving it. */
    public record Run(int m, double noise, int trial, int finalDistance, int firstHit, double fractionAtTarget,
            int returns, int escapes, int[] distance) {
    }

    /** Averages over the trials of one (m, noise). */
    public record Summary(int m, double noise, int trials, int trialsReaching, double meanFirstHit,
            double meanFractionAtTarget, double meanReturns, double meanEscapes, int lastIterateAtTarget) {
    }

    public record Result(Params params, List<Summary> summaries, List<Run> runs) {
    }

    private final Params p;

    public RecurrenceExperiment(Params p) {
        this.p = Checks.notNull("params", p);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("n", p.n());
        params.put("m", p.m());
        params.put("noise", p.noise());
        params.put("trials", p.trials());
        params.put("dist", p.dist().label());
        params.putAll(ExperimentParams.setup(p.setup()));
        return params;
    }

    @Override
    public int trials() {
        return p.m().size() * p.noise().size() * p.trials();
    }

    @Override
    public Class<Run> outcomeType() {
        return Run.class;
    }

    @Override
    public double cost(int index) {
        return p.m().get(index / p.trials() / p.noise().size());
    }

    @Override
    public Run trial(int index) {
        int config = index / p.trials();
        int trial = index % p.trials();
        int m = p.m().get(config / p.noise().size());
        double noise = p.noise().get(config % p.noise().size());
        // the same teacher and inputs for every noise level of a (m, trial): only the noise differs
        long seed = TrialRunner.seed(p.setup().seed(), p.n(), m, trial);
        ModelAProblem problem = ModelAProblem.generate(p.setup().model(p.n()), m, p.dist(), noise, false, seed);
        TrainingTrace t = new SteTrainer(p.setup().trainer()).train(problem, TrialRunner.seed(seed, 1), null);
        int[] d = t.distance();
        int returns = 0;
        int escapes = 0;
        for (int s = 1; s < d.length; s++) {
            returns += d[s] == 0 && d[s - 1] != 0 ? 1 : 0;
            escapes += d[s] != 0 && d[s - 1] == 0 ? 1 : 0;
        }
        return new Run(m, noise, trial, t.finalDistance(), t.firstHit(), t.fractionAtTarget(), returns, escapes, d);
    }

    public Result summarize(List<Run> runs) {
        int configs = p.m().size() * p.noise().size();
        List<Summary> summaries = new ArrayList<>();
        for (int c = 0; c < configs; c++) {
            summaries.add(summarizeConfig(runs.subList(c * p.trials(), (c + 1) * p.trials())));
        }
        return new Result(p, summaries, runs);
    }

    static Summary summarizeConfig(List<Run> runs) {
        int reaching = 0;
        int atEnd = 0;
        double hit = 0;
        double fraction = 0;
        double returns = 0;
        double escapes = 0;
        for (Run r : runs) {
            if (r.firstHit() >= 0) {
                reaching++;
                hit += r.firstHit();
            }
            atEnd += r.finalDistance() == 0 ? 1 : 0;
            fraction += r.fractionAtTarget() / runs.size();
            returns += (double) r.returns() / runs.size();
            escapes += (double) r.escapes() / runs.size();
        }
        Run first = runs.get(0);
        return new Summary(first.m(), first.noise(), runs.size(), reaching, reaching == 0 ? Double.NaN : hit / reaching,
                fraction, returns, escapes, atEnd);
    }

    @Override
    public void report(List<Run> all, ExperimentOutput output, PrintStream out) {
        Result r = summarize(all);
        List<String> header = List.of("m", "noise", "trials", "trials_reaching_w*", "mean_first_hit",
                "mean_fraction_at_w*", "mean_returns", "mean_escapes", "last_iterate_at_w*");
        List<List<Object>> rows = new ArrayList<>();
        for (Summary s : r.summaries()) {
            rows.add(List.of(s.m(), s.noise(), s.trials(), s.trialsReaching(), s.meanFirstHit(),
                    s.meanFractionAtTarget(), s.meanReturns(), s.meanEscapes(), s.lastIterateAtTarget()));
        }
        Tables.print(out, header, rows);

        List<String> runHeader = List.of("m", "noise", "trial", "final_distance", "first_hit", "fraction_at_w*",
                "returns", "escapes");
        List<List<Object>> runRows = new ArrayList<>();
        List<List<Object>> traceRows = new ArrayList<>();
        for (Run run : r.runs()) {
            runRows.add(List.of(run.m(), run.noise(), run.trial(), run.finalDistance(), run.firstHit(),
                    run.fractionAtTarget(), run.returns(), run.escapes()));
            for (int s = 0; s < run.distance().length; s++) {
                traceRows.add(List.of(run.m(), run.noise(), run.trial(), s, run.distance()[s]));
            }
        }
        for (Run run : r.runs()) {
            if (run.trial() == 0) {
                XYChart chart = Charts.lines("Hamming distance to w* (n=" + r.params().n() + ", m=" + run.m()
                        + ", noise " + run.noise() + ", trial 0)", "step t", "Hamming distance d_t");
                double[] x = IntStream.range(0, run.distance().length).asDoubleStream().toArray();
                double[] y = IntStream.of(run.distance()).asDoubleStream().toArray();
                chart.addSeries("d_t", x, y).setMarker(SeriesMarkers.NONE);
                output.png("distance-trace-m" + run.m() + "-noise" + run.noise() + ".png", chart);
            }
        }
        XYChart fraction = Charts.lines("Fraction of steps at w* (mean over " + r.params().trials() + " trials)",
                "label noise std", "fraction of steps at w*");
        for (int m : r.params().m()) {
            List<Summary> ss = r.summaries().stream().filter(s -> s.m() == m).toList();
            fraction.addSeries("m=" + m, ss.stream().mapToDouble(Summary::noise).toArray(),
                    ss.stream().mapToDouble(Summary::meanFractionAtTarget).toArray());
        }
        output.png("fraction-at-target.png", fraction);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("experiment", NAME);
        json.put("params", params());
        json.put("summaries", r.summaries());
        json.put("runs", runRows.stream().map(row -> {
            Map<String, Object> o = new LinkedHashMap<>();
            for (int i = 0; i < runHeader.size(); i++) {
                o.put(runHeader.get(i), row.get(i));
            }
            return o;
        }).toList());
        output.json("results.json", json);
        output.csv("summary.csv", header, rows);
        output.csv("runs.csv", runHeader, runRows);
        output.csv("distance-traces.csv", List.of("m", "noise", "trial", "step", "distance"), traceRows);
    }
}
