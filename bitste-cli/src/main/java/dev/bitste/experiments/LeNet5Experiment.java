package dev.bitste.experiments;

import dev.bitste.data.LabeledImages;
import dev.bitste.kernels.Surrogate;
import dev.bitste.nn.Cnn;
import dev.bitste.nn.CnnActivation;
import dev.bitste.nn.CnnTrainer;
import dev.bitste.util.Checks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Table 2 of paper 003 (Long, Yin, Xin, arXiv:2011.11256, section 8.2; docs/algorithms.md section 6) on
 * Fashion-MNIST: LeNet-5 with float ReLU, and with 2- and 4-bit quantized ReLU trained through each of the three
 * STE surrogates (ReLU, reverse exponential, log-tailed ReLU), several seeds each, with the paper's training
 * setup (batch norm without scale and shift before every activation, Lloyd's quantizer step, SGD with momentum
 * 0.9, batch 64, learning rate 0.1 divided by 10 every 20 epochs). Seed {@code s} starts every setting from the
 * same initialization and the same batch order, so the settings are compared pairwise. Each finished run is
 * written at once, and an interrupted experiment writes its summary of the finished epochs before it ends.
 */
public final class LeNet5Experiment {
    public static final String NAME = "lenet5";
    /** Paper 003's Table 2 (MNIST, validation accuracy %), by setting name. */
    static final Map<String, Double> PAPER = Map.of("float", 99.45, "2-bit relu", 99.10, "4-bit relu", 99.38,
            "2-bit revexp", 99.17, "4-bit revexp", 99.46, "2-bit logtail", 99.24, "4-bit logtail", 99.36);
    static final List<Surrogate> PAPER_SURROGATES = List.of(Surrogate.RELU, Surrogate.REVEXP, Surrogate.LOGTAIL);

    /**
     * The experiment's parameters, validated on construction (before anything is written).
     *
     * @param epochs epochs per run
     * @param seeds runs per setting
     * @param bits activation widths: 32 (float ReLU) and/or 1..8
     * @param surrogates the surrogates of the quantized settings
     * @param validation training images held out (from the end) for validation
     * @param seed base seed
     * @param threads threads of each training step (results do not depend on it)
     */
    public record Config(int epochs, int seeds, List<Integer> bits, List<Surrogate> surrogates, int validation, long seed,
            int threads) {
        public Config {
            Checks.positive("epochs", epochs);
            Checks.positive("seeds", seeds);
            Checks.positive("validation", validation);
            Checks.positive("threads", threads);
            Checks.notNull("bits", bits);
            Checks.notNull("surrogate", surrogates);
            if (bits.isEmpty() || surrogates.isEmpty()) {
                throw new IllegalArgumentException("--bits and --surrogate each need at least one value");
            }
            for (int b : bits) {
                CnnActivation.ofBits(b, Surrogate.RELU);
            }
            for (Surrogate g : surrogates) {
                if (!PAPER_SURROGATES.contains(g)) {
                    throw new IllegalArgumentException("surrogate '" + g + "' is not one of paper 003's: use relu, revexp"
                            + " or logtail");
                }
            }
            for (List<?> list : List.of(bits, surrogates)) {
                if (list.stream().distinct().count() != list.size()) {
                    throw new IllegalArgumentException("repeated value in " + list);
                }
            }
            bits = List.copyOf(bits);
            surrogates = List.copyOf(surrogates);
        }

        /** The settings in order: float first, then each width with each surrogate. */
        List<Setting> settings() {
            List<Setting> all = new ArrayList<>();
            if (bits.contains(32)) {
                all.add(new Setting(32, null));
            }
            for (int b : bits) {
                if (b != 32) {
                    surrogates.forEach(g -> all.add(new Setting(b, g)));
                }
            }
            return all;
        }
    }

