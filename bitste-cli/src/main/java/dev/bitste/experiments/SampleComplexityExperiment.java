package dev.bitste.experiments;

import dev.bitste.data.Distribution;
import dev.bitste.ste.ModelAProblem;
import dev.bitste.ste.SteTrainer;
import dev.bitste.ste.TrainingTrace;
import dev.bitste.util.Checks;
import java.awt.Color;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.function.IntToDoubleFunction;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Exact-recovery rate of model A's STE-gradient method against the number of samples (docs/algorithms.md
 * section 2): per n, a grid of m, {@code trials} independent teachers, data sets and initializations each. The 50%
 * transition {@code m*(n)} comes from a logistic fit in {@code ln m} with a bootstrap interval ({@link TransitionFit}),
 * the exponent of {@code m* ~ C n^alpha} from a least-squares line through {@code (ln n, ln m*)}, its interval from
 * the same bootstrap replicates.
 *
 * <p>The step budget may grow with n ({@code stepsPerN}). To show a budget is enough, one n
 * ({@code budgetCheckN}) trains twice as long: the learning rate does not depend on the budget, so the first half of
 * that run is exactly the run with the normal budget, and both transitions come from the same trials.
 */
public final class SampleComplexityExperiment implements Sweep<SampleComplexityExperiment.Outcome> {
    public static final String NAME = "sample-complexity";

    /**
     * The experiment's parameters; the constructor rejects bad values before anything is written.
     *
     * @param n input dimensions
     * @param mOverN per n (same order), the ratios m/n of its grid
     * @param stepsPerN the budget at n is {@code max(setup.steps(), ceil(stepsPerN * n))}; 0 = a fixed budget
     * @param budgetCheckN an n of the list that also trains twice as long, or 0 for none
     * @param bootstrap bootstrap replicates for the intervals
     */
    public record Params(List<Integer> n, List<List<Double>> mOverN, int trials, Distribution dist, double noise,
            boolean normalize, TrainingSetup setup, double stepsPerN, int budgetCheckN, int bootstrap) {
        public Params {
            n = TrainingSetup.nonEmpty("n", n);
            Checks.notNull("m-over-n", mOverN);
            Checks.sameLength("m-over-n grids (one per n)", n.size(), mOverN.size());
            List<List<Double>> grids = new ArrayList<>();
            for (int i = 0; i < n.size(); i++) {
                int size = Checks.positive("n", n.get(i));
                if (n.indexOf(size) != i) {
                    throw new IllegalArgumentException("--n lists " + size + " twice");
                }
                List<Double> grid = TrainingSetup.nonEmpty("m-over-n", mOverN.get(i));
                for (double r : grid) {
                    TrainingSetup.samples(r, size);
                }
                grids.add(grid);
            }
            mOverN = List.copyOf(grids);
            Checks.positive("trials", trials);
            Checks.notNull("dist", dist);
            TrainingSetup.noise(noise);
            Checks.notNull("setup", setup);
            if (!(stepsPerN >= 0) || Double.isInfinite(stepsPerN)) {
                throw new IllegalArgumentException("--steps-per-n must be >= 0 and finite, got " + stepsPerN);
            }
            if (budgetCheckN != 0 && !n.contains(budgetCheckN)) {
                throw new IllegalArgumentException("--budget-check " + budgetCheckN + " is not one of --n " + n);
            }
            Checks.positive("bootstrap", bootstrap);
        }

        /** The same grid of ratios for every n. */
        public static List<List<Double>> sameGrid(List<Integer> n, List<Double> mOverN) {
            return n.stream().map(x -> mOverN).toList();
        }

        /** Training steps at dimension {@code size}. */
        public int steps(int size) {
            return (int) Math.max(setup.steps(), Math.ceil(stepsPerN * size));
        }
    }

    /**
     * One trial. {@code distance}: Hamming distance to the teacher after the budget; {@code firstHit}: first step
     * {@code <=} the budget at the teacher, or -1; the {@code doubled} pair the same after twice the budget (-1 when
     * the trial's n is not the budget check).
     */
    public record Outcome(int distance, int firstHit, int doubledDistance, int doubledFirstHit) {
    }

