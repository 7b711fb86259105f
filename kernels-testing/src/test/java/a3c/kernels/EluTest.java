package a3c.kernels;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import a3c.kernels.check.Comparison;
import a3c.kernels.check.GradCheck;
import a3c.kernels.check.EluCases;
import a3c.kernels.check.SimdCase;
import a3c.kernels.testing.Seeds;

@Tag("simd")
class EluTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 8, 13, 17, 33, 100, 207, 6400})
    void simdMatchesReference(int length) {
        SimdCase c = EluCases.simd(length, Seeds.random("elu simd " + length));
        for (Comparison cmp : GradCheck.simd(c, GradCheck.unitTestTolerance(c))) {
            assertTrue(cmp.passed(), cmp.line());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 37})
    void referenceBackwardMatchesFiniteDifferences(int length) {
        SplittableRandom rng = Seeds.random("elu fd " + length);
        for (Comparison cmp : GradCheck.finiteDifferences(EluCases.grad(length, rng), rng)) {
            assertTrue(cmp.passed(), cmp.line());
        }
    }
}
