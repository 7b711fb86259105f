package a3c.kernels.reference;

/** Scalar twin of {@link a3c.kernels.RmsProp#applyPlain}, in double, single-threaded. */
public final class RmsPropRef {
    private RmsPropRef() {
    }

    public static void apply(double[] params, double[] meanSquare, double[] grads, double gradScale, double[] local,
                             double learningRate, double decay, double epsilon) {
        for (int i = 0; i < params.length; i++) {
            double g = grads[i] * gradScale;
            meanSquare[i] = decay * meanSquare[i] + (1 - decay) * g * g;
            params[i] -= learningRate * g / Math.sqrt(meanSquare[i] + epsilon);
            local[i] = params[i];
            grads[i] = 0;
        }
    }
}
