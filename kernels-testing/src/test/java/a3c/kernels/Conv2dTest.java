package a3c.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import a3c.kernels.check.Comparison;
import a3c.kernels.check.ConvCases;
import a3c.kernels.check.GradCheck;
import a3c.kernels.check.SimdCase;
import a3c.kernels.testing.Seeds;
import a3c.kernels.testing.TestMemory;

class Conv2dTest {
    @Tag("simd")
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // the real A3C shapes
        "84x84x4>20x20x16 k8s4 | 1", "84x84x4>20x20x16 k8s4 | 5",
        "20x20x16>9x9x32 k4s2  | 1", "20x20x16>9x9x32 k4s2  | 5", "20x20x16>9x9x32 k4s2  | 20",
        "84x84x1>20x20x16 k8s4 | 1", "84x84x1>20x20x16 k8s4 | 5",
        "10x10x16>4x4x32 k4s2  | 1", "10x10x16>4x4x32 k4s2  | 5", "10x10x16>4x4x32 k4s2  | 20",
        // awkward: channel counts off the vector length, odd kernels and strides, leftover rows and columns
        "5x5x1>5x5x1 k1s1      | 1", "4x4x2>1x1x3 k4s1      | 3", "7x9x3>3x4x5 k3s2 | 3",
        "11x13x5>5x6x17 k3x2s2 | 1", "9x9x13>3x3x33 k4s2    | 3", "6x7x17>5x6x7 k2s1 | 1",
        "8x8x33>6x6x13 k3s1    | 3", "12x10x7>4x3x16 k5s2   | 20", "13x13x3>3x3x24 k5s4 | 20",
        // the last channels one vector wide and the window row whole vector pairs: the weight gradient with the
        // window row on the lanes (at 128, 256 and 512 bits, in that order; conv1 above at 512 too)
        "10x10x2>4x4x12 k4s2   | 3", "9x9x4>2x2x24 k4s4     | 20", "19x15x8>4x3x16 k8s3  | 3",
        "19x15x8>4x3x16 k8s3   | 20", "84x84x4>20x20x16 k8s4 | 20",
    })
    void simdMatchesReference(String shape, int n) {
        SimdCase c = ConvCases.simd(ConvShape.parse(shape), n, Seeds.random("conv simd " + shape + " n=" + n));
        for (Comparison cmp : GradCheck.simd(c, GradCheck.unitTestTolerance(c))) {
            assertTrue(cmp.passed(), cmp.line());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "4x4x1>3x3x2 k2s1 | 1", "5x6x3>2x2x4 k3s2 | 2", "7x5x2>3x2x3 k3x2s2 | 2", "6x6x5>2x2x7 k3s3 | 1",
    })
    void referenceBackwardMatchesFiniteDifferences(String shape, int n) {
        SplittableRandom rng = Seeds.random("conv fd " + shape + " n=" + n);
        for (Comparison cmp : GradCheck.finiteDifferences(ConvCases.grad(ConvShape.parse(shape), n, rng), rng)) {
            assertTrue(cmp.passed(), cmp.line());
        }
    }

    @Test
    void shapeDerivesOutputSizesAndReadsBackItsText() {
        ConvShape conv2 = new ConvShape(20, 20, 16, 4, 4, 32, 2);
        assertEquals(9, conv2.outH());
        assertEquals(9, conv2.outW());
        assertArrayEquals(new int[] {4, 4, 16, 32}, conv2.weightShape());
        assertEquals(2L * 5 * 81 * 32 * 4 * 4 * 16, conv2.flops(5));
        assertEquals("20x20x16>9x9x32 k4s2", conv2.toString());
        assertEquals(conv2, ConvShape.parse(conv2.toString()));
        ConvShape odd = new ConvShape(11, 13, 5, 3, 2, 17, 2);
        assertEquals(odd, ConvShape.parse(odd.toString()));
    }

    @Test
    void refusesSegmentsShorterThanTheirShapesAndEmptyBatches() {
        ConvShape s = ConvShape.parse("7x9x3>3x4x5 k3s2");
        try (TestMemory m = new TestMemory()) {
            MemorySegment x = m.zeros(2 * s.inSize());
            MemorySegment w = m.zeros(s.weightSize());
            MemorySegment b = m.zeros(s.outC());
            MemorySegment y = m.zeros(2 * s.outSize());
            Conv2d.forward(s, 2, x, w, b, y);
            assertThrows(IllegalArgumentException.class, () -> Conv2d.forward(s, 3, x, w, b, y));
            assertThrows(IllegalArgumentException.class, () -> Conv2d.forward(s, 0, x, w, b, y));
            assertThrows(IllegalArgumentException.class,
                    () -> Conv2d.backwardInput(s, 2, w, y, x, m.zeros(s.backwardInputScratchFloats() - 1)));
        }
    }

    @Test
    void forwardRefusesAHeapInputItWouldReadByAddress() {
        ConvShape s = ConvShape.parse("7x9x3>3x4x5 k3s2");
        try (TestMemory m = new TestMemory()) {
            MemorySegment heapX = MemorySegment.ofArray(new float[s.inSize()]);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Conv2d.forward(s, 1, heapX, m.zeros(s.weightSize()), m.zeros(s.outC()), m.zeros(s.outSize())));
            assertTrue(e.getMessage().startsWith("x is a heap segment"), e.getMessage());
        }
    }

    @Test
    void shapeRefusesWhatVALIDPaddingCannotDo() {
        assertThrows(IllegalArgumentException.class, () -> new ConvShape(3, 3, 1, 4, 4, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ConvShape(3, 3, 0, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> ConvShape.parse("20x20x16>10x10x32 k4s2"));
        assertThrows(IllegalArgumentException.class, () -> ConvShape.parse("20x20x16 k4s2"));
    }
}
