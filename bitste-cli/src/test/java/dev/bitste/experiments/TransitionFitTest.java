package dev.bitste.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bitste.data.Distribution;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

/** The logistic fit, its bootstrap and the power law recover known transitions from counts drawn from them. */
class TransitionFitTest {

    static double rate(double m, double mStar, double slope) {
        return 1 / (1 + Math.exp(-slope * (Math.log(m) - Math.log(mStar))));
    }

    @Test
    void theMaximumLikelihoodFitFindsTheMidpointAndSlope() {
        List<TransitionFit.Cell> cells = new ArrayList<>();
        for (double m = 40; m <= 400; m *= 1.25) {
            cells.add(new TransitionFit.Cell(m, (int) Math.round(10_000 * rate(m, 123, 5)), 10_000));
        }
        TransitionFit.Estimate e = TransitionFit.fit(cells);
        assertThat(e.mStar()).isCloseTo(123, within(1.0));
        assertThat(e.slope()).isCloseTo(5, within(0.2));
        assertThat(e.inGrid()).isTrue();
    }

    @Test
    void aTransitionOutsideTheGridIsFlagged() {
        List<TransitionFit.Cell> allFail = List.of(new TransitionFit.Cell(10, 0, 20), new TransitionFit.Cell(20, 1, 20));
        assertThat(TransitionFit.fit(allFail).inGrid()).isFalse();
        List<TransitionFit.Cell> separated = List.of(new TransitionFit.Cell(10, 0, 20), new TransitionFit.Cell(20, 20, 20));
        TransitionFit.Estimate e = TransitionFit.fit(separated);
        assertThat(e.inGrid()).isTrue();
        assertThat(e.mStar()).isBetween(10.0, 20.0);
    }

    @Test
    void bootstrapResamplesVaryOnlyInsideTheTransition() {
        List<TransitionFit.Cell> cells = List.of(new TransitionFit.Cell(10, 0, 20), new TransitionFit.Cell(20, 9, 20),
                new TransitionFit.Cell(40, 20, 20));
        Well19937c rng = new Well19937c(3);
        boolean varied = false;
        for (int b = 0; b < 20; b++) {
            List<TransitionFit.Cell> r = TransitionFit.resample(cells, rng);
            assertThat(r.get(0).successes()).isZero();
            assertThat(r.get(2).successes()).isEqualTo(20);
            varied |= r.get(1).successes() != 9;
        }
        assertThat(varied).isTrue();
    }

    /** Outcomes whose success counts follow m* = 0.5 n^1.5 exactly: alpha comes back, inside its interval. */
    @Test
    void thePowerLawOfSyntheticTransitionsIsRecovered() {
        List<Integer> ns = List.of(16, 32, 64, 128, 256);
        List<List<Double>> grids = new ArrayList<>();
        for (int n : ns) {
            grids.add(SampleComplexityExperiment.ratios("--grid", (0.125 * Math.sqrt(n)) + ":" + (2 * Math.sqrt(n))
                    + ":4"));
        }
        int trials = 200;
        var p = new SampleComplexityExperiment.Params(ns, grids, trials, Distribution.GAUSSIAN, 0, false,
                ModelAExperimentsTest.setup(10), 0, 0, 200);
        List<SampleComplexityExperiment.Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < ns.size(); i++) {
            int n = ns.get(i);
            for (double r : grids.get(i)) {
                int m = TrainingSetup.samples(r, n);
                long successes = Math.round(trials * rate(m, 0.5 * Math.pow(n, 1.5), 4));
                for (int t = 0; t < trials; t++) {
                    boolean ok = t < successes;
                    outcomes.add(new SampleComplexityExperiment.Outcome(ok ? 0 : 3, ok ? 5 : -1, -1, -1));
                }
            }
        }
        var result = new SampleComplexityExperiment(p).summarize(outcomes);
        for (var t : result.transitions()) {
            double truth = 0.5 * Math.pow(t.n(), 1.5);
            assertThat(t.mStar()).as("n=" + t.n()).isCloseTo(truth, within(0.05 * truth));
            assertThat(t.ciLow()).isLessThan(t.mStar());
            assertThat(t.ciHigh()).isGreaterThan(t.mStar());
        }
        var law = result.powerLaw();
        assertThat(law.n()).isEqualTo(ns);
        assertThat(law.alpha()).isCloseTo(1.5, within(0.03));
        assertThat(law.ciLow()).isLessThan(1.5);
        assertThat(law.ciHigh()).isGreaterThan(1.5);
        assertThat(law.constant()).isCloseTo(0.5, within(0.1));
        assertThat(law.localAlpha()).hasSize(4);
        assertThat(SampleComplexityExperiment.describe(result)).contains("alpha = 1.5");
    }
}
