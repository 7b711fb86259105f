package a3c.kernels.reference;

/** Scalar twin of {@link a3c.kernels.ArenaOps#offset}, in double: each sum rounded to float, as the kernel's is. */
public final class ArenaOpsRef {
    private ArenaOpsRef() {
    }

    /**
     * {@code x[i] = (float) (x[i] + c)}. A sum of two floats computed in double and rounded once to float is the
     * float sum itself (double's 53 bits hold it exactly before that rounding), so the kernel must match bit for bit.
     */
    public static void offset(double[] x, double c) {
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (x[i] + c);
        }
    }
}
