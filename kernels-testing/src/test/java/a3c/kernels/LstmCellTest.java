package a3c.kernels;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import a3c.kernels.check.Comparison;
import a3c.kernels.check.GradCheck;
import a3c.kernels.check.LstmCases;
import a3c.kernels.check.SimdCase;
import a3c.kernels.testing.Seeds;

class LstmCellTest {
    @Tag("simd")
    @ParameterizedTest(name = "n={0} {1}>{2}")
    @CsvSource({"1, 1, 1", "3, 7, 3", "20, 13, 17", "1, 33, 13", "3, 100, 33", "20, 3, 16",
        "1, 256, 256", "5, 256, 256", "20, 256, 256"})
    void simdMatchesReference(int n, int in, int hidden) {
        SimdCase c = LstmCases.simd(n, in, hidden, Seeds.random("lstm simd " + n + "," + in + "," + hidden));
        for (Comparison cmp : GradCheck.simd(c, GradCheck.unitTestTolerance(c))) {
            assertTrue(cmp.passed(), cmp.line());
        }
    }

    /** Backprop through time as the engine runs it: backwardState step by step, backwardParams once. */
    @Tag("simd")
    @ParameterizedTest(name = "steps={0} {1}>{2}")
    @CsvSource({"1, 13, 17", "2, 3, 5", "3, 7, 3", "5, 13, 17", "20, 33, 13", "5, 3, 16", "5, 256, 256", "20, 256, 256"})
    void throughTimeMatchesReference(int steps, int in, int hidden) {
        SimdCase c = LstmCases.bptt(steps, in, hidden, Seeds.random("lstm bptt " + steps + "," + in + "," + hidden));
        for (Comparison cmp : GradCheck.simd(c, GradCheck.unitTestTolerance(c))) {
            assertTrue(cmp.passed(), cmp.line());
        }
    }

    @ParameterizedTest(name = "n={0} {1}>{2}")
    @CsvSource({"1, 1, 1", "2, 3, 5", "3, 5, 2"})
    void referenceBackwardMatchesFiniteDifferences(int n, int in, int hidden) {
        SplittableRandom rng = Seeds.random("lstm fd " + n + "," + in + "," + hidden);
        for (Comparison cmp : GradCheck.finiteDifferences(LstmCases.grad(n, in, hidden, rng), rng)) {
            assertTrue(cmp.passed(), cmp.line());
        }
    }
}
