package a3c.kernels.reference;

/** Scalar twin of {@link a3c.kernels.RmsProp#applyPlain}, in double, single-threaded. */
public final class RmsPropRef {
    private RmsPropRef() {
    }

    public static void apply(double[] params, double[] meanSquare, double[] grads, double learningRate, double decay,
                             double epsilon) {
        for (int i = 0; i < params.length; i++) {
            meanSquare[i] = decay * meanSquare[i] + (1 - decay) * grads[i] * grads[i];
            params[i] -= learningRate * grads[i] / Math.sqrt(meanSquare[i] + epsilon);
        }
    }
}
