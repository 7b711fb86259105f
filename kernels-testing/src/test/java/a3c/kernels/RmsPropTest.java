package a3c.kernels;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import a3c.kernels.check.Comparison;
import a3c.kernels.check.GradCheck;
import a3c.kernels.check.RmsPropCases;
import a3c.kernels.check.SimdCase;
import a3c.kernels.reference.RmsPropRef;
import a3c.kernels.testing.Seeds;
import a3c.kernels.testing.TestMemory;

@Tag("simd")
class RmsPropTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 13, 17, 33, 100, 207, 65_537, 1_200_007})
    void simdMatchesReference(int floats) {
        for (double scale : new double[] {1.0, 0.37}) { // unclipped, and a gradient clipped by its norm
            SimdCase c = RmsPropCases.rmsProp(floats, scale, Seeds.random("rmsprop simd " + floats + " scale " + scale));
            for (Comparison cmp : GradCheck.simd(c, GradCheck.unitTestTolerance(c))) {
                assertTrue(cmp.passed(), cmp.line());
            }
        }
    }

    /**
     * The step alone (parameters start at 0, so they end at minus the step), against the double twin, with
     * mean squares and gradients spread over 60 decades: the parameters' own size cannot hide an error in
     * the step here, so any faster 1/sqrt(ms + epsilon) must stay as exact as a float square root and divide.
     */
    @ParameterizedTest
    @ValueSource(doubles = {0.1, 1e-5, 1e-30})
    void stepIsExactToAFewUlpsAtEveryMagnitude(double epsilon) {
        int floats = 10_007;
        SplittableRandom rng = Seeds.random("rmsprop step epsilon " + epsilon);
        double[] ms = new double[floats], g = new double[floats];
        for (int i = 0; i < floats; i++) {
            ms[i] = (float) Math.pow(10, -30 + 60 * rng.nextDouble()) * (i % 17 == 0 ? 0 : 1);
            g[i] = (float) (Math.pow(10, -15 + 30 * rng.nextDouble()) * (rng.nextBoolean() ? 1 : -1));
        }
        double lr = 1e-3, decay = 0.99;
        double[] refParams = new double[floats], refMs = ms.clone(), refGrads = g.clone(), refLocal = new double[floats];
        RmsPropRef.apply(refParams, refMs, refGrads, 1, refLocal, (float) lr, (float) decay, (float) epsilon);
        try (TestMemory m = new TestMemory()) {
            MemorySegment params = m.zeros(floats), meanSquare = m.of(ms), grads = m.of(g), local = m.zeros(floats);
            RmsProp.applyPlain(params, meanSquare, grads, 1f, local, floats, (float) lr, (float) decay, (float) epsilon);
            double[] p = TestMemory.toDouble(params);
            double worst = 0;
            for (int i = 0; i < floats; i++) {
                double rel = Math.abs(p[i] - refParams[i]) / Math.abs(refParams[i]);
                worst = Math.max(worst, rel);
                assertTrue(rel <= 1e-6, "step " + i + ": ms " + ms[i] + " g " + g[i] + " gives " + (-p[i])
                        + ", exactly " + (-refParams[i]) + " (rel " + rel + ")");
            }
            System.out.printf("rmsprop step, epsilon %g: worst relative error %.2e%n", epsilon, worst);
        }
    }
}
