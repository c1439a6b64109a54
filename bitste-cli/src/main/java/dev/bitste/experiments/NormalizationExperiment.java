package dev.bitste.experiments;

import dev.bitste.data.Distribution;
import dev.bitste.experiments.SampleComplexityExperiment.Cell;
import dev.bitste.experiments.SampleComplexityExperiment.Outcome;
import dev.bitste.ste.ModelAProblem;
import dev.bitste.ste.SteTrainer;
import dev.bitste.ste.TrainingTrace;
import dev.bitste.util.Checks;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;

/**
 * Exact-recovery rate per input distribution, with and without the standardization layer. Both
 * variants of a trial see the same teacher, raw inputs and initialization; only the layer differs.
 */
public final class NormalizationExperiment implements Sweep<Outcome> {
    public static final String NAME = "normalization";

    public record Params(int n, List<Distribution> dists, List<Double> mOverN, int trials, double noise,
            TrainingSetup setup) {
        public Params {
            Checks.positive("n", n);
            dists = TrainingSetup.nonEmpty("dist", dists);
            mOverN = TrainingSetup.nonEmpty("m-over-n", mOverN);
            for (double r : mOverN) {
                TrainingSetup.samples(r, n);
            }
            Checks.positive("trials", trials);
            TrainingSetup.noise(noise);
            Checks.notNull("setup", setup);
        }
    }

    /** One (distribution, normalization, m) cell. */
    public record Row(String dist, boolean normalized, Cell cell) {
    }

    /** The transition of one (distribution, normalization) line: m/n where the rate first crosses 1/2 (interpolated). */
    public record Line(String dist, boolean normalized, double m50OverN) {
    }

    public record Result(Params params, List<Row> rows, List<Line> lines) {
    }

    private final Params p;

    public NormalizationExperiment(Params p) {
        this.p = Checks.notNull("params", p);
    }

    private int cells() {
        return p.dists().size() * 2 * p.mOverN().size();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("n", p.n());
        params.put("dist", p.dists().stream().map(Distribution::label).toList());
        params.put("m_over_n", p.mOverN());
        params.put("trials", p.trials());
        params.put("noise", p.noise());
        params.putAll(ExperimentParams.setup(p.setup()));
        return params;
    }

    @Override
    public int trials() {
        return cells() * p.trials();
    }

    @Override
    public Class<Outcome> outcomeType() {
        return Outcome.class;
    }

    @Override
    public double cost(int index) {
        return p.mOverN().get(index / p.trials() % p.mOverN().size());
    }

    /** Trial {@code t} of a cell: both variants see the same teacher, raw inputs and initialization. */
    @Override
    public Outcome trial(int index) {
        int per = p.mOverN().size();
        int cell = index / p.trials();
        int trial = index % p.trials();
        Distribution dist = p.dists().get(cell / (2 * per));
        boolean normalized = cell / per % 2 == 1;
        int m = TrainingSetup.samples(p.mOverN().get(cell % per), p.n());
        long seed = TrialRunner.seed(p.setup().seed(), dist.ordinal(), m, trial);
        ModelAProblem problem = ModelAProblem.generate(p.setup().model(p.n()), m, dist, p.noise(), normalized, seed);
        TrainingTrace t = new SteTrainer(p.setup().trainer()).train(problem, TrialRunner.seed(seed, 1), null);
        return new Outcome(t.finalDistance(), t.firstHit(), -1, -1);
    }

    public Result summarize(List<Outcome> outcomes) {
        int per = p.mOverN().size();
        List<Row> rows = new ArrayList<>();
        List<Line> lines = new ArrayList<>();
        for (int c = 0; c < cells(); c++) {
            double r = p.mOverN().get(c % per);
            Cell cell = SampleComplexityExperiment.cell(p.n(), r, TrainingSetup.samples(r, p.n()), p.setup().steps(),
                    outcomes.subList(c * p.trials(), (c + 1) * p.trials()), Outcome::distance, Outcome::firstHit);
            rows.add(new Row(p.dists().get(c / (2 * per)).label(), c / per % 2 == 1, cell));
            if (c % per == per - 1) {
                List<Cell> line = rows.subList(rows.size() - per, rows.size()).stream().map(Row::cell).toList();
                Row last = rows.get(rows.size() - 1);
                lines.add(new Line(last.dist(), last.normalized(),
                        SampleComplexityExperiment.interpolatedM50(line) / p.n()));
            }
        }
        return new Result(p, rows, lines);
    }

    @Override
    public void report(List<Outcome> outcomes, ExperimentOutput output, PrintStream out) {
        Result r = summarize(outcomes);
        List<String> header = List.of("dist", "normalized", "m_over_n", "m", "successes", "trials", "success_rate",
                "mean_final_distance");
        List<List<Object>> rows = new ArrayList<>();
        for (Row row : r.rows()) {
            Cell c = row.cell();
            rows.add(List.of(row.dist(), row.normalized(), c.mOverN(), c.m(), c.successes(), c.trials(), c.rate(),
                    c.meanFinalDistance()));
        }
        List<String> lHeader = List.of("dist", "normalized", "m50_over_n");
        List<List<Object>> lRows = new ArrayList<>();
        for (Line l : r.lines()) {
            lRows.add(List.of(l.dist(), l.normalized(), l.m50OverN()));
        }
        Tables.print(out, header, rows);
        out.println();
        out.println("transition m/n where the success rate crosses 1/2 ('-' = never within the grid):");
        Tables.print(out, lHeader, lRows);

        XYChart chart = Charts.lines("Exact recovery with and without standardization (n=" + r.params().n() + ")",
                "m / n", "success rate");
        chart.getStyler().setXAxisLogarithmic(true);
        int per = r.params().mOverN().size();
        for (int i = 0; i < r.rows().size(); i += per) {
            List<Row> line = new ArrayList<>(r.rows().subList(i, i + per));
            line.sort((a, b) -> Integer.compare(a.cell().m(), b.cell().m()));
            chart.addSeries(line.get(0).dist() + (line.get(0).normalized() ? " normalized" : " raw"),
                    line.stream().mapToDouble(x -> x.cell().mOverN()).toArray(),
                    line.stream().mapToDouble(x -> x.cell().rate()).toArray());
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("experiment", NAME);
        json.put("params", params());
        json.put("rows", r.rows());
        json.put("transitions", r.lines());
        output.json("results.json", json);
        output.csv("success.csv", header, rows);
        output.csv("transitions.csv", lHeader, lRows);
        output.png("success-with-and-without-normalization.png", chart);
    }
}
