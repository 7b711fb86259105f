package a3c.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import a3c.kernels.check.Comparison;
import a3c.kernels.check.GradCheck;
import a3c.kernels.check.GradientNormCases;
import a3c.kernels.check.SimdCase;
import a3c.kernels.reference.GradientNormRef;
import a3c.kernels.testing.Seeds;
import a3c.kernels.testing.TestMemory;

@Tag("simd")
class GradientNormTest {
    @ParameterizedTest(name = "floats={0} clip at {1} x norm")
    @CsvSource({"1, 0.5", "3, 2", "7, 0.5", "13, 0.5", "17, 2", "33, 0.5", "100, 0.5", "207, 2", "1025, 0.5",
        "1200007, 0.5", "1200007, 2"})
    void simdMatchesReference(int floats, double clipAt) {
        SimdCase c = GradientNormCases.clip(floats, clipAt, Seeds.random("clip simd " + floats + " " + clipAt));
        for (Comparison cmp : GradCheck.simd(c, GradCheck.unitTestTolerance(c))) {
            assertTrue(cmp.passed(), cmp.line());
        }
    }

    /** Over a whole arena the norm stays within a few float roundings, not the 1e-4 the tolerance allows. */
    @Test
    void normOfALargeArenaIsAccurate() {
        SplittableRandom rng = Seeds.random("l2 arena");
        int floats = 1_200_000;
        double[] g = TestMemory.uniform(rng, floats, 1.0);
        for (int i = 0; i < floats; i++) {
            g[i] += 3; // a common offset: the squares never cancel, so only rounding moves the sum
        }
        try (TestMemory m = new TestMemory()) {
            double expected = GradientNormRef.l2(g);
            assertEquals(expected, GradientNorm.l2(m.of(g), floats), 1e-6 * expected);
        }
    }
}
