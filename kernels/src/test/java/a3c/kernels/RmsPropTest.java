package a3c.kernels;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import a3c.kernels.check.Comparison;
import a3c.kernels.check.GradCheck;
import a3c.kernels.check.RmsPropCases;
import a3c.kernels.check.SimdCase;
import a3c.kernels.testing.Seeds;

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
}
