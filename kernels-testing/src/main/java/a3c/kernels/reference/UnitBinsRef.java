package a3c.kernels.reference;

/**
 * Scalar twin of {@link a3c.kernels.UnitBins}: the bin by {@code Math.round} (halves up; NaN to 0, infinities to
 * int's ends), as the background subtraction first computed it, and the sum in the values' order.
 */
public final class UnitBinsRef {
    private UnitBinsRef() {
    }

    public static int bin(float v) {
        return Math.clamp(Math.round(v * 255), 0, 255);
    }

    public static int count(float[] v, int n, int b) {
        int c = 0;
        for (int i = 0; i < n; i++) {
            c += bin(v[i]) == b ? 1 : 0;
        }
        return c;
    }

    public static double sum(float[] v, int n, int b) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += bin(v[i]) == b ? v[i] : 0;
        }
        return s;
    }
}
