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
import a3c.kernels.check.PadCases;
import a3c.kernels.check.SimdCase;
import a3c.kernels.testing.Seeds;

class Pad2dTest {
    @Tag("simd")
    @ParameterizedTest(name = "n={0} {1}x{2}x{3} pad {4},{5},{6},{7}")
    @CsvSource({"1, 1, 1, 1, 0, 1, 0, 1", "3, 5, 7, 3, 1, 1, 1, 1", "20, 42, 42, 1, 0, 1, 0, 1", "2, 21, 21, 32, 1, 1, 1, 1",
        "1, 13, 17, 5, 2, 0, 3, 0", "4, 6, 6, 32, 0, 1, 0, 1", "1, 9, 9, 16, 0, 0, 0, 0"})
    void simdMatchesReference(int n, int h, int w, int c, int top, int bottom, int left, int right) {
        PadShape s = new PadShape(h, w, c, top, bottom, left, right);
        SimdCase cs = PadCases.simd(s, n, Seeds.random("pad simd " + n + " " + s));
        for (Comparison cmp : GradCheck.simd(cs, GradCheck.unitTestTolerance(cs))) {
            assertTrue(cmp.passed(), cmp.line());
        }
    }

    @ParameterizedTest(name = "n={0} {1}x{2}x{3}")
    @CsvSource({"1, 3, 4, 2", "2, 5, 5, 1"})
    void referenceBackwardMatchesFiniteDifferences(int n, int h, int w, int c) {
        SplittableRandom rng = Seeds.random("pad fd " + n + "," + h + "," + w + "," + c);
        for (Comparison cmp : GradCheck.finiteDifferences(PadCases.grad(PadShape.same(h, w, c, 3, 2), n, rng), rng)) {
            assertTrue(cmp.passed(), cmp.line());
        }
    }

    /** TensorFlow's SAME for universe-starter-agent's 3x3/2 convolutions, 42 -> 21 -> 11 -> 6 -> 3, by hand. */
    @Test
    void sameGivesTensorFlowsPaddingAndSizes() {
        int[][] expected = {{42, 0, 1, 21}, {21, 1, 1, 11}, {11, 1, 1, 6}, {6, 0, 1, 3}};
        for (int[] e : expected) {
            PadShape s = PadShape.same(e[0], e[0], 32, 3, 2);
            assertEquals(e[1], s.top(), s.toString());
            assertEquals(e[2], s.bottom(), s.toString());
            assertEquals(e[1], s.left(), s.toString());
            assertEquals(e[2], s.right(), s.toString());
            assertEquals(e[3], new ConvShape(s.outH(), s.outW(), 32, 3, 3, 32, 2).outH(), s.toString());
        }
        PadShape ff = PadShape.same(84, 84, 4, 8, 4); // 84 -> ceil(84/4) = 21 needs (21-1)*4 + 8 - 84 = 4: 2 and 2
        assertEquals(2, ff.top());
        assertEquals(2, ff.bottom());
        assertEquals(0, PadShape.same(5, 5, 1, 1, 1).outSize() - 25, "a 1x1 window at stride 1 pads nothing");
    }
}
