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

    /**
     * The sparse paths against the double reference, on frame-like inputs (rectangles on zeros, lone crumbs): every
     * shape above, from all zeros (-1 objects) through a few objects to none zero ({@code 2147483647}).
     */
    @Tag("simd")
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "84x84x4>20x20x16 k8s4 | 1 | 6", "84x84x4>20x20x16 k8s4 | 4 | 3", "84x84x4>20x20x16 k8s4 | 5 | 2147483647",
        "84x84x4>20x20x16 k8s4 | 2 | -1", "84x84x4>20x20x16 k8s4 | 20 | 8",
        "20x20x16>9x9x32 k4s2  | 5 | 4", "84x84x1>20x20x16 k8s4 | 5 | 5", "10x10x16>4x4x32 k4s2 | 20 | 2",
        "5x5x1>5x5x1 k1s1      | 1 | 2", "4x4x2>1x1x3 k4s1      | 3 | 1", "7x9x3>3x4x5 k3s2 | 3 | 2",
        "11x13x5>5x6x17 k3x2s2 | 1 | 3", "9x9x13>3x3x33 k4s2    | 3 | 2", "6x7x17>5x6x7 k2s1 | 1 | 2",
        "8x8x33>6x6x13 k3s1    | 3 | 2147483647", "12x10x7>4x3x16 k5s2   | 20 | 2", "13x13x3>3x3x24 k5s4 | 20 | 3",
        "10x10x2>4x4x12 k4s2   | 3 | 2", "9x9x4>2x2x24 k4s4     | 20 | 1", "19x15x8>4x3x16 k8s3  | 3 | 3",
        "19x15x8>4x3x16 k8s3   | 20 | -1", "70x40x1>34x19x16 k4s2 | 2 | 4", "40x70x3>9x16x40 k8s4 | 2 | 5", "12x150x2>5x74x16 k4s2 | 2 | 6", "12x150x2>5x74x19 k4s2 | 1 | 6", "8x300x4>2x75x8 k4s4 | 2 | 5",
        "9x280x5>3x92x16 k3x6s3 | 1 | 4", "10x260x8>2x64x16 k5s4 | 2 | 4", "10x260x8>2x64x16 k5s4 | 1 | 2147483647",
        "67x5x2>2x2x16 k65x3s2 | 2 | 3",
    })
    void sparseMatchesReference(String shape, int n, int objects) {
        SimdCase c = ConvCases.sparse(ConvShape.parse(shape), n, objects,
                Seeds.random("conv sparse " + shape + " n=" + n + " objects=" + objects));
        for (Comparison cmp : GradCheck.simd(c, GradCheck.unitTestTolerance(c))) {
            assertTrue(cmp.passed(), cmp.line());
        }
    }

    /**
     * The sparse paths leave out only {@code 0 * w} and {@code 0 * dy} terms of the dense kernels' FMA chains, so they
     * give the dense floats exactly ({@code +0 == -0}): a reordered chain or a skipped window row that is not 0 fails
     * here even where it stays inside the reference's tolerance.
     */
    @Tag("simd")
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "84x84x4>20x20x16 k8s4 | 4 | 5", "84x84x4>20x20x16 k8s4 | 1 | 1", "84x84x4>20x20x16 k8s4 | 20 | 10",
        "84x84x1>20x20x16 k8s4 | 3 | 4", "20x20x16>9x9x32 k4s2 | 5 | 3", "7x9x3>3x4x5 k3s2 | 3 | 2",
        "11x13x5>5x6x17 k3x2s2 | 2 | 3", "9x9x13>3x3x33 k4s2 | 3 | 2", "19x15x8>4x3x16 k8s3 | 5 | 2",
        "10x10x2>4x4x12 k4s2 | 3 | 2", "12x10x7>4x3x16 k5s2 | 6 | 2", "70x40x1>34x19x16 k4s2 | 2 | 4", "12x150x2>5x74x16 k4s2 | 2 | 6",
        "8x300x4>2x75x8 k4s4 | 2 | 5", "9x280x5>3x92x16 k3x6s3 | 1 | 4",
        "10x260x8>2x64x16 k5s4 | 2 | 4", "10x260x8>2x64x16 k5s4 | 1 | 2147483647", "67x5x2>2x2x16 k65x3s2 | 2 | 3",
    })
    void sparseGivesTheDenseFloats(String text, int n, int objects) {
        ConvShape s = ConvShape.parse(text);
        SplittableRandom rng = Seeds.random("conv sparse same " + text + " n=" + n);
        double[] x = ConvCases.frameLike(s, n, objects, rng);
        double[] w = TestMemory.uniform(rng, s.weightSize(), 1.0), b = TestMemory.uniform(rng, s.outC(), 1.0);
        double[] dy = TestMemory.uniform(rng, n * s.outSize(), 1.0);
        double[] dw0 = TestMemory.uniform(rng, s.weightSize(), 1.0), db0 = TestMemory.uniform(rng, s.outC(), 1.0);
        try (TestMemory m = new TestMemory()) {
            MemorySegment xs = m.of(x), ws = m.of(w), bs = m.of(b), dys = m.of(dy);
            MemorySegment y = m.zeros(n * s.outSize()), ySparse = m.zeros(n * s.outSize());
            MemorySegment dw = m.of(dw0), dwSparse = m.of(dw0), db = m.of(db0), dbSparse = m.of(db0);
            MemorySegment scratch = m.zeros(s.backwardParamsScratchFloats());
            int[] index = new int[s.sparseIndexInts()];
            Conv2d.forward(s, n, xs, ws, bs, y);
            Conv2d.forwardSparse(s, n, xs, ws, bs, ySparse, index);
            Conv2d.backwardParams(s, n, xs, dys, dw, db, scratch);
            Conv2d.backwardParamsSparse(s, n, xs, dys, dwSparse, dbSparse, scratch, index);
            assertEqualFloats("y", y, ySparse);
            assertEqualFloats("dw", dw, dwSparse);
            assertEqualFloats("db", db, dbSparse);
        }
    }

    private static void assertEqualFloats(String what, MemorySegment dense, MemorySegment sparse) {
        double[] a = TestMemory.toDouble(dense), b = TestMemory.toDouble(sparse);
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                throw new AssertionError(what + "[" + i + "]: dense " + a[i] + ", sparse " + b[i]);
            }
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
            int[] shortIndex = new int[s.sparseIndexInts() - 1];
            assertThrows(IllegalArgumentException.class, () -> Conv2d.forwardSparse(s, 2, x, w, b, y, shortIndex));
            assertThrows(IllegalArgumentException.class, () -> Conv2d.backwardParamsSparse(s, 2, x, y, w, b,
                    m.zeros(s.backwardParamsScratchFloats()), shortIndex));
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
