package dev.bitste.experiments;

import dev.bitste.data.Distribution;
import dev.bitste.ste.ModelAProblem;
import dev.bitste.ste.SteTrainer;
import dev.bitste.ste.TrainingTrace;
import dev.bitste.util.Checks;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;

/**
 * Exact-recovery rate of model A's STE-gradient method against the number of samples: for each n and
 * m/n, {@code trials} independent teachers, data sets and initializations. Locates the transition
 * (the interpolated m where the success rate crosses 1/2) and compares it with the proven O(n^2) bound.
 */
public final class SampleComplexityExperiment {
    public static final String NAME = "sample-complexity";

    /** The experiment's parameters; the constructor rejects bad values before anything is written. */
    public record Params(List<Integer> n, List<Double> mOverN, int trials, Distribution dist, double noise,
            boolean normalize, TrainingSetup setup) {
        public Params {
            n = TrainingSetup.nonEmpty("n", n);
            mOverN = TrainingSetup.nonEmpty("m-over-n", mOverN);
            for (int size : n) {
                Checks.positive("n", size);
                for (double r : mOverN) {
                    TrainingSetup.samples(r, size);
                }
            }
            Checks.positive("trials", trials);
            Checks.notNull("dist", dist);
            TrainingSetup.noise(noise);
            Checks.notNull("setup", setup);
        }
    }

    /** One cell of the grid. */
    public record Cell(int n, double mOverN, int m, int successes, int trials, double rate, double meanFinalDistance,
            double meanFirstHit) {
    }

    /** Where the success rate first crosses 1/2 for one n (NaN when it never does in the grid). */
    public record Transition(int n, double m50, double m50OverN, double m50OverNSquared, double m50OverNLogN) {
    }

    public record Result(Params params, List<Cell> cells, List<Transition> transitions) {
    }

    private SampleComplexityExperiment() {
    }

    /** Runs the grid (trials in parallel; numbers independent of the thread count). */
    public static Result run(Params p) {
        int cellsCount = p.n().size() * p.mOverN().size();
        int total = cellsCount * p.trials();
        SteTrainer trainer = new SteTrainer(p.setup().trainer());
        List<TrainingTrace> traces = TrialRunner.run(NAME, total, p.setup().threads(), index -> {
            int cell = index / p.trials();
            int trial = index % p.trials();
            int n = p.n().get(cell / p.mOverN().size());
            int mi = cell % p.mOverN().size();
            int m = TrainingSetup.samples(p.mOverN().get(mi), n);
            long seed = TrialRunner.seed(p.setup().seed(), n, m, trial);
            ModelAProblem problem = ModelAProblem.generate(p.setup().model(n), m, p.dist(), p.noise(), p.normalize(),
                    seed);
            return trainer.train(problem, TrialRunner.seed(seed, 1), null);
        });
        List<Cell> cells = new ArrayList<>();
        for (int c = 0; c < cellsCount; c++) {
            int n = p.n().get(c / p.mOverN().size());
            double r = p.mOverN().get(c % p.mOverN().size());
            cells.add(summarize(n, r, TrainingSetup.samples(r, n), traces.subList(c * p.trials(), (c + 1) * p.trials())));
        }
        List<Transition> transitions = new ArrayList<>();
        for (int i = 0; i < p.n().size(); i++) {
            transitions.add(transition(p.n().get(i), cells.subList(i * p.mOverN().size(), (i + 1) * p.mOverN().size())));
        }
        return new Result(p, cells, transitions);
    }

    static Cell summarize(int n, double mOverN, int m, List<TrainingTrace> traces) {
        int successes = 0;
        double distance = 0;
        double hit = 0;
        for (TrainingTrace t : traces) {
            distance += t.finalDistance();
            if (t.recovered()) {
                successes++;
                hit += t.firstHit();
            }
        }
        return new Cell(n, mOverN, m, successes, traces.size(), (double) successes / traces.size(),
                distance / traces.size(), successes == 0 ? Double.NaN : hit / successes);
    }