    /** One network setting: float ReLU ({@code bits = 32}) or b-bit quantized ReLU with a surrogate. */
    record Setting(int bits, Surrogate surrogate) {
        String name() {
            return bits == 32 ? "float" : bits + "-bit " + surrogate.cliName();
        }

        CnnActivation activation() {
            return CnnActivation.ofBits(bits, surrogate);
        }
    }

    /** What one epoch of one run did; accuracies in %. */
    public record Epoch(String setting, int bits, String surrogate, int seed, int epoch, double lr, double loss,
            double trainAccuracy, double validationAccuracy, double testAccuracy, double seconds, double imagesPerSecond) {
    }

    /** Mean and standard deviation over the seeds of the last epoch's accuracies (%), with the paper's number. */
    public record Summary(String setting, int bits, String surrogate, int runs, int epochs, double validationMean,
            double validationStd, double testMean, double testStd, Double paperMnistValidation) {
    }

    private LeNet5Experiment() {
    }

    /** The seed of run {@code s}: the same for every setting, so they start alike. */
    static long runSeed(long base, int s) {
        return TrialRunner.seed(base, s);
    }

    /**
     * Runs every setting and seed in order, writing each finished run into {@code out} (under {@code runs/}) and
     * adding its epochs to {@code epochs} as they finish; progress with ETA on stderr.
     */
    public static void run(Config c, LabeledImages train, LabeledImages validation, LabeledImages test,
            ExperimentOutput out, List<Epoch> epochs) {
        List<Setting> settings = c.settings();
        try (Progress progress = Progress.start(NAME, (long) settings.size() * c.seeds() * c.epochs())) {
            for (int s = 0; s < c.seeds(); s++) {
                for (Setting setting : settings) {
                    int seed = s + 1;
                    progress.extra(setting.name() + ", seed " + seed);
                    Cnn net = Cnn.lenet5(setting.activation(), runSeed(c.seed(), s));
                    List<Epoch> mine = new ArrayList<>();
                    new CnnTrainer(net, CnnTrainer.Settings.paper003(c.epochs(), runSeed(c.seed(), s), c.threads()))
                            .train(train, validation, test, e -> {
                                Epoch epoch = new Epoch(setting.name(), setting.bits(), setting.surrogate() == null ? ""
                                        : setting.surrogate().cliName(), seed, e.epoch(), e.lr(), e.loss(),
                                        100 * e.trainAccuracy(), 100 * e.validationAccuracy(), 100 * e.testAccuracy(),
                                        e.seconds(), e.imagesPerSecond());
                                mine.add(epoch);
                                synchronized (epochs) {
                                    epochs.add(epoch);
                                }
                                progress.step();
                            });
                    out.csv("runs/" + setting.name().replace(' ', '-') + "-seed" + seed + ".csv", HEADER, rows(mine));
                }
            }
        }
    }

    static final List<String> HEADER = List.of("setting", "bits", "surrogate", "seed", "epoch", "lr", "loss",
            "train_accuracy", "validation_accuracy", "test_accuracy", "seconds", "images_per_second");

    static List<List<Object>> rows(List<Epoch> epochs) {
        return epochs.stream().map(e -> List.<Object>of(e.setting(), e.bits(), e.surrogate(), e.seed(), e.epoch(),
                e.lr(), e.loss(), e.trainAccuracy(), e.validationAccuracy(), e.testAccuracy(), e.seconds(),
                e.imagesPerSecond())).toList();
    }

    /** Per setting, over the runs that finished every epoch: their last epoch's accuracies. */
    public static List<Summary> summarize(Config c, List<Epoch> epochs) {
        List<Summary> out = new ArrayList<>();
        for (Setting setting : c.settings()) {
            SummaryStatistics val = new SummaryStatistics();
            SummaryStatistics test = new SummaryStatistics();
            for (Epoch e : epochs) {
                if (e.setting().equals(setting.name()) && e.epoch() == c.epochs()) {
                    val.addValue(e.validationAccuracy());
                    test.addValue(e.testAccuracy());
                }
            }
            if (val.getN() > 0) {
                out.add(new Summary(setting.name(), setting.bits(), setting.surrogate() == null ? ""
                        : setting.surrogate().cliName(), (int) val.getN(), c.epochs(), val.getMean(),
                        val.getStandardDeviation(), test.getMean(), test.getStandardDeviation(),
                        PAPER.get(setting.name())));
            }
        }
        return out;
    }

