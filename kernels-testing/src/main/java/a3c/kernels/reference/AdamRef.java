package a3c.kernels.reference;

/**
 * Scalar twin of {@link a3c.kernels.Adam#applyPlain}, in double, single-threaded, written from the
 * algorithm's statement rather than from the kernel: the bias corrections are applied to the moments
 * (Kingma and Ba 2015, Algorithm 1), with epsilon scaled so that the update equals the "efficient" form
 * {@code lr sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + epsilon)} the kernel computes.
 */
public final class AdamRef {
    private AdamRef() {
    }

    /** One update number {@code t} (from 1). */
    public static void apply(double[] params, double[] m, double[] v, double[] grads, double gradScale, double[] local,
                             double learningRate, double beta1, double beta2, double epsilon, long t) {
        double c1 = 1 - Math.pow(beta1, t), c2 = 1 - Math.pow(beta2, t);
        for (int i = 0; i < params.length; i++) {
            double g = grads[i] * gradScale;
            m[i] = beta1 * m[i] + (1 - beta1) * g;
            v[i] = beta2 * v[i] + (1 - beta2) * g * g;
            double mHat = m[i] / c1, vHat = v[i] / c2;
            params[i] -= learningRate * mHat / (Math.sqrt(vHat) + epsilon / Math.sqrt(c2));
            local[i] = params[i];
            grads[i] = 0;
        }
    }
}
