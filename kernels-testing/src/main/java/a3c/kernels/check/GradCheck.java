package a3c.kernels.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import a3c.kernels.testing.TestMemory;

/**
 * Central finite differences in double against a reference backward, and SIMD kernels against their
 * references: the two halves of the gradient check, shared by the unit tests and the tools jar.
 */
public final class GradCheck {
    /** Finite-difference step: truncation error ~h^2 and rounding ~1e-16/h both stay far below 1e-6. */
    public static final double STEP = 1e-5;
    /** References against finite differences. */
    public static final double FD_TOLERANCE = 1e-6;
    /**
     * Relative errors of finite differences are measured against at least this fraction of the gradient
     * tensor's RMS: the differences carry rounding of about {@code 1e-16 |L| / STEP}, so an entry that
     * cancels to nearly zero (a product of two small random factors, say) would otherwise fail at 1e-6
     * with no error in the backward. A wrong formula is off by the order of the RMS itself.
     */
    public static final double FD_FLOOR_FRACTION = 1e-2;
    /** SIMD (float32) against references (double). */
    public static final double SIMD_TOLERANCE = 1e-4;
    /** Entries of each tensor checked by finite differences (all of them when the tensor is smaller). */
    public static final int SAMPLES = 64;

    private GradCheck() {
    }

    /** One comparison per input tensor: sampled finite differences against the analytic gradient. */
    public static List<Comparison> finiteDifferences(GradCase c, SplittableRandom rng) {
        double[] out = c.forward();
        double[] dOut = TestMemory.uniform(rng, out.length, 1.0);
        Map<String, double[]> analytic = c.backward(dOut);
        List<Comparison> result = new ArrayList<>();
        for (Map.Entry<String, double[]> input : c.inputs().entrySet()) {
            double[] x = input.getValue();
            double[] grad = analytic.get(input.getKey());
            if (grad == null || grad.length != x.length) {
                throw new IllegalStateException(c.name() + ": backward gave no gradient of the right size for " + input.getKey());
            }
            int[] idx = sample(x.length, rng);
            double[] fd = new double[idx.length];
            double[] an = new double[idx.length];
            for (int k = 0; k < idx.length; k++) {
                int i = idx[k];
                double saved = x[i];
                x[i] = saved + STEP;
                double plus = dot(dOut, c.forward());
                x[i] = saved - STEP;
                double minus = dot(dOut, c.forward());
                x[i] = saved;
                fd[k] = (plus - minus) / (2 * STEP);
                an[k] = grad[i];
            }
            result.add(Comparison.of(c.name() + " d" + input.getKey(), fd, an, FD_TOLERANCE, FD_FLOOR_FRACTION, 1e-8));
        }
        return result;
    }

    /** One comparison per output tensor of a SIMD kernel against its reference. */
    public static List<Comparison> simd(SimdCase c, double tolerance) {
        Map<String, double[]> ref = c.reference();
        Map<String, double[]> got;
        try (TestMemory memory = new TestMemory()) {
            got = c.simd(memory);
        }
        List<Comparison> result = new ArrayList<>();
        for (Map.Entry<String, double[]> e : ref.entrySet()) {
            double[] actual = got.get(e.getKey());
            if (actual == null) {
                throw new IllegalStateException(c.name() + ": SIMD kernel gave no " + e.getKey());
            }
            result.add(Comparison.simd(c.name() + " " + e.getKey(), e.getValue(), actual, tolerance));
        }
        return result;
    }

    /** Unit-test tolerance: float rounding grows like the square root of the reduction length. */
    public static double unitTestTolerance(SimdCase c) {
        return Math.min(SIMD_TOLERANCE, 2e-6 * Math.sqrt(Math.max(1, c.reductionLength())) + 1e-6);
    }

    private static int[] sample(int n, SplittableRandom rng) {
        if (n <= SAMPLES) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] idx = new int[SAMPLES];
        for (int k = 0; k < SAMPLES; k++) {
            idx[k] = rng.nextInt(n);
        }
        return idx;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