    /** One cell of the grid at one budget. */
    public record Cell(int n, double mOverN, int m, int steps, int successes, int trials, double rate,
            double meanFinalDistance, double meanFirstHit) {
    }

    /**
     * The transition at one n and budget: {@code m50} interpolated between grid cells (in ln m), {@code mStar} the
     * logistic fit with its 95% bootstrap interval {@code [ciLow, ciHigh]}; {@code inGrid} false when the fit puts
     * {@code m*} outside the grid.
     */
    public record Transition(int n, int steps, double m50, double mStar, double ciLow, double ciHigh, boolean inGrid,
            double slope, double mStarOverN, double mStarOverN2, double mStarOverNLogN) {
    }

    /**
     * {@code m* ~ C n^alpha} over the n whose transition lies in the grid: least squares in log-log, the 95% interval
     * of alpha from the bootstrap replicates ({@code ciLow, ciHigh}) and from the regression's t-interval
     * ({@code olsLow, olsHigh}), and the local exponents between consecutive n.
     */
    public record PowerLaw(List<Integer> n, double alpha, double ciLow, double ciHigh, double olsLow, double olsHigh,
            double constant, List<Double> localAlpha) {
    }

    /** The budget check: the transition at {@code n} with the normal budget and with twice as many steps. */
    public record BudgetCheck(int n, Transition normal, Transition doubled, int extraSuccesses, int trials) {
    }

    public record Result(Params params, List<Cell> cells, List<Transition> transitions, PowerLaw powerLaw,
            BudgetCheck budgetCheck, List<Cell> doubledCells) {
    }

    private record GridPoint(int nIndex, int n, double mOverN, int m) {
    }

