package dev.bitste.ste;

/** Passes every call to another objective; subclasses watch the passes (counting, recording losses). */
abstract class DelegatingObjective implements QuantizedObjective {
    private final QuantizedObjective inner;

    DelegatingObjective(QuantizedObjective inner) {
        this.inner = inner;
    }

    @Override
    public int dimension() {
        return inner.dimension();
    }

    @Override
    public double quantizerStep() {
        return inner.quantizerStep();
    }

    @Override
    public double epsBar() {
        return inner.epsBar();
    }

    @Override
    public double loss(float[] theta) {
        return inner.loss(theta);
    }

    @Override
    public double lossAndSteGradient(float[] theta, float[] gradient) {
        return inner.lossAndSteGradient(theta, gradient);
    }
}