    /** The table, and the paper's claims as differences of mean validation accuracy (percentage points). */
    public static void print(Config c, List<Summary> summaries, boolean complete, PrintStream out) {
        out.printf(Locale.ROOT, "LeNet-5 on Fashion-MNIST, %d epochs (the paper's schedule: lr 0.1, /10 every 20 epochs), "
                + "%d seed(s); accuracy %% at the last epoch, mean +- std over seeds%s%n", c.epochs(), c.seeds(),
                complete ? "" : " (PARTIAL: interrupted; runs that finished only)");
        out.printf(Locale.ROOT, "%-14s %5s %16s %16s %14s%n", "setting", "runs", "validation", "test",
                "paper (MNIST)");
        for (Summary s : summaries) {
            out.printf(Locale.ROOT, "%-14s %5d %9.2f +- %4.2f %9.2f +- %4.2f %14s%n", s.setting(), s.runs(),
                    s.validationMean(), s.validationStd(), s.testMean(), s.testStd(),
                    s.paperMnistValidation() == null ? "-" : String.format(Locale.ROOT, "%.2f", s.paperMnistValidation()));
        }
        Map<String, Summary> by = new LinkedHashMap<>();
        summaries.forEach(s -> by.put(s.setting(), s));
        out.println("claims (differences of mean validation accuracy, percentage points):");
        for (Surrogate g : c.surrogates()) {
            claim(out, "4-bit " + g + " - float (paper: within a few tenths)", by.get("4-bit " + g), by.get("float"));
            claim(out, "2-bit " + g + " - 4-bit " + g + " (paper: a little lower)", by.get("2-bit " + g),
                    by.get("4-bit " + g));
        }
        for (int b : c.bits()) {
            for (Surrogate g : c.surrogates()) {
                if (b != 32 && g != Surrogate.RELU) {
                    claim(out, b + "-bit " + g + " - " + b + "-bit relu (paper: >= 0)", by.get(b + "-bit " + g),
                            by.get(b + "-bit relu"));
                }
            }
        }
    }

    private static void claim(PrintStream out, String what, Summary a, Summary b) {
        if (a != null && b != null) {
            double se = Math.sqrt(a.validationStd() * a.validationStd() / a.runs()
                    + b.validationStd() * b.validationStd() / b.runs());
            out.printf(Locale.ROOT, "  %-52s %+6.2f (standard error %.2f)%n", what,
                    a.validationMean() - b.validationMean(), se);
        }
    }

    /** Validation accuracy (mean over seeds) per epoch for the settings of one width, with float for reference. */
    static XYChart chart(Config c, List<Epoch> epochs, int bits) {
        XYChart chart = new XYChartBuilder().width(800).height(500)
                .title("LeNet-5 on Fashion-MNIST: " + (bits == 32 ? "float ReLU" : bits + "-bit quantized ReLU"))
                .xAxisTitle("epoch").yAxisTitle("validation accuracy % (mean over seeds)").build();
        chart.getStyler().setYAxisDecimalPattern("0.0");
        chart.getStyler().setXAxisDecimalPattern("0");
        for (Setting s : c.settings()) {
            if (s.bits() == bits || s.bits() == 32) {
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                for (int e = 1; e <= c.epochs(); e++) {
                    int epoch = e;
                    double[] v = epochs.stream().filter(p -> p.setting().equals(s.name()) && p.epoch() == epoch)
                            .mapToDouble(Epoch::validationAccuracy).toArray();
                    if (v.length > 0) {
                        x.add((double) e);
                        y.add(java.util.Arrays.stream(v).average().orElseThrow());
                    }
                }
                if (!x.isEmpty()) {
                    chart.addSeries(s.bits() == 32 && bits != 32 ? "float (reference)" : s.name(), x, y)
                            .setMarker(SeriesMarkers.NONE);
                }
            }
        }
        return chart;
    }

