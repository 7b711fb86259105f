package a3c.kernels;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
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
    @ParameterizedTest(name = "n={0} {1}>{2} zeros {3}")
    @CsvSource({
        "1, 1, 1, 0", "1, 1, 1, 1", "1, 13, 17, 0.5", "1, 33, 100, 0.9", "1, 207, 3, 0.5", "1, 65, 129, 1",
        "1, 100, 64, 0", "1, 2592, 256, 0.5", "1, 2592, 256, 0.95", "1, 256, 256, 0.3", "1, 256, 7, 0.5",
        // several games at once: two rows share each weight load where a panel is 4 vectors; odd counts leave a
        // row alone; more than a block (64) of listed rows; nothing listed at all
        "2, 13, 17, 0.5", "3, 33, 100, 0.5", "4, 2592, 256, 0.5", "4, 2592, 256, 0.9", "5, 207, 64, 0.3",
        "8, 2592, 256, 0.6", "3, 100, 129, 0", "4, 65, 70, 1", "16, 300, 130, 0.7", "2, 256, 7, 0.5"})
    void sparseMatchesTheReferenceForward(int n, int in, int out, double zeros) {
        SimdCase c = DenseCases.sparse(n, in, out, zeros, Seeds.random("dense sparse " + n + "," + in + "," + out + "," + zeros));
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

    @Tag("simd")
    @ParameterizedTest(name = "n={0} {1}>{2} zero columns {3}")
    @CsvSource({
        // pairs of batch rows and an odd last one; listed rows in fours and a remainder; panels cut short; a
        // scalar tail; nothing listed; everything listed
        "1, 1, 1, 0", "2, 13, 17, 0.5", "3, 33, 100, 0.5", "5, 9, 200, 0.3", "20, 2592, 256, 0.4", "20, 2592, 256, 0.6",
        "5, 2592, 256, 0.5", "4, 65, 70, 1", "7, 100, 129, 0", "20, 256, 1024, 0.5", "6, 300, 7, 0.5", "1, 207, 64, 0.2"})
    void sparseBackwardMatchesTheReferenceWhereItCounts(int n, int in, int out, double zeroColumns) {
        SimdCase c = DenseCases.sparseBackward(n, in, out, zeroColumns,
                Seeds.random("dense sparse backward " + n + "," + in + "," + out + "," + zeroColumns));
        for (Comparison cmp : GradCheck.simd(c, GradCheck.unitTestTolerance(c))) {
            assertTrue(cmp.passed(), cmp.line());
        }
    }

    /**
     * The sparse paths leave out only terms {@code 0 * w} (and {@code 0 * dy}) of the same FMA chains, so where
     * their results count they are the dense kernels' floats exactly (a zero's sign aside): a reordered chain or a
     * skipped non-zero input fails here even where it stays inside the reference's tolerance.
     */
    @Tag("simd")
    @ParameterizedTest(name = "n={0} {1}>{2} zero columns {3}")
    @CsvSource({"1, 2592, 256, 0.5", "4, 2592, 256, 0.5", "5, 2592, 256, 0.4", "20, 2592, 256, 0.6", "3, 100, 129, 0.3",
        "7, 65, 70, 0.5", "2, 300, 7, 0.5", "8, 13, 17, 0"})
    void sparseGivesTheDenseFloats(int n, int in, int out, double zeroColumns) {
        SplittableRandom rng = Seeds.random("dense sparse same " + n + "," + in + "," + out + "," + zeroColumns);
        double[] x = DenseCases.reluLike(n, in, zeroColumns, true, rng);
        double[] w = TestMemory.uniform(rng, in * out, 1.0), b = TestMemory.uniform(rng, out, 1.0);
        double[] dy = TestMemory.uniform(rng, n * out, 1.0);
        try (TestMemory m = new TestMemory()) {
            MemorySegment xs = m.of(x), ws = m.of(w), bs = m.of(b), dys = m.of(dy);
            MemorySegment y = m.zeros(n * out), ySparse = m.zeros(n * out);
            MemorySegment dw = m.zeros(in * out), dwSparse = m.zeros(in * out), db = m.zeros(out), dbSparse = m.zeros(out);
            MemorySegment dx = m.zeros(n * in), dxSparse = m.zeros(n * in);
            Dense.forward(n, in, out, xs, ws, bs, y);
            Dense.forwardSparse(n, in, out, xs, ws, bs, ySparse, new int[in]);
            Dense.backwardParams(n, in, out, xs, dys, dw, db);
            Dense.backwardInput(n, in, out, ws, dys, dx);
            Dense.backwardSparse(n, in, out, xs, ws, dys, dwSparse, dbSparse, dxSparse, new int[in]);
            assertSame("y", TestMemory.toDouble(y), TestMemory.toDouble(ySparse), null, in);
            assertSame("dw", TestMemory.toDouble(dw), TestMemory.toDouble(dwSparse), null, in);
            assertSame("db", TestMemory.toDouble(db), TestMemory.toDouble(dbSparse), null, in);
            assertSame("dx", TestMemory.toDouble(dx), TestMemory.toDouble(dxSparse), x, in);
        }
    }

    /** Equal floats ({@code +0 == -0}); for dx only the columns of inputs that are not 0 in some row of x. */
    private static void assertSame(String what, double[] dense, double[] sparse, double[] x, int in) {
        for (int j = 0; j < dense.length; j++) {
            if (x != null) {
                boolean counts = false;
                for (int r = 0, i = j % in; r < x.length / in; r++) {
                    counts |= x[r * in + i] != 0;
                }
                if (!counts) {
                    continue;
                }
            }
            if (dense[j] != sparse[j]) {
                throw new AssertionError(what + "[" + j + "]: dense " + dense[j] + ", sparse " + sparse[j]);
            }
        }
    }

    @Test
    void sparseRefusesAShortScratch() {
        try (TestMemory m = new TestMemory()) {
            assertThrows(IllegalArgumentException.class,
                    () -> Dense.forwardSparse(2, 8, 3, m.zeros(16), m.zeros(24), m.zeros(3), m.zeros(6), new int[7]));
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
