package dev.bitste.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class SubspaceDataTest {

    @Test
    void pointsLieInTheirPlanesAtTheRightRadii() {
        double theta = Math.toRadians(30);
        SubspaceData d = SubspaceData.generate(30, 0, 0);
        assertThat(d.size()).isEqualTo(1760);
        double[] n0 = {0, Math.cos(theta), -Math.sin(theta), 0}; // normal to span(v1, v2) inside span(e1, e2, e3)
        for (int i = 0; i < d.size(); i++) {
            float[] p = java.util.Arrays.copyOfRange(d.x(), 4 * i, 4 * i + 4);
            double r = Math.sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2] + p[3] * p[3]);
            int ri = i % 880 / 80;
            assertThat(r).isCloseTo(1.0 + ri / 10.0, offset(1e-5));
            if (d.y()[i] == 0) {
                assertThat((double) p[3]).isCloseTo(0, offset(1e-6));
                assertThat(p[0] * n0[0] + p[1] * n0[1] + p[2] * n0[2]).isCloseTo(0, offset(1e-5));
            } else {
                assertThat((double) p[0]).isZero();
                assertThat((double) p[1]).isZero();
            }
        }
        assertThat(java.util.Arrays.stream(d.y()).filter(y -> y == 1).count()).isEqualTo(880);
    }

    @Test
    void noiseDependsOnTheSeedOnly() {
        SubspaceData a = SubspaceData.generate(45, 0.1, 7);
        assertThat(SubspaceData.generate(45, 0.1, 7).x()).containsExactly(a.x());
        assertThat(SubspaceData.generate(45, 0.1, 8).x()).isNotEqualTo(a.x());
        assertThat(SubspaceData.generate(45, 0, 8).x()).isNotEqualTo(a.x());
        assertThatThrownBy(() -> SubspaceData.generate(0, 0, 1)).hasMessageContaining("theta");
        assertThatThrownBy(() -> SubspaceData.generate(30, Double.NaN, 1)).hasMessageContaining("noise");
    }
}
