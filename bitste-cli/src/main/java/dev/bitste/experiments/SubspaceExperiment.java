package dev.bitste.experiments;

import dev.bitste.bits.BitPlanes;
import dev.bitste.data.SubspaceData;
import dev.bitste.kernels.Surrogate;
import dev.bitste.ste.ModelC;
import dev.bitste.ste.ModelCTrainer;
import dev.bitste.util.Checks;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.knowm.xchart.BoxChart;
import org.knowm.xchart.BoxChartBuilder;

/**
 * The synthetic experiment of paper 003 (Long, Yin, Xin, arXiv:2011.11256, section 8.1; docs/algorithms.md
 * section 3): model C with k = 24 units, V = 1/2
 * on each class's block of 12, b-bit quantized ReLU, full-batch coarse gradient with eta = 1 from an N(0, 1)
 * initialization, on two classes living in planes of {@code R^4} at angle theta. Per theta, noise level and
 * surrogate it measures the iterations until the hinge loss is exactly 0 and the final weight norm over
 * many random initializations. Trial {@code t} uses the same initialization and the same noise draw at
 * every theta and for every surrogate, so the surrogates are compared on the same data and seeds.
 */
public final class SubspaceExperiment implements Sweep<SubspaceExperiment.Run> {
    public static final String NAME = "subspace";
    static final int HIDDEN = 24;
    static final float V_VALUE = 0.5f;
    static final double ETA = 1.0;
    static final double[] QUANTILES = {0.10, 0.25, 0.50, 0.75, 0.90};

    /** The experiment's parameters, validated on construction (before anything is written). */
    public record Config(List<Double> thetas, int trials, List<Double> noises, List<Surrogate> surrogates, int bits,
            int maxSteps, long seed) {
        public Config {
            Checks.notNull("theta", thetas);
            Checks.notNull("noise", noises);
            Checks.notNull("surrogate", surrogates);
            if (thetas.isEmpty() || noises.isEmpty() || surrogates.isEmpty()) {
                throw new IllegalArgumentException("--theta, --noise and --surrogate each need at least one value");
            }
            for (double t : thetas) {
                if (!(t > 0 && t <= 90)) {
                    throw new IllegalArgumentException("--theta values must be in (0, 90] degrees, got " + t);
                }
            }
            for (double s : noises) {
                if (!(s >= 0) || !Double.isFinite(s)) {
                    throw new IllegalArgumentException("--noise values must be >= 0 and finite, got " + s);
                }
            }
            if (trials < 1) {
                throw new IllegalArgumentException("--trials must be >= 1, got " + trials);
            }
            if (maxSteps < 1) {
                throw new IllegalArgumentException("--max-steps must be >= 1, got " + maxSteps);
            }
            if (bits < 1 || bits > BitPlanes.MAX_BITS) {
                throw new IllegalArgumentException("--bits must be in 1.." + BitPlanes.MAX_BITS + ", got " + bits);
            }
            for (List<?> list : List.of(thetas, noises, surrogates)) {
                if (list.stream().distinct().count() != list.size()) {
                    throw new IllegalArgumentException("repeated value in " + list);
                }
            }
            thetas = List.copyOf(thetas);
            noises = List.copyOf(noises);
            surrogates = List.copyOf(surrogates);
        }

        int runs() {
            return thetas.size() * noises.size() * surrogates.size() * trials;
        }
    }

    /** One training run. {@code iterations} is the number of updates before the loss hit 0 (or the budget). */
    public record Run(double theta, double noise, String surrogate, int trial, boolean converged, int iterations,
            double weightNorm, double finalLoss, double accuracy) {
    }

    /** Quantiles (10, 25, 50, 75, 90 %) of the converged runs of one cell; NaN when none converged. */
    public record Cell(double theta, double noise, String surrogate, int runs, int converged,
            double convergedFraction, double[] iterationQuantiles, double[] normQuantiles) {
    }

    private final Config c;

