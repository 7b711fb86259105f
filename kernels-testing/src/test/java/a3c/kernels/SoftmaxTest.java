package a3c.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import a3c.kernels.check.Comparison;
import a3c.kernels.check.GradCheck;
import a3c.kernels.check.SimdCase;
import a3c.kernels.check.SoftmaxCases;
import a3c.kernels.testing.Seeds;
import a3c.kernels.testing.TestMemory;

class SoftmaxTest {
    @Tag("simd")
    @ParameterizedTest(name = "n={0} k={1}")
    @CsvSource({"1, 1", "3, 2", "20, 3", "1, 5", "20, 7", "5, 8", "3, 13", "20, 17", "20, 18", "1, 33", "3, 100", "2, 207"})
    void simdMatchesReference(int n, int k) {
        SimdCase c = SoftmaxCases.simd(n, k, Seeds.random("softmax simd " + n + "," + k));
        for (Comparison cmp : GradCheck.simd(c, GradCheck.unitTestTolerance(c))) {
            assertTrue(cmp.passed(), cmp.line());
        }
    }

    @ParameterizedTest(name = "n={0} k={1}")
    @CsvSource({"1, 2", "3, 7", "2, 19"})
    void referenceBackwardMatchesFiniteDifferences(int n, int k) {
        SplittableRandom rng = Seeds.random("softmax fd " + n + "," + k);
        for (Comparison cmp : GradCheck.finiteDifferences(SoftmaxCases.grad(n, k, rng), rng)) {
            assertTrue(cmp.passed(), cmp.line());
        }
    }

    @Tag("simd")
    @Test
    void hugeLogitsStayFinite() {
        try (TestMemory m = new TestMemory()) {
            int k = 19;
            double[] logits = new double[k];
            for (int j = 0; j < k; j++) {
                logits[j] = j % 2 == 0 ? 1e30 : -1e30;
            }
            MemorySegment probs = m.zeros(k), logProbs = m.zeros(k), entropy = m.zeros(1);
            Softmax.forward(1, k, m.of(logits), probs, logProbs);
            Softmax.entropy(1, k, probs, logProbs, entropy);
            assertEquals(1.0 / 10, probs.getAtIndex(Simd.FLOAT, 0), 1e-6);
            assertEquals(0.0, probs.getAtIndex(Simd.FLOAT, 1));
            assertEquals(Math.log(10), entropy.getAtIndex(Simd.FLOAT, 0), 1e-5);
        }
    }
}
