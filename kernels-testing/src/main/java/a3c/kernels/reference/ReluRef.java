package a3c.kernels.reference;

/** Scalar twin of {@link a3c.kernels.Relu}, in double. */
public final class ReluRef {
    private ReluRef() {
    }

    public static void forward(double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.max(x[i], 0);
        }
    }

    /** {@code dx += y > 0 ? dy : 0}. */
    public static void backward(double[] y, double[] dy, double[] dx) {
        for (int i = 0; i < y.length; i++) {
            if (y[i] > 0) {
                dx[i] += dy[i];
            }
        }
    }
}
