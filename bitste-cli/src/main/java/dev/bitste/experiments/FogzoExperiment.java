package dev.bitste.experiments;

import dev.bitste.data.LabeledImages;
import dev.bitste.nn.Activation;
import dev.bitste.nn.Batch;
import dev.bitste.nn.Mlp;
import dev.bitste.nn.MlpSpec;
import dev.bitste.nn.MlpTrainer;
import dev.bitste.nn.WeightQuantizer;
import dev.bitste.ste.BetaSchedule;
import dev.bitste.ste.FogzoEstimator;
import dev.bitste.ste.GradientEstimator;
import dev.bitste.ste.NSpsaEstimator;
import dev.bitste.ste.SteEstimator;
import dev.bitste.util.Checks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * STE vs FOGZO (N = 1, 10) vs n-SPSA (N large) training the same quantized MLP from the same initialization on
 * the same mini-batches, each with the same budget of forward-pass equivalents (a backward pass = 2). The
 * training loss (on a fixed subset, not counted as training cost) is recorded against the cost, and the compute
 * ratio is read off where n-SPSA's best loss is first reached (docs/algorithms.md section 4; the paper reports 796x
 * less compute for FOGZO than n-SPSA on MNIST).
 */
public final class FogzoExperiment {
    public static final String NAME = "fogzo";
    public static final double PAPER_RATIO = 796;

    /** Settings; {@code budget} is in forward-pass equivalents per method, each pass over one mini-batch. */
    public record Config(int[] arch, int weightBits, int trainImages, int evalImages, int batch, double lr,
            long budget, int fogzoSmallN, int fogzoLargeN, int nspsaN, double betaMin, long seed) {
        public Config {
            new MlpSpec(arch, WeightQuantizer.ofBits(weightBits), Activation.FLOAT, false);
            Checks.positive("train-images", trainImages);
            Checks.positive("eval-images", evalImages);
            Checks.positive("batch", batch);
            Checks.positive("fogzo N", fogzoSmallN);
            Checks.positive("fogzo N", fogzoLargeN);
            Checks.positive("nspsa N", nspsaN);
            if (!(lr > 0)) {
                throw new IllegalArgumentException("lr must be positive, got " + lr);
            }
            if (budget < 2L * nspsaN + 3L * fogzoLargeN) {
                throw new IllegalArgumentException("--budget " + budget + " is too small for one n-SPSA step (" + 2 * nspsaN
                        + " forward passes)");
            }
            new BetaSchedule(1, betaMin);
        }

        public MlpSpec spec() {
            return new MlpSpec(arch, WeightQuantizer.ofBits(weightBits), Activation.FLOAT, false);
        }
    }

    /** One evaluation: after {@code step} steps costing {@code forwardEquivalents}, the loss on the evaluation subset. */
    public record Point(String method, long step, long forwardEquivalents, double loss, double seconds) {
    }

    /** Per method: its final loss and the cost at which it first reached the target loss (-1 if never). */
    public record MethodSummary(String method, long costPerStep, long steps, double finalLoss, double bestLoss,
            long costToTarget) {
    }

    /**
     * Compute n-SPSA / method to reach the target loss; a lower bound when the method was already there at its
     * first evaluation (one step), since the curve cannot say how much of that step it needed.
     */
    public record Ratio(double value, boolean lowerBound) {
    }

    /**
     * The result: curves, the target loss (n-SPSA's best after training started; NaN if it never went below the
     * initial loss), and compute ratios n-SPSA / method at that loss.
     */
    public record Result(Config config, List<Point> points, List<MethodSummary> methods, double initialLoss,
            double targetLoss, Map<String, Ratio> ratioVsNSpsa) {
    }

    private FogzoExperiment() {
    }

    static List<GradientEstimator> estimators(Config c) {
        return List.of(new SteEstimator(),
                new FogzoEstimator(c.fogzoSmallN(), BetaSchedule.linearTo(c.betaMin()), c.seed() + 11),
                new FogzoEstimator(c.fogzoLargeN(), BetaSchedule.linearTo(c.betaMin()), c.seed() + 12),
                new NSpsaEstimator(c.nspsaN(), c.seed() + 13));
    }

    public static Result run(Config c, LabeledImages train) {
        LabeledImages data = train.limit(c.trainImages());
        List<Point> points = new ArrayList<>();
        List<GradientEstimator> estimators = estimators(c);
        try (Progress progress = Progress.start("fogzo experiment", estimators.size() * c.budget())) {
            for (GradientEstimator est : estimators) {
                progress.extra(est.name());
                points.addAll(runOne(c, data, est, progress));
            }
        }
        String nspsa = estimators.get(estimators.size() - 1).name();
        double initial = points.get(0).loss();
        double best = points.stream().filter(p -> p.method().equals(nspsa) && p.step() > 0).mapToDouble(Point::loss)
                .min().orElseThrow();
        double target = best < initial ? best : Double.NaN;
        List<MethodSummary> summaries = new ArrayList<>();
        Map<String, Ratio> ratios = new LinkedHashMap<>();
        for (GradientEstimator est : estimators) {
            List<Point> mine = points.stream().filter(p -> p.method().equals(est.name())).toList();
            long toTarget = mine.stream().filter(p -> p.step() > 0 && p.loss() <= target)
                    .mapToLong(Point::forwardEquivalents).min().orElse(-1);
            summaries.add(new MethodSummary(est.name(), est.costPerStep(), mine.get(mine.size() - 1).step(),
                    mine.get(mine.size() - 1).loss(), mine.stream().mapToDouble(Point::loss).min().orElseThrow(),
                    toTarget));
        }
        long nspsaCost = summaries.get(summaries.size() - 1).costToTarget();
        for (MethodSummary s : summaries.subList(0, summaries.size() - 1)) {
            if (s.costToTarget() > 0 && nspsaCost > 0) {
                ratios.put(s.method(), new Ratio((double) nspsaCost / s.costToTarget(),
                        s.costToTarget() == s.costPerStep()));
            }
        }
        return new Result(c, points, summaries, initial, target, ratios);
    }

