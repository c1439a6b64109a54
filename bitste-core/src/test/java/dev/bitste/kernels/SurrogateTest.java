package dev.bitste.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class SurrogateTest {
    static final int[] BITS = {1, 2, 4, 8};

    @Test
    void valuesAndDerivativesAtKnownPoints() {
        int b = 2; // q = 3
        assertThat(Surrogate.RELU.value(2.5f, b)).isEqualTo(2.5f);
        assertThat(Surrogate.RELU.derivative(-1f, b)).isZero();
        assertThat(Surrogate.REVEXP.value(3f, b)).isCloseTo((float) (3 * (1 - Math.exp(-1))), offset(1e-6f));
        assertThat(Surrogate.REVEXP.derivative(3f, b)).isCloseTo((float) Math.exp(-1), offset(1e-7f));
        assertThat(Surrogate.LOGTAIL.value(5f, b)).isCloseTo((float) (3 + Math.log(3)), offset(1e-6f));
        assertThat(Surrogate.LOGTAIL.derivative(5f, b)).isEqualTo(1f / 3);
        assertThat(Surrogate.LOGTAIL.derivative(2f, b)).isEqualTo(1f);
        assertThat(Surrogate.IDENTITY.derivative(-7f, b)).isEqualTo(1f);
        assertThat(Surrogate.CLIPPED.value(7f, b)).isEqualTo(3f);
        assertThat(Surrogate.CLIPPED.derivative(2.9f, b)).isEqualTo(1f);
        assertThat(Surrogate.CLIPPED.derivative(3f, b)).isZero();
    }

    @Test
    void everySurrogateIsContinuousAtZeroAndAtQ() {
        for (Surrogate g : Surrogate.values()) {
            for (int b : BITS) {
                float q = (1 << b) - 1;
                for (float at : new float[] {0f, q}) {
                    float left = g.value(at - 1e-4f, b);
                    float right = g.value(at + 1e-4f, b);
                    assertThat(right - left).as("%s jump at %s, b=%d", g, at, b).isCloseTo(0f, offset(1e-3f));
                    assertThat(g.value(at, b)).isCloseTo(left, offset(1e-3f));
                }
                if (g != Surrogate.IDENTITY) {
                    assertThat(g.value(-5f, b)).isZero();
                    assertThat(g.derivative(-5f, b)).isZero();
                    assertThat(g.derivative(0f, b)).isZero();
                }
                assertThat(g.derivative(Math.nextUp(0f), b)).as("%s g'(0+)", g).isPositive();
            }
        }
    }

    @Test
    void derivativeIsContinuousAtQWhereTheSurrogateIsSmooth() {
        for (Surrogate g : new Surrogate[] {Surrogate.REVEXP, Surrogate.LOGTAIL, Surrogate.IDENTITY}) {
            for (int b : BITS) {
                float q = (1 << b) - 1;
                assertThat(g.derivative(Math.nextUp(q), b)).as("%s b=%d", g, b)
                        .isCloseTo(g.derivative(q, b), offset(1e-4f));
                assertThat(g.derivative(Math.nextDown(q), b)).isCloseTo(g.derivative(q, b), offset(1e-4f));
            }
        }
        // ReLU and clipped ReLU jump at their breakpoints by definition
        assertThat(Surrogate.CLIPPED.derivative(Math.nextDown(3f), 2) - Surrogate.CLIPPED.derivative(3f, 2)).isEqualTo(1f);
    }

    @Test
    void derivativeMatchesAFiniteDifferenceOfTheValue() {
        for (Surrogate g : Surrogate.values()) {
            for (int b : BITS) {
                float q = (1 << b) - 1;
                for (double x : new double[] {0.3 * q, 0.7 * q, 1.5 * q + 1, 3 * q + 2}) {
                    double hStep = 1e-2;
                    double fd = (g.value((float) (x + hStep), b) - g.value((float) (x - hStep), b)) / (2 * hStep);
                    assertThat(g.derivative((float) x, b)).as("%s b=%d x=%s", g, b, x).isCloseTo((float) fd, offset(2e-2f));
                }
            }
        }
    }

    @Test
    void parsesCliNames() {
        assertThat(Surrogate.parse("RevExp")).isEqualTo(Surrogate.REVEXP);
        assertThatThrownBy(() -> Surrogate.parse("tanh")).hasMessageContaining("'tanh'").hasMessageContaining("relu, revexp");
    }
}
