package a3c.kernels.check;

/**
 * How far {@code actual} is from {@code expected}, tensor by tensor: the largest absolute error and the
 * largest relative error, where each entry's error is divided by {@code max(|expected|, floor)}.
 *
 * <p>The floor keeps entries that cancel to almost zero from dominating: it is the tensor's own RMS
 * (its typical magnitude) times {@code floorFraction}, never below {@code absoluteFloor}.
 */
public record Comparison(String name, double maxAbs, double maxRel, int worstIndex, double tolerance) {

    public boolean passed() {
        return maxRel <= tolerance && Double.isFinite(maxRel);
    }

    /** One report line: name, max abs error, max rel error, PASS/FAIL. */
    public String line() {
        return String.format("%-48s max abs %.3e  max rel %.3e  (tol %.0e)  %s",
                name, maxAbs, maxRel, tolerance, passed() ? "PASS" : "FAIL at [" + worstIndex + "]");
    }

    public static Comparison of(String name, double[] expected, double[] actual, double tolerance,
                                double floorFraction, double absoluteFloor) {
        if (expected.length != actual.length) {
            throw new IllegalArgumentException(name + ": expected " + expected.length + " values, got " + actual.length);
        }
        double sq = 0;
        for (double e : expected) {
            sq += e * e;
        }
        double rms = expected.length == 0 ? 0 : Math.sqrt(sq / expected.length);
        double floor = Math.max(absoluteFloor, floorFraction * rms);
        double maxAbs = 0;
        double maxRel = 0;
        int worst = -1;
        for (int i = 0; i < expected.length; i++) {
            double abs = Math.abs(actual[i] - expected[i]);
            double rel = abs / Math.max(Math.abs(expected[i]), floor);
            if (Double.isNaN(abs)) {
                rel = Double.POSITIVE_INFINITY;
            }
            maxAbs = Math.max(maxAbs, abs);
            if (rel > maxRel || worst < 0) {
                maxRel = Math.max(maxRel, rel);
                worst = i;
            }
        }
        return new Comparison(name, maxAbs, maxRel, worst, tolerance);
    }

    /** Tensors with fewer entries than this are measured against at least 1, the scale of the cases' inputs. */
    static final int FEW = 4;

    /**
     * SIMD (float) against reference (double): floor at the tensor's RMS, and at 1 for a tensor of fewer than
     * {@link #FEW} entries. Such a tensor (a bias gradient of one or two channels) is one sum of many O(1)
     * terms (the cases draw inputs from [-1, 1]); float rounding grows with the terms, not with the sum, so
     * when the sum happens to cancel to near zero its own RMS is no scale for the error (seen: 5e-7 on a db
     * of 0.026, the sum of 26 terms, rel 2e-5). A wrong kernel is off by the order of a term, still caught.
     */
    public static Comparison simd(String name, double[] reference, double[] simd, double tolerance) {
        return of(name, reference, simd, tolerance, 1.0, reference.length < FEW ? 1.0 : 1e-30);
    }
}