    /**
     * Parses a grid of m/n: a list {@code 2,4,8}, or {@code LO:HI:K}, K points per doubling from LO up to HI
     * ({@code LO 2^(j/K)}, 6 significant digits). {@code option} names it in messages.
     */
    public static List<Double> ratios(String option, String spec) {
        String text = spec == null ? "" : spec.trim();
        List<Double> out = new ArrayList<>();
        try {
            if (text.contains(":")) {
                String[] parts = text.split(":", -1);
                double lo = Double.parseDouble(parts[0]);
                double hi = parts.length == 3 ? Double.parseDouble(parts[1]) : Double.NaN;
                int k = parts.length == 3 ? Integer.parseInt(parts[2].trim()) : 0;
                if (!(lo > 0 && hi >= lo && k >= 1 && Double.isFinite(hi) && Math.log(hi / lo) / Math.log(2) * k < 1000)) {
                    throw new IllegalArgumentException(option + " must be LO:HI:K with 0 < LO <= HI and K >= 1 (at most"
                            + " 1000 points), got '" + spec + "'");
                }
                for (int j = 0; lo * Math.pow(2, (double) j / k) <= hi * (1 + 1e-12); j++) {
                    out.add(Double.parseDouble(String.format(Locale.ROOT, "%.6g", lo * Math.pow(2, (double) j / k))));
                }
            } else if (!text.isEmpty()) {
                for (String v : text.split(",")) {
                    out.add(Double.parseDouble(v.trim()));
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": not a number in '" + spec + "'");
        }
        return TrainingSetup.nonEmpty(option.replaceFirst("^--", ""), out);
    }

    private final Params p;
    private final List<GridPoint> grid = new ArrayList<>();

    public SampleComplexityExperiment(Params p) {
        this.p = Checks.notNull("params", p);
        for (int i = 0; i < p.n().size(); i++) {
            for (double r : p.mOverN().get(i)) {
                grid.add(new GridPoint(i, p.n().get(i), r, TrainingSetup.samples(r, p.n().get(i))));
            }
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", p.n());
        m.put("m_over_n", p.mOverN());
        m.put("trials", p.trials());
        m.put("dist", p.dist().label());
        m.put("noise", p.noise());
        m.put("normalize", p.normalize());
        m.putAll(ExperimentParams.setup(p.setup()));
        m.put("steps_per_n", p.stepsPerN());
        m.put("steps_at_n", p.n().stream().map(p::steps).toList());
        m.put("budget_check_n", p.budgetCheckN());
        m.put("bootstrap", p.bootstrap());
        return m;
    }

    @Override
    public int trials() {
        return Math.multiplyExact(grid.size(), p.trials());
    }

    @Override
    public Class<Outcome> outcomeType() {
        return Outcome.class;
    }

    @Override
    public double cost(int index) {
        GridPoint g = grid.get(index / p.trials());
        return (double) g.m() * g.n() * p.steps(g.n()) * (g.n() == p.budgetCheckN() ? 2 : 1);
    }

    @Override
    public Outcome trial(int index) {
        GridPoint g = grid.get(index / p.trials());
        int trial = index % p.trials();
        long seed = TrialRunner.seed(p.setup().seed(), g.n(), g.m(), trial);
        ModelAProblem problem = ModelAProblem.generate(p.setup().model(g.n()), g.m(), p.dist(), p.noise(), p.normalize(),
                seed);
        int budget = p.steps(g.n());
        boolean check = g.n() == p.budgetCheckN();
        TrainingTrace t = new SteTrainer(p.setup().trainer(check ? 2 * budget : budget))
                .train(problem, TrialRunner.seed(seed, 1), null);
        int[] d = t.distance();
        return new Outcome(d[budget], firstHit(d, budget), check ? d[2 * budget] : -1, check ? firstHit(d, 2 * budget)
                : -1);
    }

    private static int firstHit(int[] distance, int upTo) {
        for (int s = 0; s <= upTo; s++) {
            if (distance[s] == 0) {
                return s;
            }
        }
        return -1;
    }

    /** Summaries, fits and the power law of all outcomes (index order). */
    public Result summarize(List<Outcome> outcomes) {
        Checks.sameLength("outcomes", trials(), outcomes.size());
        List<Cell> cells = new ArrayList<>();
        List<Cell> doubled = new ArrayList<>();
        for (int c = 0; c < grid.size(); c++) {
            GridPoint g = grid.get(c);
            List<Outcome> mine = outcomes.subList(c * p.trials(), (c + 1) * p.trials());
            int budget = p.steps(g.n());
            cells.add(cell(g.n(), g.mOverN(), g.m(), budget, mine, Outcome::distance, Outcome::firstHit));
            if (g.n() == p.budgetCheckN()) {
                doubled.add(cell(g.n(), g.mOverN(), g.m(), 2 * budget, mine, Outcome::doubledDistance,
                        Outcome::doubledFirstHit));
            }
        }
        List<Transition> transitions = new ArrayList<>();
        double[][] replicates = new double[p.n().size()][];
        for (int i = 0; i < p.n().size(); i++) {
            int n = p.n().get(i);
            List<Cell> line = cells.stream().filter(c -> c.n() == n).toList();
            replicates[i] = bootstrap(line, n);
            transitions.add(transition(line, replicates[i]));
        }
        BudgetCheck check = null;
        if (p.budgetCheckN() != 0) {
            Transition normal = transitions.get(p.n().indexOf(p.budgetCheckN()));
            Transition twice = transition(doubled, bootstrap(doubled, -p.budgetCheckN()));
            int extra = 0;
            for (int c = 0; c < grid.size(); c++) {
                if (grid.get(c).n() == p.budgetCheckN()) {
                    for (Outcome o : outcomes.subList(c * p.trials(), (c + 1) * p.trials())) {
                        extra += o.distance() != 0 && o.doubledDistance() == 0 ? 1 : 0;
                    }
                }
            }
            check = new BudgetCheck(p.budgetCheckN(), normal, twice, extra, doubled.size() * p.trials());
        }
        return new Result(p, cells, transitions, powerLaw(transitions, replicates), check, doubled);
    }

    static Cell cell(int n, double mOverN, int m, int steps, List<Outcome> outcomes, ToDoubleFunction<Outcome> distance,
            ToDoubleFunction<Outcome> firstHit) {
        int successes = 0;
        double dist = 0;
        double hit = 0;
        for (Outcome o : outcomes) {
            dist += distance.applyAsDouble(o);
            if (distance.applyAsDouble(o) == 0) {
                successes++;
                hit += firstHit.applyAsDouble(o);
            }
        }
        return new Cell(n, mOverN, m, steps, successes, outcomes.size(), (double) successes / outcomes.size(),
                dist / outcomes.size(), successes == 0 ? Double.NaN : hit / successes);
    }

    /** Bootstrap replicates of m* for one line of cells (seeded by the base seed and {@code salt}). */
    private double[] bootstrap(List<Cell> line, int salt) {
        Well19937c rng = new Well19937c(TrialRunner.seed(p.setup().seed(), 0xB0075L, salt));
        List<TransitionFit.Cell> data = fitCells(line);
        double[] out = new double[p.bootstrap()];
        for (int b = 0; b < out.length; b++) {
            out[b] = TransitionFit.fit(TransitionFit.resample(data, rng)).mStar();
        }
        return out;
    }

    private static List<TransitionFit.Cell> fitCells(List<Cell> line) {
        return line.stream().map(c -> new TransitionFit.Cell(c.m(), c.successes(), c.trials())).toList();
    }

    private static Transition transition(List<Cell> line, double[] replicates) {
        Cell first = line.get(0);
        int n = first.n();
        TransitionFit.Estimate e = TransitionFit.fit(fitCells(line));
        double m = e.mStar();
        return new Transition(n, first.steps(), interpolatedM50(line), m, TransitionFit.percentile(replicates, 2.5),
                TransitionFit.percentile(replicates, 97.5), e.inGrid(), e.slope(), m / n, m / ((double) n * n),
                m / (n * Math.log(n)));
    }

    private PowerLaw powerLaw(List<Transition> transitions, double[][] replicates) {
        List<Integer> used = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < transitions.size(); i++) {
            if (transitions.get(i).inGrid()) {
                used.add(transitions.get(i).n());
                rows.add(i);
            }
        }
        if (used.size() < 2) {
            return null;
        }
        SimpleRegression fit = logLog(rows, r -> transitions.get(r).mStar());
        double[] alphas = new double[p.bootstrap()];
        for (int b = 0; b < alphas.length; b++) {
            int bb = b;
            alphas[b] = logLog(rows, r -> replicates[r][bb]).getSlope();
        }
        double ols = used.size() > 2 ? fit.getSlopeConfidenceInterval(0.05) : Double.NaN;
        List<Double> local = new ArrayList<>();
        for (int j = 1; j < rows.size(); j++) {
            Transition a = transitions.get(rows.get(j - 1));
            Transition b = transitions.get(rows.get(j));
            local.add(Math.log(b.mStar() / a.mStar()) / Math.log((double) b.n() / a.n()));
        }
        return new PowerLaw(used, fit.getSlope(), TransitionFit.percentile(alphas, 2.5),
                TransitionFit.percentile(alphas, 97.5), fit.getSlope() - ols, fit.getSlope() + ols,
                Math.exp(fit.getIntercept()), local);
    }

    private SimpleRegression logLog(List<Integer> rows, IntToDoubleFunction mStar) {
        SimpleRegression r = new SimpleRegression();
        for (int row : rows) {
            r.addData(Math.log(p.n().get(row)), Math.log(mStar.applyAsDouble(row)));
        }
        return r;
    }

    /** Linear interpolation (in ln m) of the first crossing of rate 1/2 over cells sorted by m; NaN if none. */
    static double interpolatedM50(List<Cell> cells) {
        List<Cell> sorted = new ArrayList<>(cells);
        sorted.sort((a, b) -> Integer.compare(a.m(), b.m()));
        for (int i = 0; i < sorted.size(); i++) {
            Cell c = sorted.get(i);
            if (c.rate() >= 0.5) {
                if (i == 0) {
                    return c.m();
                }
                Cell b = sorted.get(i - 1);
                double f = (0.5 - b.rate()) / (c.rate() - b.rate());
                return Math.exp(Math.log(b.m()) + f * (Math.log(c.m()) - Math.log(b.m())));
            }
        }
        return Double.NaN;
    }

    @Override
    public void report(List<Outcome> outcomes, ExperimentOutput out, PrintStream print) {
        Result r = summarize(outcomes);
        List<String> header = List.of("n", "m_over_n", "m", "m_over_n2", "steps", "successes", "trials", "success_rate",
                "mean_final_distance", "mean_first_hit");
        List<List<Object>> rows = new ArrayList<>();
        for (List<Cell> list : List.of(r.cells(), r.doubledCells())) {
            for (Cell c : list) {
                rows.add(List.of(c.n(), c.mOverN(), c.m(), c.m() / ((double) c.n() * c.n()), c.steps(), c.successes(),
                        c.trials(), c.rate(), c.meanFinalDistance(), c.meanFirstHit()));
            }
        }
        List<String> tHeader = List.of("n", "steps", "m50_interpolated", "m_star", "ci_low", "ci_high", "in_grid",
                "slope", "m_star_over_n", "m_star_over_n2", "m_star_over_nlogn");
        List<List<Object>> tRows = new ArrayList<>();
        List<Transition> all = new ArrayList<>(r.transitions());
        if (r.budgetCheck() != null) {
            all.add(r.budgetCheck().doubled());
        }
        for (Transition t : all) {
            tRows.add(List.of(t.n(), t.steps(), t.m50(), t.mStar(), t.ciLow(), t.ciHigh(), t.inGrid(), t.slope(),
                    t.mStarOverN(), t.mStarOverN2(), t.mStarOverNLogN()));
        }
        Tables.print(print, header, rows);
        print.println();
        print.println("transition m* (logistic fit in ln m, 95% bootstrap interval over " + p.bootstrap()
                + " replicates; in_grid false: the grid does not bracket it):");
        Tables.print(print, tHeader, tRows);
        print.println(describe(r));

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("experiment", NAME);
        json.put("params", params());
        json.put("cells", r.cells());
        json.put("doubled_budget_cells", r.doubledCells());
        json.put("transitions", r.transitions());
        json.put("power_law", r.powerLaw());
        json.put("budget_check", r.budgetCheck());
        out.json("results.json", json);
        out.csv("success.csv", header, rows);
        out.csv("transitions.csv", tHeader, tRows);
        out.png("success-vs-m-over-n.png", successChart(r, false));
        out.png("success-vs-m-over-n2.png", successChart(r, true));
        out.png("transition-vs-n.png", transitionChart(r));
        out.text("summary.md", "# Sample complexity of model A's STE\n\n" + describe(r) + "\n");
    }

    /** The power law and budget check in words. */
    static String describe(Result r) {
        StringBuilder sb = new StringBuilder();
        PowerLaw law = r.powerLaw();
        if (law == null) {
            sb.append("fewer than two n with a transition inside the grid: no exponent\n");
        } else {
            sb.append(String.format(Locale.ROOT, "m* ~ %.3g n^alpha over n = %s: alpha = %.3f, 95%% bootstrap"
                    + " interval [%.3f, %.3f] (regression t-interval [%.3f, %.3f]); local exponents %s%n",
                    law.constant(), law.n(), law.alpha(), law.ciLow(), law.ciHigh(), law.olsLow(), law.olsHigh(),
                    law.localAlpha().stream().map(a -> String.format(Locale.ROOT, "%.2f", a)).toList()));
        }
        BudgetCheck c = r.budgetCheck();
        if (c != null) {
            sb.append(String.format(Locale.ROOT, "budget check at n = %d: m* = %.1f [%.1f, %.1f] with %d steps,"
                    + " %.1f [%.1f, %.1f] with %d; %d of %d trials succeed only with the doubled budget%n", c.n(),
                    c.normal().mStar(), c.normal().ciLow(), c.normal().ciHigh(), c.normal().steps(), c.doubled().mStar(),
                    c.doubled().ciLow(), c.doubled().ciHigh(), c.doubled().steps(), c.extraSuccesses(), c.trials()));
        }
        return sb.toString();
    }

    private XYChart successChart(Result r, boolean overN2) {
        XYChart chart = overN2
                ? Charts.lines("Exact recovery vs m/n^2 (the proven bound is O(n^2))", "m / n^2", "success rate")
                : Charts.lines("Exact recovery vs m/n (" + p.dist().label() + ", k=" + p.setup().k() + ")", "m / n",
                        "success rate");
        chart.getStyler().setXAxisLogarithmic(true);
        for (int i = 0; i < p.n().size(); i++) {
            int n = p.n().get(i);
            addSuccess(chart, "n=" + n + " (" + p.steps(n) + " steps)", r.cells().stream().filter(c -> c.n() == n).toList(),
                    overN2);
        }
        if (!r.doubledCells().isEmpty()) {
            Cell c0 = r.doubledCells().get(0);
            addSuccess(chart, "n=" + c0.n() + " (" + c0.steps() + " steps)", r.doubledCells(), overN2)
                    .setLineStyle(SeriesLines.DASH_DASH);
        }
        return chart;
    }

    private static XYSeries addSuccess(XYChart chart, String name, List<Cell> cells, boolean overN2) {
        List<Cell> cs = new ArrayList<>(cells);
        cs.sort((a, b) -> Integer.compare(a.m(), b.m()));
        double[] x = cs.stream().mapToDouble(c -> c.m() / (overN2 ? (double) c.n() * c.n() : c.n())).toArray();
        return chart.addSeries(name, x, cs.stream().mapToDouble(Cell::rate).toArray());
    }

    /** m*(n) on log-log axes with its intervals, the fitted power law and the lines n, n log n, n^2 for comparison. */
    private XYChart transitionChart(Result r) {
        XYChart chart = Charts.lines("Transition m*(n): 50% exact recovery (logistic fit, 95% bootstrap interval)", "n",
                "m*");
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        List<Transition> in = r.transitions().stream().filter(Transition::inGrid).toList();
        if (in.isEmpty()) {
            return chart;
        }
        double[] n = in.stream().mapToDouble(Transition::n).toArray();
        double[] m = in.stream().mapToDouble(Transition::mStar).toArray();
        XYSeries points = chart.addSeries("m* (fit)", n, m);
        points.setLineStyle(SeriesLines.NONE);
        points.setMarker(SeriesMarkers.CIRCLE);
        for (Transition t : in) {
            XYSeries ci = chart.addSeries("95% interval n=" + t.n(), new double[] {t.n(), t.n()},
                    new double[] {t.ciLow(), t.ciHigh()});
            ci.setMarker(SeriesMarkers.NONE);
            ci.setShowInLegend(false);
            ci.setLineColor(Color.GRAY);
        }
        double lo = n[0];
        double hi = n[n.length - 1];
        double[] xs = new double[21];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = lo * Math.pow(hi / lo, i / 20.0);
        }
        if (r.powerLaw() != null) {
            PowerLaw law = r.powerLaw();
            chart.addSeries(String.format(Locale.ROOT, "fit %.3g n^%.2f", law.constant(), law.alpha()), xs,
                    Arrays.stream(xs).map(x -> law.constant() * Math.pow(x, law.alpha())).toArray())
                    .setMarker(SeriesMarkers.NONE);
        }
        reference(chart, "c n", n, m, x -> x, xs);
        reference(chart, "c n log n", n, m, x -> x * Math.log(x), xs);
        reference(chart, "c n^2", n, m, x -> x * x, xs);
        return chart;
    }

    /** The law {@code c f(n)} with c fitted to the points in log space (the mean of ln m* - ln f(n)), dotted. */
    private static void reference(XYChart chart, String name, double[] n, double[] m,
            DoubleUnaryOperator f, double[] xs) {
        double logC = 0;
        for (int i = 0; i < n.length; i++) {
            logC += (Math.log(m[i]) - Math.log(f.applyAsDouble(n[i]))) / n.length;
        }
        double c = Math.exp(logC);
        chart.addSeries(name, xs, Arrays.stream(xs).map(x -> c * f.applyAsDouble(x)).toArray())
                .setMarker(SeriesMarkers.NONE).setLineStyle(SeriesLines.DOT_DOT);
    }
}