    /** Linear interpolation (in log m) of the first crossing of rate 1/2, over cells sorted by m. */
    static Transition transition(int n, List<Cell> cells) {
        List<Cell> sorted = new ArrayList<>(cells);
        sorted.sort((a, b) -> Integer.compare(a.m(), b.m()));
        double m50 = Double.NaN;
        for (int i = 0; i < sorted.size(); i++) {
            Cell c = sorted.get(i);
            if (c.rate() >= 0.5) {
                if (i == 0) {
                    m50 = c.m();
                } else {
                    Cell b = sorted.get(i - 1);
                    double f = (0.5 - b.rate()) / (c.rate() - b.rate());
                    m50 = Math.exp(Math.log(b.m()) + f * (Math.log(c.m()) - Math.log(b.m())));
                }
                break;
            }
        }
        return new Transition(n, m50, m50 / n, m50 / ((double) n * n), m50 / (n * Math.log(n)));
    }

    /** Prints the tables and writes JSON, CSV and the two charts; returns the completed run directory. */
    public static Path report(Result r, Path resultsRoot, PrintStream out) {
        List<String> header = List.of("n", "m_over_n", "m", "m_over_n2", "successes", "trials", "success_rate",
                "mean_final_distance", "mean_first_hit");
        List<List<Object>> rows = new ArrayList<>();
        for (Cell c : r.cells()) {
            rows.add(List.of(c.n(), c.mOverN(), c.m(), c.m() / ((double) c.n() * c.n()), c.successes(), c.trials(),
                    c.rate(), c.meanFinalDistance(), c.meanFirstHit()));
        }
        List<String> tHeader = List.of("n", "m50", "m50_over_n", "m50_over_n2", "m50_over_nlogn");
        List<List<Object>> tRows = new ArrayList<>();
        for (Transition t : r.transitions()) {
            tRows.add(List.of(t.n(), t.m50(), t.m50OverN(), t.m50OverNSquared(), t.m50OverNLogN()));
        }
        Tables.print(out, header, rows);
        out.println();
        out.println("transition (success rate crosses 1/2; '-' = not within the grid):");
        Tables.print(out, tHeader, tRows);

        XYChart byN = Charts.lines("Exact recovery vs m/n (" + r.params().dist().label() + ", k="
                + r.params().setup().k() + ", " + r.params().setup().steps() + " steps)", "m / n", "success rate");
        XYChart byN2 = Charts.lines("Exact recovery vs m/n^2 (the proven bound is O(n^2))", "m / n^2", "success rate");
        byN.getStyler().setXAxisLogarithmic(true);
        byN2.getStyler().setXAxisLogarithmic(true);
        int per = r.params().mOverN().size();
        for (int i = 0; i < r.params().n().size(); i++) {
            List<Cell> cs = new ArrayList<>(r.cells().subList(i * per, (i + 1) * per));
            cs.sort((a, b) -> Integer.compare(a.m(), b.m()));
            double[] x = cs.stream().mapToDouble(c -> (double) c.m() / c.n()).toArray();
            double[] x2 = cs.stream().mapToDouble(c -> (double) c.m() / ((double) c.n() * c.n())).toArray();
            double[] y = cs.stream().mapToDouble(Cell::rate).toArray();
            byN.addSeries("n=" + r.params().n().get(i), x, y);
            byN2.addSeries("n=" + r.params().n().get(i), x2, y);
        }
        ExperimentOutput output = ExperimentOutput.start(resultsRoot, NAME);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("experiment", NAME);
        json.put("params", paramsJson(r.params()));
        json.put("cells", r.cells());
        json.put("transitions", r.transitions());
        output.json("results.json", json);
        output.csv("success.csv", header, rows);
        output.csv("transitions.csv", tHeader, tRows);
        output.png("success-vs-m-over-n.png", byN);
        output.png("success-vs-m-over-n2.png", byN2);
        return output.complete();
    }

    static Map<String, Object> paramsJson(Params p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", p.n());
        m.put("m_over_n", p.mOverN());
        m.put("trials", p.trials());
        m.put("dist", p.dist().label());
        m.put("noise", p.noise());
        m.put("normalize", p.normalize());
        m.putAll(ExperimentParams.setup(p.setup()));
        return m;
    }
}