    private static String chartFile(int bits) {
        return "accuracy-" + (bits == 32 ? "float" : bits + "bit") + ".png";
    }

    /** Writes the summary files (JSON, CSV, charts, Markdown) for the epochs so far into {@code out}. */
    public static void writeSummary(ExperimentOutput out, Config c, List<Epoch> epochs, boolean complete) {
        List<Summary> summaries = summarize(c, epochs);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("experiment", NAME);
        json.put("complete", complete);
        json.put("setup", "LeNet-5 (conv 5x5x6 same, max-pool 2, conv 5x5x16, max-pool 2, dense 120, 84, 10), batch norm "
                + "without scale and shift before every activation, Lloyd's quantizer step on N(0,1), SGD momentum 0.9, "
                + "batch 64, lr 0.1 divided by 10 every 20 epochs; Fashion-MNIST, the last " + c.validation()
                + " training images held out for validation");
        json.put("config", c);
        json.put("paper_mnist_validation", PAPER);
        json.put("summary", summaries);
        json.put("epochs", epochs);
        out.json("lenet5.json", json);
        out.csv("epochs.csv", HEADER, rows(epochs));
        out.csv("summary.csv", List.of("setting", "bits", "surrogate", "runs", "epochs", "validation_mean",
                "validation_std", "test_mean", "test_std", "paper_mnist_validation"), summaries.stream()
                .map(s -> List.<Object>of(s.setting(), s.bits(), s.surrogate(), s.runs(), s.epochs(), s.validationMean(),
                        s.validationStd(), s.testMean(), s.testStd(), s.paperMnistValidation() == null ? ""
                                : s.paperMnistValidation())).toList());
        StringBuilder md = new StringBuilder("# LeNet-5, paper 003's Table 2 on Fashion-MNIST\n\n```\n");
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        print(c, summaries, complete, new PrintStream(table, true, StandardCharsets.UTF_8));
        md.append(table.toString(StandardCharsets.UTF_8)).append("```\n");
        List<Integer> charted = c.bits().stream().filter(b -> b != 32 || c.bits().size() == 1).toList();
        for (int b : charted) {
            md.append("\n![").append(chartFile(b)).append("](").append(chartFile(b)).append(")\n");
        }
        out.text("summary.md", md.toString());
        for (int b : charted) {
            out.png(chartFile(b), chart(c, epochs, b));
        }
    }

    /**
     * Runs the experiment, prints the table and writes everything into a new run directory under
     * {@code resultsRoot}; returns that directory. Interrupted (Ctrl-C), it writes the summary of the finished epochs
     * into the directory, which keeps its {@code .partial} name.
     */
    public static Path runAndWrite(Path resultsRoot, Config c, LabeledImages train, LabeledImages validation,
            LabeledImages test) {
        ExperimentOutput out = ExperimentOutput.start(resultsRoot, NAME);
        List<Epoch> epochs = new ArrayList<>();
        Thread onInterrupt = new Thread(() -> {
            javax.imageio.ImageIO.setUseCache(false); // its file cache would register a shutdown hook: too late now
            List<Epoch> done;
            synchronized (epochs) {
                done = List.copyOf(epochs);
            }
            writeSummary(out, c, done, false);
            System.err.println("interrupted: the finished epochs are in " + out.directory());
        });
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        run(c, train, validation, test, out, epochs);
        Runtime.getRuntime().removeShutdownHook(onInterrupt);
        print(c, summarize(c, epochs), true, System.out);
        writeSummary(out, c, epochs, true);
        return out.complete();
    }
}
