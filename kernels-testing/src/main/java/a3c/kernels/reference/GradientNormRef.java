package a3c.kernels.reference;

/** Scalar twin of {@link a3c.kernels.GradientNorm}, in double. */
public final class GradientNormRef {
    private GradientNormRef() {
    }

    public static double l2(double[] g) {
        double s = 0;
        for (double v : g) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    /** Scales g in place when its norm exceeds maxNorm; returns the norm before clipping. */
    public static double clipByNorm(double[] g, double maxNorm) {
        double norm = l2(g);
        if (norm > maxNorm) {
            for (int i = 0; i < g.length; i++) {
                g[i] *= maxNorm / norm;
            }
        }
        return norm;
    }
}