    public SubspaceExperiment(Config c) {
        this.c = Checks.notNull("config", c);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> params() {
        return ordered("setup", ordered("dim", SubspaceData.DIM, "hidden", HIDDEN, "v", V_VALUE, "eta", ETA,
                "radii", SubspaceData.RADII, "angles", SubspaceData.ANGLES, "init", "N(0,1)", "batch", "full"),
                "config", ordered("theta", c.thetas(), "trials", c.trials(), "noise", c.noises(),
                "surrogate", c.surrogates().stream().map(Surrogate::cliName).toList(), "bits", c.bits(),
                "maxSteps", c.maxSteps(), "seed", c.seed()));
    }

    @Override
    public int trials() {
        return c.runs();
    }

    @Override
    public Class<Run> outcomeType() {
        return Run.class;
    }

    /**
     * Run {@code index} in the order noise, theta, surrogate, trial (outermost first). Trial {@code t} uses the same
     * initialization and noise draw at every theta and for every surrogate.
     */
    @Override
    public Run trial(int index) {
        int trial = index % c.trials();
        int rest = index / c.trials();
        Surrogate g = c.surrogates().get(rest % c.surrogates().size());
        rest /= c.surrogates().size();
        double theta = c.thetas().get(rest % c.thetas().size());
        double noise = c.noises().get(rest / c.thetas().size());
        SubspaceData data = SubspaceData.generate(theta, noise, noiseSeed(c.seed(), trial));
        ModelC model = new ModelC(SubspaceData.DIM, HIDDEN, c.bits(), ModelC.blockSecondLayer(2, HIDDEN, V_VALUE),
                initialWeights(c.seed(), trial));
        ModelCTrainer.Result r = ModelCTrainer.train(model, data.x(), data.y(),
                ModelCTrainer.Options.fullBatch(g, ETA, c.maxSteps()));
        return new Run(theta, noise, g.cliName(), trial, r.converged(), r.steps(), r.weightNorm(), r.finalLoss(),
                r.accuracy());
    }

    @Override
    public void report(List<Run> runs, ExperimentOutput out, PrintStream print) {
        List<Cell> cells = summarize(runs);
        printTable(c, cells, print);
        write(out, runs, cells);
    }

    /** Initial weights of trial {@code t}: N(0, 1) entries, the same at every theta and for every surrogate. */
    static float[] initialWeights(long seed, int trial) {
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + trial);
        float[] w = new float[SubspaceData.DIM * HIDDEN];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rnd.nextGaussian();
        }
        return w;
    }

    static long noiseSeed(long seed, int trial) {
        return new SplittableRandom(~seed * 0xC2B2AE3D27D4EB4FL - trial).nextLong();
    }

    /** Groups the runs by (theta, noise, surrogate) in the order they were run. */
    public static List<Cell> summarize(List<Run> runs) {
        Map<List<Object>, List<Run>> groups = new LinkedHashMap<>();
        for (Run r : runs) {
            groups.computeIfAbsent(List.of(r.theta(), r.noise(), r.surrogate()), key -> new ArrayList<>()).add(r);
        }
        List<Cell> cells = new ArrayList<>();
        for (List<Run> g : groups.values()) {
            Run first = g.getFirst();
            double[] its = g.stream().filter(Run::converged).mapToDouble(Run::iterations).toArray();
            double[] norms = g.stream().filter(Run::converged).mapToDouble(Run::weightNorm).toArray();
            cells.add(new Cell(first.theta(), first.noise(), first.surrogate(), g.size(), its.length,
                    (double) its.length / g.size(), quantiles(its), quantiles(norms)));
        }
        return cells;
    }

    /** Linear-interpolation quantiles (type 7) of {@link #QUANTILES}; NaN for no data. */
    static double[] quantiles(double[] data) {
        double[] out = new double[QUANTILES.length];
        if (data.length == 0) {
            Arrays.fill(out, Double.NaN);
            return out;
        }
        double[] s = data.clone();
        Arrays.sort(s);
        for (int i = 0; i < QUANTILES.length; i++) {
            double pos = QUANTILES[i] * (s.length - 1);
            int lo = (int) Math.floor(pos);
            int hi = Math.min(lo + 1, s.length - 1);
            out[i] = s[lo] + (pos - lo) * (s[hi] - s[lo]);
        }
        return out;
    }

    /** The summary table (one row per theta, noise and surrogate). */
    public static void printTable(Config c, List<Cell> cells, PrintStream out) {
        out.printf("subspace: %d-bit quantized ReLU, k = %d, eta = %s, full batch, %d trials, budget %d steps%n",
                c.bits(), HIDDEN, ETA, c.trials(), c.maxSteps());
        out.printf("%6s %6s %-9s %9s | %-34s | %-34s%n", "theta", "noise", "surrogate", "converged",
                "iterations to zero loss q10/25/50/75/90", "final weight norm q10/25/50/75/90");
        for (Cell cell : cells) {
            out.printf("%6.1f %6.3f %-9s %4d/%-4d | %-34s | %-34s%n", cell.theta(), cell.noise(), cell.surrogate(),
                    cell.converged(), cell.runs(), format(cell.iterationQuantiles(), "%.0f"),
                    format(cell.normQuantiles(), "%.2f"));
        }
        out.println("(quantiles over the converged runs; the fraction converged is within the step budget)");
    }

    private static String format(double[] q, String fmt) {
        if (Double.isNaN(q[0])) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        for (double v : q) {
            sb.append(sb.isEmpty() ? "" : " ").append(String.format(fmt, v));
        }
        return sb.toString();
    }

    /** JSON (config, cells, runs), CSV (runs and cells) and box plots per noise level. */
    private void write(ExperimentOutput out, List<Run> runs, List<Cell> cells) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("experiment", NAME);
        json.putAll(params());
        json.put("quantiles", QUANTILES);
        json.put("cells", cells);
        json.put("runs", runs);
        out.json("subspace.json", json);
        out.csv("runs.csv", List.of("theta", "noise", "surrogate", "trial", "converged", "iterations", "weight_norm",
                "final_loss", "accuracy"), runs.stream().map(r -> List.<Object>of(r.theta(), r.noise(), r.surrogate(),
                r.trial(), r.converged(), r.iterations(), r.weightNorm(), r.finalLoss(), r.accuracy())).toList());
        List<String> header = new ArrayList<>(List.of("theta", "noise", "surrogate", "runs", "converged", "fraction"));
        for (String metric : List.of("iterations", "norm")) {
            for (double q : QUANTILES) {
                header.add(metric + "_q" + Math.round(q * 100));
            }
        }
        out.csv("summary.csv", header, cells.stream().map(cell -> {
            List<Object> row = new ArrayList<>(List.of(cell.theta(), cell.noise(), cell.surrogate(), cell.runs(),
                    cell.converged(), cell.convergedFraction()));
            Arrays.stream(cell.iterationQuantiles()).forEach(row::add);
            Arrays.stream(cell.normQuantiles()).forEach(row::add);
            return row;
        }).toList());
        for (double noise : c.noises()) {
            if (runs.stream().anyMatch(r -> r.noise() == noise && r.converged())) { // a box chart needs a box
                out.png(String.format("iterations-noise-%s.png", noise), boxChart(c, runs, noise, true));
                out.png(String.format("norm-noise-%s.png", noise), boxChart(c, runs, noise, false));
            }
        }
    }

    /** A map in the order given (keys and values alternating), so the JSON reads the same on every run. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /** One box per theta (and surrogate) of the converged runs at one noise level. */
    static BoxChart boxChart(Config c, List<Run> runs, double noise, boolean iterations) {
        int boxes = c.thetas().size() * c.surrogates().size();
        BoxChart chart = new BoxChartBuilder().width(Math.max(800, 90 * boxes)).height(500)
                .title((iterations ? "Iterations to zero loss" : "Final weight norm") + " (converged runs), noise "
                        + noise + ", " + c.bits() + "-bit")
                .xAxisTitle("theta (degrees) / surrogate, converged out of " + c.trials())
                .yAxisTitle(iterations ? "iterations" : "||W||_F").build();
        chart.getStyler().setLegendVisible(false);
        for (double theta : c.thetas()) {
            for (Surrogate g : c.surrogates()) {
                double[] data = runs.stream().filter(r -> r.noise() == noise && r.theta() == theta
                        && r.surrogate().equals(g.cliName()) && r.converged())
                        .mapToDouble(r -> iterations ? r.iterations() : r.weightNorm()).toArray();
                String name = String.format("%s%s (%d)", trim(theta), c.surrogates().size() > 1 ? " " + g.cliName() : "",
                        data.length);
                if (data.length > 0) {
                    chart.addSeries(name, data);
                }
            }
        }
        return chart;
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