    /**
     * Trains one method until the budget is spent, evaluating at the start, after each of the first steps and then
     * whenever the cost has grown by 10% (a log-spaced curve).
     */
    static List<Point> runOne(Config c, LabeledImages data, GradientEstimator est, Progress progress) {
        Mlp model = Mlp.initialize(c.spec(), c.seed());
        MlpTrainer trainer = new MlpTrainer(model, est, new MlpTrainer.Settings(1, c.batch(), c.lr(), "adam", c.seed()));
        int n = data.count();
        int batch = Math.min(c.batch(), n);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(c.seed());
        long totalSteps = c.budget() / est.costPerStep();
        List<Point> points = new ArrayList<>();
        long start = System.nanoTime();
        points.add(new Point(est.name(), 0, 0, model.meanLoss(data, c.evalImages()), 0));
        long nextEval = 1;
        int pos = n;
        for (long step = 0; step < totalSteps; step++) {
            if (pos + batch > n) {
                MlpTrainer.shuffle(order, rnd);
                pos = 0;
            }
            trainer.step(Batch.of(data, order, pos, batch), (double) step / Math.max(1, totalSteps - 1), c.lr());
            pos += batch;
            long cost = trainer.counter().forwardEquivalents();
            progress.stepBy(est.costPerStep());
            if (cost >= nextEval || step == totalSteps - 1) {
                points.add(new Point(est.name(), step + 1, cost, model.meanLoss(data, c.evalImages()),
                        (System.nanoTime() - start) / 1e9));
                nextEval = Math.max(cost + 1, (long) Math.ceil(cost * 1.1));
            }
        }
        return points;
    }

    public static void print(Result r, PrintStream out) {
        out.printf("%-12s %10s %8s %12s %12s %18s%n", "method", "cost/step", "steps", "final loss", "best loss",
                "cost to target");
        for (MethodSummary s : r.methods()) {
            out.printf("%-12s %10d %8d %12.4f %12.4f %18s%n", s.method(), s.costPerStep(), s.steps(), s.finalLoss(),
                    s.bestLoss(), s.costToTarget() < 0 ? "not reached" : String.valueOf(s.costToTarget()));
        }
        if (Double.isNaN(r.targetLoss())) {
            out.printf("n-SPSA never went below the initial loss %.4f within its budget: no ratio (raise --budget)%n",
                    r.initialLoss());
        } else {
            out.printf("initial loss %.4f; target loss (n-SPSA's best) %.4f; compute ratio n-SPSA / method there:%n",
                    r.initialLoss(), r.targetLoss());
            r.ratioVsNSpsa().forEach((m, ratio) -> out.printf("  %-12s %s%7.1fx%s%n", m, ratio.lowerBound() ? ">=" : "  ",
                    ratio.value(), ratio.lowerBound() ? "  (reached within its first step)" : ""));
        }
        out.printf("(paper: %.0fx less compute for FOGZO than n-SPSA on MNIST)%n", PAPER_RATIO);
    }

    static XYChart chart(Result r) {
        XYChart chart = new XYChartBuilder().width(900).height(560)
                .title("Training loss vs compute (" + r.config().spec() + ")")
                .xAxisTitle("forward-pass equivalents (batch of " + r.config().batch() + "; backward = 2)")
                .yAxisTitle("training loss (cross-entropy, " + r.config().evalImages() + " images)").build();
        chart.getStyler().setXAxisLogarithmic(true);
        for (MethodSummary s : r.methods()) {
            List<Point> mine = r.points().stream().filter(p -> p.method().equals(s.method()) && p.forwardEquivalents() > 0)
                    .toList();
            if (!mine.isEmpty()) {
                chart.addSeries(s.method(), mine.stream().mapToDouble(Point::forwardEquivalents).toArray(),
                        mine.stream().mapToDouble(Point::loss).toArray()).setMarker(SeriesMarkers.NONE);
            }
        }
        return chart;
    }

    /** Writes JSON, CSV, chart and a Markdown summary; returns the completed run directory. */
    public static Path write(Path resultsRoot, Result r) {
        ExperimentOutput out = ExperimentOutput.start(resultsRoot, NAME);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("experiment", NAME);
        json.put("network", r.config().spec().toString());
        json.put("config", r.config());
        json.put("initial_loss", r.initialLoss());
        json.put("target_loss", Double.isNaN(r.targetLoss()) ? null : r.targetLoss());
        json.put("ratio_vs_nspsa", r.ratioVsNSpsa());
        json.put("paper_ratio_fogzo_vs_nspsa", PAPER_RATIO);
        json.put("methods", r.methods());
        json.put("points", r.points());
        out.json("fogzo.json", json);
        out.csv("curves.csv", List.of("method", "step", "forward_equivalents", "loss", "seconds"), r.points().stream()
                .map(p -> List.<Object>of(p.method(), p.step(), p.forwardEquivalents(), p.loss(), p.seconds())).toList());
        out.png("loss-vs-compute.png", chart(r));
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        print(r, new PrintStream(table, true, StandardCharsets.UTF_8));
        out.text("summary.md", "# FOGZO vs STE vs n-SPSA\n\n" + r.config().spec() + "\n\n```\n"
                + table.toString(StandardCharsets.UTF_8) + "```\n\n![loss vs compute](loss-vs-compute.png)\n");
        return out.complete();
    }
}
