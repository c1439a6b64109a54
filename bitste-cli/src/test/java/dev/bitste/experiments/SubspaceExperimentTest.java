package dev.bitste.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class SubspaceExperimentTest {

    @Test
    void quantilesInterpolateLinearly() {
        double[] q = SubspaceExperiment.quantiles(new double[] {4, 1, 3, 2, 5});
        double[] expected = {1.4, 2.0, 3.0, 4.0, 4.6};
        for (int i = 0; i < q.length; i++) {
            assertThat(q[i]).isCloseTo(expected[i], offset(1e-12));
        }
        assertThat(SubspaceExperiment.quantiles(new double[0])[2]).isNaN();
    }
}
