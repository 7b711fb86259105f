package a3c.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import a3c.kernels.check.Comparison;
import a3c.kernels.check.GradCheck;
import a3c.kernels.check.LstmCases;
import a3c.kernels.check.SimdCase;
import a3c.kernels.testing.Seeds;
import a3c.kernels.testing.TestMemory;

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

    /** An LSTM that is the first layer has no input gradient to write: the same parameter gradients, bit for bit. */
    @Tag("simd")
    @ParameterizedTest(name = "steps={0} {1}>{2}")
    @CsvSource({"1, 4, 16", "40, 4, 16", "5, 13, 17"})
    void withoutAnInputGradientTheParameterGradientsAreTheSame(int steps, int in, int hidden) {
        SplittableRandom rng = Seeds.random("lstm no dx " + steps + "," + in + "," + hidden);
        LstmShape s = new LstmShape(in, hidden);
        try (TestMemory m = new TestMemory()) {
            MemorySegment x = m.of(TestMemory.uniform(rng, steps * in, 1)), hPrev = m.of(TestMemory.uniform(rng, steps * hidden, 1));
            MemorySegment wx = m.of(TestMemory.uniform(rng, in * s.gateWidth(), 0.5));
            MemorySegment dGates = m.of(TestMemory.uniform(rng, s.gateFloats(steps), 1));
            double[][] grads = new double[2][];
            for (int withDx = 0; withDx < 2; withDx++) {
                MemorySegment dwx = m.zeros(in * s.gateWidth()), dwh = m.zeros(hidden * s.gateWidth()), db = m.zeros(s.gateWidth());
                MemorySegment dx = withDx == 1 ? m.zeros(steps * in) : null;
                LstmCell.backwardParams(steps, s, x, hPrev, wx, dGates, dwx, dwh, db, dx);
                double[] a = TestMemory.toDouble(dwx), b = TestMemory.toDouble(dwh), c = TestMemory.toDouble(db);
                grads[withDx] = java.util.stream.DoubleStream.concat(java.util.stream.DoubleStream.concat(
                        java.util.Arrays.stream(a), java.util.Arrays.stream(b)), java.util.Arrays.stream(c)).toArray();
                if (dx != null) {
                    assertTrue(java.util.Arrays.stream(TestMemory.toDouble(dx)).anyMatch(v -> v != 0), "dx written when given");
                }
            }
            assertArrayEquals(grads[1], grads[0]);
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
