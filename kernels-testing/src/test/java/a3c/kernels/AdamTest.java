package a3c.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import a3c.kernels.check.AdamCases;
import a3c.kernels.check.Comparison;
import a3c.kernels.check.GradCheck;
import a3c.kernels.check.SimdCase;
import a3c.kernels.testing.Seeds;
import a3c.kernels.testing.TestMemory;

@Tag("simd")
class AdamTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 13, 17, 33, 100, 207, 65_537, 1_200_007})
    void simdMatchesReference(int floats) {
        for (double scale : new double[] {1.0, 0.37}) { // unclipped, and a gradient clipped by its norm
            for (long t : new long[] {1, 2, 1000}) {
                SimdCase c = AdamCases.adam(floats, scale, t, Seeds.random("adam simd " + floats + " scale " + scale + " t " + t));
                for (Comparison cmp : GradCheck.simd(c, GradCheck.unitTestTolerance(c))) {
                    assertTrue(cmp.passed(), cmp.line());
                }
            }
        }
    }

    /**
     * Two updates of one parameter by hand (lr 0.01, b1 0.9, b2 0.999, epsilon 1e-8, from p = 1, m = v = 0),
     * on 19 copies so the vector body and the scalar tail both compute it:
     * <pre>
     * t=1, g=0.5:   m = 0.1*0.5 = 0.05          v = 0.001*0.25 = 2.5e-4
     *               step size = 0.01*sqrt(0.001)/0.1 = 3.16227766e-3
     *               p = 1 - 3.16227766e-3*0.05/(0.0158113883 + 1e-8) = 0.99000000632
     * t=2, g=-0.25: m = 0.045 - 0.025 = 0.02    v = 2.4975e-4 + 6.25e-5 = 3.1225e-4
     *               step size = 0.01*sqrt(1 - 0.998001)/(1 - 0.81) = 2.35316725e-3
     *               p = 0.99000000632 - 2.35316725e-3*0.02/(0.0176705970 + 1e-8) = 0.98733663744
     * </pre>
     * The first step is lr times the gradient's sign, whatever its size: Adam's signature. Tolerances: a float
     * ulp of each value (1 - 0.9f is 0.100000024 in float, so m is 2e-7 relative off the decimal 0.05;
     * 1 - 0.999f is 0.00099998713, so v is 1.3e-5 relative off: the betas are floats, as in TensorFlow).
     */
    @Test
    void twoStepsByHand() {
        int n = 19;
        try (TestMemory mem = new TestMemory()) {
            MemorySegment p = mem.of(filled(n, 1)), m = mem.zeros(n), v = mem.zeros(n), local = mem.zeros(n);
            MemorySegment g = mem.of(filled(n, 0.5));
            Adam.applyPlain(p, m, v, g, 1f, local, n, Adam.stepSize(0.01, 0.9f, 0.999f, 1), 0.9f, 0.999f, 1e-8f);
            expectAll(p, 0.99000000632, 2e-7, "p after t=1");
            expectAll(local, 0.99000000632, 2e-7, "local after t=1");
            expectAll(m, 0.05, 1e-7, "m after t=1");
            expectAll(v, 2.5e-4, 1e-8, "v after t=1");
            expectAll(g, 0, 0, "gradient cleared");
            g = mem.of(filled(n, -0.25));
            Adam.applyPlain(p, m, v, g, 1f, local, n, Adam.stepSize(0.01, 0.9f, 0.999f, 2), 0.9f, 0.999f, 1e-8f);
            expectAll(m, 0.02, 1e-7, "m after t=2");
            expectAll(v, 3.1225e-4, 1e-8, "v after t=2");
            expectAll(p, 0.98733663744, 2e-7, "p after t=2");
        }
    }

    @Test
    void stepSizeCorrectsTheBiasOfTheFirstUpdatesOnly() {
        assertEquals(0.01 * Math.sqrt(0.001) / 0.1, Adam.stepSize(0.01, 0.9, 0.999, 1), 1e-9);
        assertEquals(0.01 * Math.sqrt(1 - 0.998001) / 0.19, Adam.stepSize(0.01, 0.9, 0.999, 2), 1e-9);
        assertEquals(0.01, Adam.stepSize(0.01, 0.9, 0.999, 1_000_000), 1e-7, "corrections vanish");
        assertThrows(IllegalArgumentException.class, () -> Adam.stepSize(0.01, 0.9, 0.999, 0));
    }

    private static double[] filled(int n, double value) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, value);
        return a;
    }

    private static void expectAll(MemorySegment s, double expected, double tolerance, String what) {
        double[] a = TestMemory.toDouble(s);
        for (int i = 0; i < a.length; i++) {
            assertEquals(expected, a[i], tolerance, what + " [" + i + "]");
        }
    }
}
