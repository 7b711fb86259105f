package a3c.kernels;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import a3c.kernels.check.Comparison;
import a3c.kernels.check.GradCheck;
import a3c.kernels.check.ReluCases;
import a3c.kernels.check.SimdCase;
import a3c.kernels.testing.Seeds;

@Tag("simd")
class ReluTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 8, 13, 17, 33, 100, 207, 6400})
    void simdMatchesReference(int length) {
        SimdCase c = ReluCases.simd(length, Seeds.random("relu simd " + length));
        for (Comparison cmp : GradCheck.simd(c, GradCheck.unitTestTolerance(c))) {
            assertTrue(cmp.passed(), cmp.line());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 37})
    void referenceBackwardMatchesFiniteDifferences(int length) {
        SplittableRandom rng = Seeds.random("relu fd " + length);
        for (Comparison cmp : GradCheck.finiteDifferences(ReluCases.grad(length, rng), rng)) {
            assertTrue(cmp.passed(), cmp.line());
        }
    }
}
