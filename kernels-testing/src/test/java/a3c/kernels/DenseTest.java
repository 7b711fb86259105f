package a3c.kernels;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import a3c.kernels.check.Comparison;
import a3c.kernels.check.DenseCases;
import a3c.kernels.check.GradCheck;
import a3c.kernels.check.SimdCase;
import a3c.kernels.testing.Seeds;
import a3c.kernels.testing.TestMemory;

class DenseTest {
    @Tag("simd")
    @ParameterizedTest(name = "n={0} {1}>{2}")
    @CsvSource({
        // awkward sizes: tails of every length, panels cut short, single rows and columns
        "1, 1, 1", "3, 1, 7", "20, 7, 1", "1, 3, 13", "3, 13, 17", "20, 17, 33", "1, 33, 100", "3, 100, 207",
        "20, 207, 3", "3, 7, 64", "1, 65, 129", "20, 9, 200",
        // real A3C shapes: conv features and LSTM to 256, the heads (actions + 1)
        "1, 2592, 256", "5, 2592, 256", "20, 2592, 256", "5, 512, 256", "20, 256, 256", "1, 256, 7",
        "5, 256, 5", "20, 256, 19"})
    void simdMatchesReference(int n, int in, int out) {
        SimdCase c = DenseCases.simd(n, in, out, Seeds.random("dense simd " + n + "," + in + "," + out));
        for (Comparison cmp : GradCheck.simd(c, GradCheck.unitTestTolerance(c))) {
            assertTrue(cmp.passed(), cmp.line());
        }
    }

    @Tag("simd")
    @ParameterizedTest(name = "{0}>{1} zeros {2}")
    @CsvSource({
        "1, 1, 0", "1, 1, 1", "13, 17, 0.5", "33, 100, 0.9", "207, 3, 0.5", "65, 129, 1", "100, 64, 0",
        "2592, 256, 0.5", "2592, 256, 0.95", "256, 256, 0.3", "256, 7, 0.5"})
    void sparseRowMatchesTheReferenceForward(int in, int out, double zeros) {
        SimdCase c = DenseCases.sparseRow(in, out, zeros, Seeds.random("dense sparse " + in + "," + out + "," + zeros));
        for (Comparison cmp : GradCheck.simd(c, GradCheck.unitTestTolerance(c))) {
            assertTrue(cmp.passed(), cmp.line());
        }
    }

    @Tag("simd")
    @ParameterizedTest(name = "n={0} {1}>{2} zero columns {3}")
    @CsvSource({
        "1, 1, 1, 1", "3, 13, 17, 0.5", "20, 17, 33, 0.5", "3, 100, 207, 0.9", "1, 65, 129, 1", "5, 9, 200, 0.3",
        "5, 2592, 256, 0.4", "20, 2592, 256, 0.5", "20, 256, 1024, 0.5", "5, 256, 7, 0.5"})
    void reluShapedInputsMatchTheReference(int n, int in, int out, double zeroColumns) {
        SimdCase c = DenseCases.simd(n, in, out, zeroColumns,
                Seeds.random("dense zero columns " + n + "," + in + "," + out + "," + zeroColumns));
        for (Comparison cmp : GradCheck.simd(c, GradCheck.unitTestTolerance(c))) {
            assertTrue(cmp.passed(), cmp.line());
        }
    }

    @Test
    void sparseRowRefusesAShortScratch() {
        try (TestMemory m = new TestMemory()) {
            assertThrows(IllegalArgumentException.class,
                    () -> Dense.forwardSparseRow(8, 3, m.zeros(8), m.zeros(24), m.zeros(3), m.zeros(3), new int[7]));
        }
    }

    @ParameterizedTest(name = "n={0} {1}>{2}")
    @CsvSource({"1, 1, 1", "3, 5, 7", "2, 9, 70"})
    void referenceBackwardMatchesFiniteDifferences(int n, int in, int out) {
        SplittableRandom rng = Seeds.random("dense fd " + n + "," + in + "," + out);
        for (Comparison cmp : GradCheck.finiteDifferences(DenseCases.grad(n, in, out, rng), rng)) {
            assertTrue(cmp.passed(), cmp.line());
        }
    }
}
