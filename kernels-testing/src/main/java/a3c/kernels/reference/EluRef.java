package a3c.kernels.reference;

/** Scalar twin of {@link a3c.kernels.Elu}, in double, from the definition (the derivative from x, not from y). */
public final class EluRef {
    private EluRef() {
    }

    public static void forward(double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] > 0 ? x[i] : Math.exp(x[i]) - 1;
        }
    }

    /** {@code dx += dy * (x > 0 ? 1 : exp(x))}. */
    public static void backward(double[] x, double[] dy, double[] dx) {
        for (int i = 0; i < x.length; i++) {
            dx[i] += dy[i] * (x[i] > 0 ? 1 : Math.exp(x[i]));
        }
    }
}
